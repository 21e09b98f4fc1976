// app/gui/animation.cpp — see animation.h.
#include "gui/animation.h"

#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "gui/boundary.h"
#include "gui/field.h"
#include "nn/file_io.h"
#include "nn/message.h"
#include "nn/session.h"

namespace descent::gui {

namespace {

constexpr int kBaseSize = 256;  // the output view's texture size (boundary.h)

void put_pixel(std::vector<uint8_t>& rgba, int size, int x, int y, Rgb c) {
  if (x < 0 || y < 0 || x >= size || y >= size) return;
  uint8_t* px = &rgba[(size_t(y) * size + x) * 4];
  px[0] = uint8_t(std::clamp(c.r, 0.0f, 1.0f) * 255.0f + 0.5f);
  px[1] = uint8_t(std::clamp(c.g, 0.0f, 1.0f) * 255.0f + 0.5f);
  px[2] = uint8_t(std::clamp(c.b, 0.0f, 1.0f) * 255.0f + 0.5f);
  px[3] = 255;
}

// Training points as discs in their class colour with a white ring, as the output view shows them.
void draw_points(std::vector<uint8_t>& rgba, int size, const nn::Dataset& d, const ViewRect& v) {
  const int r = std::max(3, size / 64);
  const float range = d.task == nn::Task::regression ? regression_range(d) : 1.0f;
  for (const auto& p : d.points) {
    if (p.test || d.dims != 2) continue;
    const int cx = int((p.x1 - v.x0) / (v.x1 - v.x0) * size), cy = int((v.y1 - p.x2) / (v.y1 - v.y0) * size);
    const Rgb c = d.task == nn::Task::regression
                      ? diverging(float(p.y / range), kLightMid)
                      : kClassColors[std::clamp(int(std::lround(p.y)), 0, 15)];
    for (int dy = -r - 1; dy <= r + 1; ++dy)
      for (int dx = -r - 1; dx <= r + 1; ++dx) {
        const int q = dx * dx + dy * dy;
        if (q <= r * r) put_pixel(rgba, size, cx + dx, cy + dy, c);
        else if (q <= (r + 1) * (r + 1)) put_pixel(rgba, size, cx + dx, cy + dy, {1, 1, 1});
      }
  }
}

// One frame of the output view (RGBA8, row 0 at the top).
std::vector<uint8_t> render_frame(const nn::Session& s, int size, bool dark) {
  nn::Snapshot snap;
  snap.arch = s.network().arch();
  snap.params = s.network().params();
  snap.experiment = std::make_shared<const nn::Experiment>(s.experiment());
  snap.data = std::make_shared<const nn::Dataset>(s.data());
  const ViewRect view;
  const std::vector<Rgb> cols = cpu_colors(snap.arch, snap.params, snap.experiment->features, view, size, size,
                                           kOutputLayer, 0, color_spec(snap, NodeRef{}, false, dark));
  std::vector<uint8_t> rgba(size_t(size) * size * 4, 255);
  for (int j = 0; j < size; ++j)  // cpu_colors' row 0 is the bottom
    for (int i = 0; i < size; ++i) put_pixel(rgba, size, i, size - 1 - j, cols[size_t(j) * size + i]);
  draw_points(rgba, size, s.data(), view);
  return rgba;
}

std::string encode_png(const uint8_t* rgba, int w, int h) {
  std::string out;
  auto append = [](void* ctx, void* data, int n) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), size_t(n)); };
  if (!stbi_write_png_to_func(append, &out, w, h, 4, rgba, w * 4)) throw nn::Error("cannot encode the PNG");
  return out;
}

}  // namespace

std::string sequence_name(const std::string& path, int frame) {
  std::filesystem::path p(path);
  char num[16];
  std::snprintf(num, sizeof num, "-%04d", frame);
  return (p.parent_path() / (p.stem().string() + num + ".png")).string();
}

AnimationWriter::AnimationWriter(const AnimationSpec& spec, int width, int height)
    : spec_(spec), w_(width), h_(height) {
  if (!spec.png_sequence) gif_ = std::make_unique<GifEncoder>(w_, h_, gif_delay_cs(spec.fps));
}

void AnimationWriter::add(const uint8_t* rgba) {
  ++frames_;
  if (gif_) return gif_->add_frame(rgba);
  auto file = std::make_unique<nn::AtomicFile>(sequence_name(spec_.path, frames_));
  file->write(encode_png(rgba, w_, h_));
  file->prepare();
  pngs_.push_back(std::move(file));
}

// The sequence's files appear together: a rename that fails half-way takes back the ones
// already renamed (the rest are removed with their AtomicFile).
void AnimationWriter::finish() {
  if (gif_) return gif_->save(spec_.path);
  for (size_t i = 0; i < pngs_.size(); ++i) {
    try {
      pngs_[i]->commit();
    } catch (...) {
      std::error_code ec;
      for (size_t j = 0; j < i; ++j) std::filesystem::remove(sequence_name(spec_.path, int(j) + 1), ec);
      throw;
    }
  }
  pngs_.clear();
}

AnimationResult export_animation(const nn::Experiment& e, const AnimationSpec& spec, nn::Progress& p) {
  AnimationResult res;
  try {
    nn::Experiment run = e;
    run.training.epochs = int(std::max(spec.to, 0L));
    nn::Session s(run);
    const int size = kBaseSize * std::clamp(spec.scale, 1, 2);
    const long every = std::max(1L, spec.every), from = std::max(0L, spec.from), to = std::max(from, spec.to);
    AnimationWriter out(spec, size, size);
    for (long epoch = 0;; ) {
      if (p.cancelled()) return {res.frames, true, ""};
      if (epoch >= from && (epoch - from) % every == 0) {
        out.add(render_frame(s, size, spec.dark).data());
        ++res.frames;
      }
      if (epoch >= to || s.stopped()) break;
      s.run_epoch();
      epoch = s.epoch();
      p.set(0.95 * double(epoch) / double(std::max(to, 1L)));
    }
    out.finish();
    p.set(1.0);
  } catch (const std::exception& ex) {
    res.error = nn::one_line(ex.what());
  }
  return res;
}

}  // namespace descent::gui
