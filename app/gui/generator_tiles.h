// app/gui/generator_tiles.h — a picture of every data generator for the data panel: each
// generator's points, generated once (noise 0, a fixed seed), rasterized on the CPU into one
// texture (one quad per tile per frame instead of thousands of little squares). Owned by the
// app, like Thumbnails: made on first use, remade when the theme changes, destroyed with the
// other GL resources.
#pragma once

#include <imgui.h>

#include <vector>

#include "nn/data.h"

namespace descent::gui {

class GeneratorTiles {
 public:
  struct Tile {
    const nn::GeneratorRow* row;
    nn::Dataset data;
    double lo1, hi1, lo2, hi2;  // the picture's extent: x1, and x2 (or y for 1-D data)
    float range;                // regression_range of the data
    ImVec2 uv0, uv1;            // its picture in the texture
  };
  // Every generator's tile, in nn::generators() order (for the theme given).
  const std::vector<Tile>& tiles(bool dark);
  unsigned texture() const { return tex_; }
  void destroy();  // with the GL context current

 private:
  void make_texture(bool dark);
  std::vector<Tile> list_;
  unsigned tex_ = 0;
  bool dark_ = false;
};

}  // namespace descent::gui
