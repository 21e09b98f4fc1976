// app/gui/boundary.h — the output view's picture: the network evaluated per pixel by a
// fragment shader (shaders/boundary.frag.glsl) into a texture, re-rendered only when the
// weights, the view or the colouring change (llvmpipe is slow: docs/DESIGN.md §7).
//
// Also: how values become colours (ColorSpec / colorize), shared by the shader's uniforms,
// the CPU thumbnails and the PNG export, so every picture of the same thing looks the same.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "gui/theme.h"
#include "gui/ui.h"

namespace descent::gui {

// How to colour a field. kind 0: a signed scalar t = (y − offset)·scale on the diverging map;
// kind 1: class probabilities blended by class colour.
struct ColorSpec {
  int kind = 0;
  float offset = 0.0f, scale = 1.0f;
  bool discretize = false;
  float strength = 1.0f;
  Rgb mid = kLightMid;
};
// The colouring of the network output (node invalid) or of one node, for this snapshot.
ColorSpec color_spec(const nn::Snapshot& s, NodeRef node, bool discretize, bool dark);
// Colour of one point of the field: `v` holds the K outputs (kind 1) or the value (kind 0).
Rgb colorize(const ColorSpec& c, const float* v, int k);
// The field's colours computed on the CPU — the shader's twin, the one CPU colour loop: w × h
// colours, row 0 at the bottom, of the network's output (layer kOutputLayer), an input feature
// (kFeatureLayer, unit = index into `features`) or a hidden unit, coloured by `c`.
std::vector<Rgb> cpu_colors(const nn::Architecture& arch, const Eigen::VectorXf& params,
                            const std::vector<nn::Feature>& features, const ViewRect& view, int w,
                            int h, int layer, int unit, const ColorSpec& c);
// Largest |value| a feature takes over the [-6, 6]² data domain (to scale its colours).
float feature_range(nn::Feature f);
// Colour of a data point's label (class colour or regression value).
ImU32 label_color(const nn::Dataset& d, double y, float regression_range, float alpha = 1.0f);
float regression_range(const nn::Dataset& d);

class BoundaryRenderer {
 public:
  // Compiles the shaders and creates the GL objects. On failure, prints the shader's log with
  // its name to stderr, returns false, and the CPU path draws the view instead.
  bool init(std::string* error);
  void destroy();
  bool shader_ok() const { return programs_[0] != 0; }

  // The colour texture (size × size, row 0 at the bottom) for this snapshot and view;
  // re-rendered only when something it depends on changed. `moving`: training is running
  // (smaller, rate-limited renders); `now`: seconds, for the rate limit.
  unsigned texture(const nn::Snapshot& s, const ViewRect& view, NodeRef node, bool discretize,
                   bool dark, bool moving, double now);
  int size() const { return size_; }
  long renders() const { return renders_; }
  double last_render_ms() const { return last_ms_; }

  // Milliseconds per render of the output view for this snapshot (glFinish-timed), or −1.
  double bench(const nn::Snapshot& s, int reps);

  // Raw values of one unit (see cpu_field for layer/unit) rendered by the shader into a float
  // target and read back, row 0 at the bottom. Empty if the shader is not available.
  std::vector<float> read_raw(const nn::Architecture& arch, const Eigen::VectorXf& params,
                              const std::vector<nn::Feature>& features, const ViewRect& view,
                              int w, int h, int layer, int unit);
  // The colour picture at w × h (RGBA8, row 0 at the top), for PNG export.
  std::vector<uint8_t> read_color(const nn::Snapshot& s, const ViewRect& view, bool discretize,
                                  bool dark, int w, int h);

 private:
  void upload_params(const nn::Architecture& arch, const Eigen::VectorXf& params);
  void set_network_uniforms(const nn::Architecture& arch, const std::vector<nn::Feature>& f,
                            const ViewRect& view, int w, int h);
  void set_color_uniforms(const ColorSpec& c);
  void draw_into(unsigned fbo, int w, int h);
  void cpu_fallback(const nn::Snapshot& s, const ViewRect& view, NodeRef node, const ColorSpec& c);
  int loc(const char* name) const;
  // Pick (compiling on first use) the shader variant for this network's widest layer.
  bool select_program(const nn::Architecture& arch, int features);
  unsigned compile_variant(int groups, std::string* error);

  static constexpr int kVariants = 3;
  static constexpr int kVariantGroups[kVariants] = {2, 8, 64};  // widths 8, 32, 256
  unsigned programs_[kVariants] = {};
  bool variant_failed_[kVariants] = {};
  unsigned program_ = 0;  // the selected variant
  unsigned vao_ = 0;
  unsigned params_tex_ = 0;
  int params_rows_ = 0;
  std::vector<float> staging_;
  unsigned color_tex_ = 0, color_fbo_ = 0;
  unsigned raw_tex_ = 0, raw_fbo_ = 0;
  int raw_w_ = 0, raw_h_ = 0;
  int size_ = 256;
  long renders_ = 0;
  double last_render_ = -1e9;
  double last_ms_ = 0.0;

  // what the colour texture currently shows
  struct Key {
    uint64_t params_version = 0;
    const void* experiment = nullptr;
    const void* data = nullptr;
    ViewRect view;
    NodeRef node;
    bool discretize = false, dark = false;
    int size = 0;
    bool operator==(const Key&) const = default;
  };
  Key key_;
  bool has_key_ = false;
};

}  // namespace descent::gui
