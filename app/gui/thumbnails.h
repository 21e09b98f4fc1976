// app/gui/thumbnails.h — a small live picture of every node's output over the input plane,
// for the network canvas: one CPU forward pass over a 32 × 32 grid gives every neuron at once;
// the pictures go into one atlas texture. Refreshed when the weights change, at most ~20 times
// a second and less for wide networks (a refresh may take ~8 % of wall time), and skipped for
// networks too big to draw thumbnails for anyway.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

#include "gui/field.h"
#include "nn/trainer.h"

namespace descent::gui {

class Thumbnails {
 public:
  static constexpr int kCell = 32;    // pixels per thumbnail (and grid points per side)
  static constexpr int kAtlas = 1024; // atlas side: 32 × 32 cells

  void init();
  void destroy();
  // Refresh from the snapshot if its weights (or the theme) changed and enough time passed.
  void update(const nn::Snapshot& s, bool dark, double now);
  // The thumbnail of a node: layer kFeatureLayer = input feature (kFeatures index), l = weight
  // layer l (the last one is the output). False when there is none.
  bool uv(int layer, int unit, ImVec2* uv0, ImVec2* uv1) const;
  ImTextureID texture() const { return (ImTextureID)(intptr_t)tex_; }
  long refreshes() const { return refreshes_; }
  double last_ms() const { return last_ms_; }  // what the last refresh cost

 private:
  int cell_of(int layer, int unit) const;

  unsigned tex_ = 0;
  std::vector<uint8_t> pixels_;   // (kAtlas × rows_used) RGBA
  std::vector<int> layer_first_;  // first cell of each weight layer
  int cells_ = 0;
  uint64_t params_version_ = 0;
  const void* experiment_ = nullptr;
  bool dark_ = false;
  bool valid_ = false;
  double last_ = -1.0;
  long refreshes_ = 0;
  double last_ms_ = 0.0;
  Eigen::MatrixXf grid_all_;      // (7, 1024): every feature over the grid
  Eigen::MatrixXf grid_;          // (F, 1024): the enabled ones
  FieldEvaluator eval_;
};

}  // namespace descent::gui
