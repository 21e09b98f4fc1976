// app/gui/thumbnails.cpp — per-node thumbnails (see thumbnails.h).
#include "gui/thumbnails.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "gui/boundary.h"

namespace descent::gui {

namespace {
constexpr int kCellsPerRow = Thumbnails::kAtlas / Thumbnails::kCell;
constexpr int kMaxCells = kCellsPerRow * kCellsPerRow;
constexpr double kMinInterval = 0.05;        // s between refreshes while training
constexpr double kShare = 0.08;              // ... and at most this share of wall time
constexpr double kMaxInterval = 0.5;
constexpr double kMaxWork = 40e6;            // multiply-adds per refresh we accept

// Where a value is not finite (weights blown up by divergence): grey diagonal hatching, so a
// diverged node reads as "no picture" rather than as a (black, or saturated) field.
Rgb hatch(Eigen::Index k, bool dark) {
  const int i = int(k % Thumbnails::kCell), j = int(k / Thumbnails::kCell);
  const bool stripe = ((i + j) / 3) % 2 == 0;
  const float g = dark ? (stripe ? 0.42f : 0.26f) : (stripe ? 0.62f : 0.80f);
  return Rgb{g, g, g};
}

// Fill one cell of the atlas: color_at(k) for grid point k (row j = 0 at the bottom).
template <typename ColorAt>
void put_cell(std::vector<uint8_t>& pixels, int cell, ColorAt&& color_at) {
  constexpr int kCell = Thumbnails::kCell, kAtlas = Thumbnails::kAtlas;
  const int cx = (cell % kCellsPerRow) * kCell, cy = (cell / kCellsPerRow) * kCell;
  for (int r = 0; r < kCell; ++r) {
    const int j = kCell - 1 - r;  // the picture's top row is the plane's top (x2 = +6)
    uint8_t* px = &pixels[(size_t(cy + r) * kAtlas + cx) * 4];
    for (int i = 0; i < kCell; ++i, px += 4) {
      const Rgb c = color_at(Eigen::Index(i + j * kCell));
      px[0] = uint8_t(std::clamp(c.r, 0.0f, 1.0f) * 255.0f + 0.5f);
      px[1] = uint8_t(std::clamp(c.g, 0.0f, 1.0f) * 255.0f + 0.5f);
      px[2] = uint8_t(std::clamp(c.b, 0.0f, 1.0f) * 255.0f + 0.5f);
      px[3] = 255;
    }
  }
}

// Output unit u at grid point k: its value coloured as the output view does, or for classes
// its probability as the strength of its colour.
Rgb output_color(const FieldEvaluator& ev, const ColorSpec& spec, Rgb mid, bool dark, int u, Eigen::Index k) {
  if (!std::isfinite(ev.output(u, k))) return hatch(k, dark);
  if (spec.kind == 1) {
    const Rgb& cc = kClassColors[u & 15];
    const float p = std::clamp(ev.output(u, k), 0.0f, 1.0f);
    return Rgb{mid.r + (cc.r - mid.r) * p, mid.g + (cc.g - mid.g) * p, mid.b + (cc.b - mid.b) * p};
  }
  const float v = ev.output(u, k);
  return colorize(spec, &v, 1);
}

}  // namespace

void Thumbnails::init() {
  glGenTextures(1, &tex_);
  glBindTexture(GL_TEXTURE_2D, tex_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kAtlas, kAtlas, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);

  std::vector<nn::Feature> all;
  for (const auto& r : nn::kFeatures) all.push_back(r.id);
  grid_all_ = grid_inputs(all, ViewRect{}, kCell, kCell);
}

void Thumbnails::destroy() {
  if (tex_) glDeleteTextures(1, &tex_);
  tex_ = 0;
}

int Thumbnails::cell_of(int layer, int unit) const {
  if (layer == kFeatureLayer) return unit;
  if (layer < 0 || layer >= int(layer_first_.size())) return -1;
  return layer_first_[layer] + unit;
}

bool Thumbnails::uv(int layer, int unit, ImVec2* uv0, ImVec2* uv1) const {
  if (!valid_) return false;
  const int c = cell_of(layer, unit);
  if (c < 0 || c >= cells_) return false;
  const float inv = 1.0f / float(kAtlas);
  const float x = float((c % kCellsPerRow) * kCell), y = float((c / kCellsPerRow) * kCell);
  *uv0 = ImVec2((x + 0.5f) * inv, (y + 0.5f) * inv);
  *uv1 = ImVec2((x + kCell - 0.5f) * inv, (y + kCell - 0.5f) * inv);
  return true;
}

void Thumbnails::update(const nn::Snapshot& s, bool dark, double now) {
  if (!s.experiment || !tex_) return;
  const bool same_exp = experiment_ == s.experiment.get() && dark == dark_;
  if (valid_ && same_exp && params_version_ == s.params_version) return;
  if (valid_ && same_exp && now - last_ < std::clamp(last_ms_ / 1000.0 / kShare, kMinInterval, kMaxInterval))
    return;
  const auto t0 = std::chrono::steady_clock::now();

  const nn::Architecture& a = s.arch;
  const int L = a.layers();
  int cells = int(nn::kFeatures.size());
  layer_first_.assign(L, 0);
  for (int l = 0; l < L; ++l) {
    layer_first_[l] = cells;
    cells += a.fan_out(l);
  }
  const double work = double(a.parameter_count()) * kCell * kCell;
  params_version_ = s.params_version;
  experiment_ = s.experiment.get();
  dark_ = dark;
  last_ = now;
  if (cells > kMaxCells || work > kMaxWork || s.params.size() != a.parameter_count() ||
      int(s.experiment->features.size()) != a.inputs) {
    valid_ = false;
    return;
  }
  cells_ = cells;

  // Inputs: the enabled features' rows of the all-features grid.
  const auto& feats = s.experiment->features;
  grid_.resize(Eigen::Index(feats.size()), grid_all_.cols());
  for (size_t i = 0; i < feats.size(); ++i) grid_.row(Eigen::Index(i)) = grid_all_.row(int(feats[i]));
  eval_.set(a, s.params);
  eval_.forward(grid_);

  const int rows_used = (cells + kCellsPerRow - 1) / kCellsPerRow;
  pixels_.resize(size_t(kAtlas) * rows_used * kCell * 4);
  const Rgb mid = dark ? kDarkMid : kLightMid;
  const ColorSpec out_spec = color_spec(s, NodeRef{}, false, dark);

  for (int f = 0; f < int(nn::kFeatures.size()); ++f) {
    const float inv = 1.0f / feature_range(nn::kFeatures[f].id);
    put_cell(pixels_, f, [&](Eigen::Index k) { return diverging(grid_all_(f, k) * inv, mid); });
  }
  for (int l = 0; l < L - 1; ++l)
    for (int u = 0; u < a.fan_out(l); ++u)
      put_cell(pixels_, layer_first_[l] + u, [&](Eigen::Index k) {
        const float v = eval_.value(l, u, k);
        return std::isfinite(v) ? diverging(v, mid) : hatch(k, dark);
      });
  for (int u = 0; u < a.outputs; ++u)
    put_cell(pixels_, layer_first_[L - 1] + u,
             [&](Eigen::Index k) { return output_color(eval_, out_spec, mid, dark, u, k); });

  glBindTexture(GL_TEXTURE_2D, tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kAtlas, rows_used * kCell, GL_RGBA, GL_UNSIGNED_BYTE,
                  pixels_.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  valid_ = true;
  ++refreshes_;
  last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace descent::gui
