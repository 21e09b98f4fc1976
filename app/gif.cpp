// app/gif.cpp — see gif.h.
#include "app/gif.h"

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstring>
#include <numeric>

#include "nn/common.h"
#include "nn/file_io.h"

namespace descent {

namespace {

int append_bytes(GifFileType* g, const GifByteType* data, int n) {
  auto* out = static_cast<std::vector<uint8_t>*>(g->UserData);
  out->insert(out->end(), data, data + n);
  return n;
}

GifFileType* file(void* p) { return static_cast<GifFileType*>(p); }

[[noreturn]] void gif_error(int code, const char* what) {
  const char* msg = GifErrorString(code);
  throw nn::Error(std::string("GIF encoder: ") + what + ": " + (msg ? msg : "unknown error"));
}

int bin_of(const uint8_t* px) { return (px[0] >> 3) << 10 | (px[1] >> 3) << 5 | (px[2] >> 3); }

// The frame's palette (most frequent 5-bit colours, each the mean of its pixels) and, per bin
// used, the index of its nearest palette colour.
struct Quantized {
  std::vector<GifColorType> colors;
  std::vector<int> index_of_bin;
};

Quantized quantize(const uint8_t* rgba, size_t n) {
  std::vector<long> count(32768, 0);
  std::vector<std::array<long, 3>> sum(32768, {0, 0, 0});
  for (size_t k = 0; k < n; ++k) {
    const uint8_t* px = rgba + 4 * k;
    const int b = bin_of(px);
    ++count[b];
    for (int c = 0; c < 3; ++c) sum[b][c] += px[c];
  }
  std::vector<int> bins(32768);
  std::iota(bins.begin(), bins.end(), 0);
  bins.erase(std::remove_if(bins.begin(), bins.end(), [&](int b) { return count[b] == 0; }), bins.end());
  std::stable_sort(bins.begin(), bins.end(), [&](int a, int b) { return count[a] > count[b]; });
  Quantized q;
  for (size_t i = 0; i < std::min<size_t>(bins.size(), 256); ++i) {
    const int b = bins[i];
    q.colors.push_back({uint8_t(sum[b][0] / count[b]), uint8_t(sum[b][1] / count[b]), uint8_t(sum[b][2] / count[b])});
  }
  while (q.colors.size() < 2 || (q.colors.size() & (q.colors.size() - 1))) q.colors.push_back({0, 0, 0});
  q.index_of_bin.assign(32768, -1);
  for (int b : bins) {
    const int r = (b >> 10 & 31) * 8 + 4, g = (b >> 5 & 31) * 8 + 4, bl = (b & 31) * 8 + 4;
    long best = LONG_MAX;
    for (size_t i = 0; i < q.colors.size(); ++i) {
      const long dr = r - q.colors[i].Red, dg = g - q.colors[i].Green, db = bl - q.colors[i].Blue;
      const long d = dr * dr + dg * dg + db * db;
      if (d < best) best = d, q.index_of_bin[b] = int(i);
    }
  }
  return q;
}

}  // namespace

int gif_delay_cs(double fps) { return std::clamp(int(std::lround(100.0 / std::clamp(fps, 1.0, 50.0))), 2, 100); }

GifEncoder::GifEncoder(int width, int height, int delay_cs) : w_(width), h_(height), delay_cs_(delay_cs) {
  int err = 0;
  gif_ = EGifOpen(&bytes_, append_bytes, &err);
  if (!gif_) gif_error(err, "cannot start");
  EGifSetGifVersion(file(gif_), true);  // GIF89a: frame delays and looping
  if (EGifPutScreenDesc(file(gif_), w_, h_, 8, 0, nullptr) == GIF_ERROR) gif_error(file(gif_)->Error, "screen");
  // NETSCAPE2.0 application extension: loop forever.
  const unsigned char app[] = "NETSCAPE2.0";
  const unsigned char loop[] = {1, 0, 0};
  if (EGifPutExtensionLeader(file(gif_), APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
      EGifPutExtensionBlock(file(gif_), 11, app) == GIF_ERROR ||
      EGifPutExtensionBlock(file(gif_), 3, loop) == GIF_ERROR || EGifPutExtensionTrailer(file(gif_)) == GIF_ERROR)
    gif_error(file(gif_)->Error, "loop extension");
}

GifEncoder::~GifEncoder() {
  if (gif_) EGifCloseFile(file(gif_), nullptr);
}

void GifEncoder::add_frame(const uint8_t* rgba) {
  const size_t n = size_t(w_) * h_;
  Quantized q = quantize(rgba, n);
  ColorMapObject* map = GifMakeMapObject(int(q.colors.size()), q.colors.data());
  if (!map) throw nn::Error("GIF encoder: out of memory");
  GraphicsControlBlock gcb{};
  gcb.DelayTime = delay_cs_;
  gcb.TransparentColor = NO_TRANSPARENT_COLOR;
  GifByteType ext[4];
  const size_t len = EGifGCBToExtension(&gcb, ext);
  bool ok = EGifPutExtension(file(gif_), GRAPHICS_EXT_FUNC_CODE, int(len), ext) != GIF_ERROR &&
            EGifPutImageDesc(file(gif_), 0, 0, w_, h_, false, map) != GIF_ERROR;
  GifFreeMapObject(map);
  std::vector<GifPixelType> line(static_cast<size_t>(w_));
  for (int y = 0; ok && y < h_; ++y) {
    for (int x = 0; x < w_; ++x) line[size_t(x)] = GifPixelType(q.index_of_bin[bin_of(rgba + 4 * (size_t(y) * w_ + x))]);
    ok = EGifPutLine(file(gif_), line.data(), w_) != GIF_ERROR;
  }
  if (!ok) gif_error(file(gif_)->Error, "frame");
  ++frames_;
}

void GifEncoder::save(const std::string& path) {
  int err = 0;
  const int rc = EGifCloseFile(file(gif_), &err);
  gif_ = nullptr;
  if (rc == GIF_ERROR) gif_error(err, "finish");
  nn::write_file(path, std::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size()));
}

}  // namespace descent
