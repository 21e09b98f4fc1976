// app/gui/generator_tiles.cpp — the data panel's generator pictures (see generator_tiles.h).
#include "gui/generator_tiles.h"

#include <epoxy/gl.h>

#include <algorithm>

#include "gui/boundary.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

constexpr int kTilePx = 64;

}  // namespace

const std::vector<GeneratorTiles::Tile>& GeneratorTiles::tiles(bool dark) {
  if (!list_.empty()) {
    if (dark_ != dark) make_texture(dark);
    return list_;
  }
  for (const auto& row : nn::generators()) {
    Tile t{&row, row.generate(180, 0.0, 7, 3), -6, 6, -6, 6, 1.0f, ImVec2(0, 0), ImVec2(1, 1)};
    if (t.data.dims == 1) {  // (x, y) scatter: fit both axes to the points
      t.lo1 = t.lo2 = 1e300;
      t.hi1 = t.hi2 = -1e300;
      for (const auto& p : t.data.points) {
        t.lo1 = std::min(t.lo1, p.x1);
        t.hi1 = std::max(t.hi1, p.x1);
        t.lo2 = std::min(t.lo2, p.y);
        t.hi2 = std::max(t.hi2, p.y);
      }
      const double pad2 = (t.hi2 - t.lo2) * 0.1 + 1e-9, pad1 = (t.hi1 - t.lo1) * 0.05 + 1e-9;
      t.lo1 -= pad1;
      t.hi1 += pad1;
      t.lo2 -= pad2;
      t.hi2 += pad2;
    }
    t.range = regression_range(t.data);
    list_.push_back(std::move(t));
  }
  make_texture(dark);
  return list_;
}

void GeneratorTiles::make_texture(bool dark) {
  const int n = int(list_.size());
  const int W = kTilePx * std::max(1, n);
  std::vector<uint8_t> px(size_t(W) * kTilePx * 4);
  const Rgb mid = dark ? kDarkMid : kLightMid;
  for (int i = 0; i < n; ++i) {
    Tile& t = list_[i];
    const int x0 = i * kTilePx;
    for (int y = 0; y < kTilePx; ++y)
      for (int x = 0; x < kTilePx; ++x) {
        uint8_t* p = &px[(size_t(y) * W + x0 + x) * 4];
        p[0] = uint8_t(mid.r * 255);
        p[1] = uint8_t(mid.g * 255);
        p[2] = uint8_t(mid.b * 255);
        p[3] = 255;
      }
    for (const auto& p : t.data.points) {
      const double yv = t.data.dims == 1 ? p.y : p.x2;
      const int cx = int(3 + (p.x1 - t.lo1) / (t.hi1 - t.lo1) * (kTilePx - 6));
      const int cy = int(kTilePx - 3 - (yv - t.lo2) / (t.hi2 - t.lo2) * (kTilePx - 6));
      const ImU32 col = t.data.dims == 1 ? (dark ? IM_COL32(230, 230, 230, 255) : IM_COL32(40, 44, 48, 255))
                                         : label_color(t.data, p.y, t.range);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int x = std::clamp(cx + dx, 0, kTilePx - 1), y = std::clamp(cy + dy, 0, kTilePx - 1);
          uint8_t* q = &px[(size_t(y) * W + x0 + x) * 4];
          q[0] = col & 255;
          q[1] = (col >> 8) & 255;
          q[2] = (col >> 16) & 255;
        }
    }
    t.uv0 = ImVec2(float(x0) / float(W), 0.0f);
    t.uv1 = ImVec2(float(x0 + kTilePx) / float(W), 1.0f);
  }
  if (!tex_) glGenTextures(1, &tex_);
  glBindTexture(GL_TEXTURE_2D, tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, W, kTilePx, 0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);
  dark_ = dark;
}

void GeneratorTiles::destroy() {
  if (tex_) glDeleteTextures(1, &tex_);
  tex_ = 0;
  list_.clear();
}

}  // namespace descent::gui
