// app/gui/boundary.cpp — the shader-drawn output view (see boundary.h).
//
// [SECTION] colour maps shared with the CPU
// [SECTION] GL set-up
// [SECTION] rendering
#include "gui/boundary.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "gui/field.h"
#include "gui/formatted.h"
#include "gui/strings.h"

namespace descent::shaders {
extern const char* const fullscreen_vert;
extern const char* const boundary_frag;
}  // namespace descent::shaders

namespace descent::gui {

// =============================================================================================
// [SECTION] colour maps shared with the CPU
// =============================================================================================

float feature_range(nn::Feature f) {
  switch (f) {
    case nn::Feature::x1:
    case nn::Feature::x2: return 6.0f;
    case nn::Feature::x1_sq:
    case nn::Feature::x2_sq:
    case nn::Feature::x1_x2: return 36.0f;
    case nn::Feature::sin_x1:
    case nn::Feature::sin_x2: return 1.0f;
  }
  return 1.0f;
}

float regression_range(const nn::Dataset& d) {
  double r = 0.0;
  for (const auto& p : d.points) r = std::max(r, std::fabs(p.y));
  return r > 1e-9 ? float(r) : 1.0f;
}

ImU32 label_color(const nn::Dataset& d, double y, float range, float alpha) {
  if (d.task == nn::Task::regression) return to_u32(diverging(float(y / range), palette().mid), alpha);
  return class_color(std::clamp(int(std::lround(y)), 0, 15), alpha);
}

constexpr double kFetchBudgetMoving = 0.5e6;  // texel fetches per render while training
constexpr double kFetchBudgetStill = 8e6;     // ... when the weights stand still
constexpr int kMinSize = 64, kMaxSizeMoving = 128, kMaxSize = 256;
constexpr double kMaxRate = 60.0;             // renders per second caused by training: every frame
                                              // where a render is cheap (a GPU), fewer on llvmpipe
// ... and no more than this share of wall time (measured: a 24-24 network's render costs
// ~15 ms here, a 4-2's ~1 ms), so wide networks do not take the frame rate down with them.
constexpr double kMovingShare = 0.12;
constexpr double kMaxInterval = 0.5;          // but at least two renders a second

// How far the output view's colours go from the neutral middle (1 = full class colours).
constexpr float kOutputStrength = 0.72f;

static void out_act_map(nn::OutAct a, ColorSpec& c) {
  switch (a) {
    case nn::OutAct::sigmoid:
    case nn::OutAct::softmax: c.offset = 0.5f; c.scale = 2.0f; break;
    case nn::OutAct::tanh:
    case nn::OutAct::linear: c.offset = 0.0f; c.scale = 1.0f; break;
  }
}

ColorSpec color_spec(const nn::Snapshot& s, NodeRef node, bool discretize, bool dark) {
  ColorSpec c;
  c.mid = dark ? kDarkMid : kLightMid;
  c.strength = 1.0f;
  const int L = s.arch.layers();
  if (node.layer == kFeatureLayer) {
    c.scale = 1.0f / feature_range(nn::kFeatures[node.unit].id);
    return c;
  }
  if (node.layer >= 0 && node.layer < L - 1) return c;  // hidden unit: its value, clamped to ±1
  if (node.layer == L - 1 && s.arch.outputs > 1) {       // one output unit of several
    out_act_map(s.arch.output, c);
    return c;
  }
  c.discretize = discretize;
  c.strength = kOutputStrength;  // the whole plane: lighter, so the points stand out on it
  if (s.data && s.data->task == nn::Task::regression) {
    c.scale = 1.0f / regression_range(*s.data);
    return c;
  }
  if (s.arch.outputs > 1) {
    c.kind = 1;
    return c;
  }
  out_act_map(s.arch.output, c);
  return c;
}

Rgb colorize(const ColorSpec& c, const float* v, int k) {
  if (c.kind == 1) {
    int best = 0;
    float total = 0.0f;
    Rgb blend{0, 0, 0};
    for (int i = 0; i < k; ++i) {
      const float p = std::max(v[i], 0.0f);
      const Rgb& cc = kClassColors[i & 15];
      blend.r += p * cc.r;
      blend.g += p * cc.g;
      blend.b += p * cc.b;
      total += p;
      if (v[i] > v[best]) best = i;
    }
    auto mix = [](const Rgb& a, const Rgb& b, float t) {
      return Rgb{a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
    };
    if (c.discretize) return mix(c.mid, kClassColors[best & 15], c.strength);
    total = std::max(total, 1e-6f);
    blend = {blend.r / total, blend.g / total, blend.b / total};
    const float kk = float(std::max(k, 2));
    const float conf = std::clamp((v[best] / total - 1.0f / kk) / (1.0f - 1.0f / kk), 0.0f, 1.0f);
    return mix(c.mid, blend, conf * c.strength);
  }
  float t = std::clamp((v[0] - c.offset) * c.scale, -1.0f, 1.0f);
  if (c.discretize) t = t >= 0.0f ? 1.0f : -1.0f;
  return diverging(t, c.mid, c.strength);
}

// =============================================================================================
// [SECTION] GL set-up
// =============================================================================================

static unsigned compile(GLenum type, const char* src, const char* name, std::string* error) {
  const GLuint sh = glCreateShader(type);
  glShaderSource(sh, 1, &src, nullptr);
  glCompileShader(sh);
  GLint ok = 0;
  glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetShaderInfoLog(sh, sizeof log, nullptr, log);
    std::fprintf(stderr, "descent: shader %s failed to compile:\n%s\n", name, log);
    if (error) *error = formatted(tr("boundary.compile_failed"), name);  // shown in the window
    glDeleteShader(sh);
    return 0;
  }
  return sh;
}

static void make_target(unsigned* tex, unsigned* fbo, GLint internal, GLenum format, GLenum type,
                        int w, int h, GLint filter) {
  if (!*tex) glGenTextures(1, tex);
  glBindTexture(GL_TEXTURE_2D, *tex);
  glTexImage2D(GL_TEXTURE_2D, 0, internal, w, h, 0, format, type, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (!*fbo) glGenFramebuffers(1, fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, *fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, *tex, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

unsigned BoundaryRenderer::compile_variant(int groups, std::string* error) {
  // The variant's MAX_GROUPS goes right after the #version line.
  std::string src = shaders::boundary_frag;
  // The activations come from their table (nn/activation.h), not from a copy in the shader.
  const std::string marker = "//@ACTIVATIONS@";
  const size_t at = src.find(marker);
  if (at != std::string::npos) src.replace(at, marker.size(), nn::glsl_activation_functions());
  const size_t eol = src.find('\n');
  src.insert(eol == std::string::npos ? 0 : eol + 1, "#define MAX_GROUPS " + std::to_string(groups) + "\n");
  const unsigned vs = compile(GL_VERTEX_SHADER, shaders::fullscreen_vert, "fullscreen.vert.glsl", error);
  const unsigned fs = compile(GL_FRAGMENT_SHADER, src.c_str(), "boundary.frag.glsl", error);
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    return 0;
  }
  const GLuint prog = glCreateProgram();
  glAttachShader(prog, vs);
  glAttachShader(prog, fs);
  glLinkProgram(prog);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(prog, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetProgramInfoLog(prog, sizeof log, nullptr, log);
    std::fprintf(stderr, "descent: shader program boundary (fullscreen.vert + boundary.frag) failed to link:\n%s\n", log);
    if (error) *error = tr("boundary.link_failed");
    glDeleteProgram(prog);
    return 0;
  }
  return prog;
}

bool BoundaryRenderer::init(std::string* error) {
  // The colour target exists whether or not the shader compiles (the CPU path fills it).
  make_target(&color_tex_, &color_fbo_, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, size_, size_,
              GL_LINEAR);
  glGenTextures(1, &params_tex_);
  glGenVertexArrays(1, &vao_);
  programs_[0] = compile_variant(kVariantGroups[0], error);
  variant_failed_[0] = programs_[0] == 0;
  program_ = programs_[0];
  return program_ != 0;
}

bool BoundaryRenderer::select_program(const nn::Architecture& a, int features) {
  int widest = std::max(features, 1);
  for (int l = 0; l < a.layers(); ++l) widest = std::max(widest, a.fan_out(l));
  const int groups = (widest + 3) / 4;
  for (int v = 0; v < kVariants; ++v) {
    if (groups > kVariantGroups[v]) continue;
    if (!programs_[v] && !variant_failed_[v]) {
      programs_[v] = compile_variant(kVariantGroups[v], nullptr);
      variant_failed_[v] = programs_[v] == 0;
    }
    if (programs_[v]) {
      program_ = programs_[v];
      return true;
    }
  }
  program_ = 0;
  return false;
}

void BoundaryRenderer::destroy() {
  for (unsigned p : programs_)
    if (p) glDeleteProgram(p);
  if (vao_) glDeleteVertexArrays(1, &vao_);
  unsigned texs[] = {params_tex_, color_tex_, raw_tex_};
  for (unsigned t : texs)
    if (t) glDeleteTextures(1, &t);
  unsigned fbos[] = {color_fbo_, raw_fbo_};
  for (unsigned f : fbos)
    if (f) glDeleteFramebuffers(1, &f);
  *this = BoundaryRenderer();
}

int BoundaryRenderer::loc(const char* name) const { return glGetUniformLocation(program_, name); }

// =============================================================================================
// [SECTION] rendering
// =============================================================================================

// The shader's parameter layout (see boundary.frag.glsl): per layer, W as vec4s of four
// consecutive rows of one column, then b as vec4s; offsets in texels.
struct Packed {
  std::vector<int> w_off, b_off;
  int texels = 0;
  explicit Packed(const nn::Architecture& a) {
    for (int l = 0; l < a.layers(); ++l) {
      const int G = (a.fan_out(l) + 3) / 4;
      w_off.push_back(texels);
      texels += a.fan_in(l) * G;
      b_off.push_back(texels);
      texels += G;
    }
  }
};

void BoundaryRenderer::upload_params(const nn::Architecture& arch, const Eigen::VectorXf& params) {
  const Packed pk(arch);
  const int rows = std::max(1, (pk.texels + 1023) / 1024);
  staging_.assign(size_t(rows) * 1024 * 4, 0.0f);
  for (int l = 0; l < arch.layers(); ++l) {
    const int out = arch.fan_out(l), in = arch.fan_in(l), G = (out + 3) / 4;
    for (int c = 0; c < in; ++c)
      for (int r = 0; r < out; ++r)
        staging_[size_t(pk.w_off[l] + c * G + r / 4) * 4 + r % 4] = params(arch.w_index(l, r, c));
    for (int r = 0; r < out; ++r) staging_[size_t(pk.b_off[l] + r / 4) * 4 + r % 4] = params(arch.b_index(l, r));
  }
  glBindTexture(GL_TEXTURE_2D, params_tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (rows != params_rows_) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, 1024, rows, 0, GL_RGBA, GL_FLOAT, staging_.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    params_rows_ = rows;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 1024, rows, GL_RGBA, GL_FLOAT, staging_.data());
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

// Texture fetches per pixel for this network (what a render costs on llvmpipe).
static int fetches_per_pixel(const nn::Architecture& a) { return Packed(a).texels; }

void BoundaryRenderer::set_network_uniforms(const nn::Architecture& arch,
                                            const std::vector<nn::Feature>& features,
                                            const ViewRect& v, int w, int h) {
  const Packed pk(arch);
  const int L = arch.layers();
  int fin[17] = {}, fout[17] = {}, act[17] = {};
  for (int l = 0; l < L && l < 17; ++l) {
    fin[l] = arch.fan_in(l);
    fout[l] = arch.fan_out(l);
    act[l] = l < L - 1 ? int(arch.activations[l]) : 0;
  }
  int feat[7] = {};
  const int nf = std::min<int>(7, int(features.size()));
  for (int i = 0; i < nf; ++i) feat[i] = int(features[i]);
  glUniform1i(loc("u_params"), 0);
  glUniform1i(loc("u_layers"), L);
  glUniform1iv(loc("u_fan_in"), L, fin);
  glUniform1iv(loc("u_fan_out"), L, fout);
  glUniform1iv(loc("u_w_off"), L, pk.w_off.data());
  glUniform1iv(loc("u_b_off"), L, pk.b_off.data());
  glUniform1iv(loc("u_act"), L, act);
  glUniform1i(loc("u_out_act"), int(arch.output));
  glUniform1i(loc("u_nfeat"), nf);
  glUniform1iv(loc("u_feat"), 7, feat);
  glUniform4f(loc("u_domain"), float(v.x0), float(v.y0), float(v.x1), float(v.y1));
  glUniform2f(loc("u_size"), float(w), float(h));
}

void BoundaryRenderer::set_color_uniforms(const ColorSpec& c) {
  glUniform1i(loc("u_kind"), c.kind);
  glUniform1f(loc("u_offset"), c.offset);
  glUniform1f(loc("u_scale"), c.scale);
  glUniform1i(loc("u_discretize"), c.discretize ? 1 : 0);
  glUniform1f(loc("u_strength"), c.strength);
  glUniform3f(loc("u_mid"), c.mid.r, c.mid.g, c.mid.b);
  glUniform3f(loc("u_pos"), kOrange.r, kOrange.g, kOrange.b);
  glUniform3f(loc("u_neg"), kBlue.r, kBlue.g, kBlue.b);
  glUniform3fv(loc("u_class"), 16, &kClassColors[0].r);
}

void BoundaryRenderer::draw_into(unsigned fbo, int w, int h) {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glViewport(0, 0, w, h);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, params_tex_);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

// Node -> the shader's (layer, unit): features by their index among the enabled ones.
static bool shader_unit(const nn::Snapshot& s, NodeRef node, int* layer, int* unit) {
  *layer = kOutputLayer;
  *unit = 0;
  if (!node.valid()) return true;
  if (node.layer == kFeatureLayer) {
    const auto& f = s.experiment->features;
    auto it = std::find(f.begin(), f.end(), nn::kFeatures[node.unit].id);
    if (it == f.end()) return false;
    *layer = kFeatureLayer;
    *unit = int(it - f.begin());
    return true;
  }
  if (node.layer >= s.arch.layers() || node.unit >= s.arch.fan_out(node.layer)) return false;
  *layer = node.layer;
  *unit = node.unit;
  return true;
}

unsigned BoundaryRenderer::texture(const nn::Snapshot& s, const ViewRect& view, NodeRef node,
                                   bool discretize, bool dark, bool moving, double now) {
  int layer = kOutputLayer, unit = 0;
  if (!shader_unit(s, node, &layer, &unit)) node = NodeRef{};
  // Resolution: while training, a few million texel fetches per render at most (Playground
  // itself draws its output at 100²; the texture is filtered); at rest, the full 256².
  const double budget = moving ? kFetchBudgetMoving : kFetchBudgetStill;
  const int want = std::clamp(int(std::sqrt(budget / double(std::max(1, fetches_per_pixel(s.arch))))) / 16 * 16,
                              kMinSize, moving ? kMaxSizeMoving : kMaxSize);
  const Key key{s.params_version, s.experiment.get(), s.data.get(), view, node, discretize, dark, want};
  if (has_key_ && key == key_) return color_tex_;
  const bool params_changed = !has_key_ || key.params_version != key_.params_version ||
                              key.experiment != key_.experiment;
  // Only the weights moved: at most kMaxRate renders a second, fewer when a render is costly
  // (the UI keeps its frame rate).
  Key same = key;
  same.params_version = key_.params_version;
  const double interval = std::clamp(last_ms_ / 1000.0 / kMovingShare, 1.0 / kMaxRate, kMaxInterval);
  if (moving && has_key_ && same == key_ && now - last_render_ < interval) return color_tex_;
  const auto t0 = std::chrono::steady_clock::now();
  key_ = key;
  has_key_ = true;
  last_render_ = now;
  ++renders_;

  if (want != size_) {
    size_ = want;
    make_target(&color_tex_, &color_fbo_, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, size_, size_, GL_LINEAR);
  }
  const ColorSpec c = color_spec(s, node, discretize, dark);
  if (!select_program(s.arch, int(s.experiment->features.size())) || s.params.size() != s.arch.parameter_count()) {
    cpu_fallback(s, view, node, c);
    return color_tex_;
  }
  shader_unit(s, node, &layer, &unit);
  if (params_changed) upload_params(s.arch, s.params);
  glUseProgram(program_);
  set_network_uniforms(s.arch, s.experiment->features, view, size_, size_);
  set_color_uniforms(c);
  glUniform1i(loc("u_mode"), 1);
  glUniform1i(loc("u_show_layer"), layer);
  glUniform1i(loc("u_show_unit"), unit);
  draw_into(color_fbo_, size_, size_);
  glUseProgram(0);
  glFinish();  // timed to completion: the rate limit above follows the real cost
  last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return color_tex_;
}

std::vector<Rgb> cpu_colors(const nn::Architecture& arch, const Eigen::VectorXf& params,
                            const std::vector<nn::Feature>& features, const ViewRect& view, int w,
                            int h, int layer, int unit, const ColorSpec& c) {
  const Eigen::MatrixXf X = grid_inputs(features, view, w, h);
  FieldEvaluator ev;
  ev.set(arch, params);
  ev.forward(X);
  const int K = arch.outputs;
  std::vector<float> v(size_t(std::max(K, 1)));
  std::vector<Rgb> out(size_t(X.cols()));
  for (Eigen::Index k = 0; k < X.cols(); ++k) {
    int n = 1;
    if (layer == kFeatureLayer) v[0] = X(unit, k);
    else if (c.kind == 1) {
      for (int o = 0; o < K; ++o) v[o] = ev.output(o, k);
      n = K;
    } else v[0] = ev.value(layer, unit, k);
    out[size_t(k)] = colorize(c, v.data(), n);
  }
  return out;
}

// RGB of a colour into an RGBA8 pixel (alpha left alone).
static void to_rgb8(const Rgb& col, uint8_t* px) {
  px[0] = uint8_t(std::clamp(col.r, 0.0f, 1.0f) * 255.0f + 0.5f);
  px[1] = uint8_t(std::clamp(col.g, 0.0f, 1.0f) * 255.0f + 0.5f);
  px[2] = uint8_t(std::clamp(col.b, 0.0f, 1.0f) * 255.0f + 0.5f);
}

void BoundaryRenderer::cpu_fallback(const nn::Snapshot& s, const ViewRect& view, NodeRef node,
                                    const ColorSpec& c) {
  std::vector<uint8_t> rgba(size_t(size_) * size_ * 4, 255);
  if (s.params.size() == s.arch.parameter_count()) {
    int layer = kOutputLayer, unit = 0;
    shader_unit(s, node, &layer, &unit);
    const std::vector<Rgb> cols =
        cpu_colors(s.arch, s.params, s.experiment->features, view, size_, size_, layer, unit, c);
    for (size_t k = 0; k < cols.size(); ++k) to_rgb8(cols[k], &rgba[k * 4]);
  }
  glBindTexture(GL_TEXTURE_2D, color_tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, size_, size_, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glBindTexture(GL_TEXTURE_2D, 0);
}

double BoundaryRenderer::bench(const nn::Snapshot& s, int reps) {
  if (!select_program(s.arch, int(s.experiment->features.size())) || s.params.size() != s.arch.parameter_count()) return -1.0;
  texture(s, ViewRect{}, NodeRef{}, false, false, false, 1e9);  // sizes the target, uploads the weights
  const ColorSpec c = color_spec(s, NodeRef{}, false, false);
  glUseProgram(program_);
  set_network_uniforms(s.arch, s.experiment->features, ViewRect{}, size_, size_);
  set_color_uniforms(c);
  glUniform1i(loc("u_mode"), 1);
  glUniform1i(loc("u_show_layer"), kOutputLayer);
  glUniform1i(loc("u_show_unit"), 0);
  glFinish();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < reps; ++i) draw_into(color_fbo_, size_, size_);
  glFinish();
  const auto t1 = std::chrono::steady_clock::now();
  glUseProgram(0);
  return std::chrono::duration<double, std::milli>(t1 - t0).count() / std::max(1, reps);
}

std::vector<float> BoundaryRenderer::read_raw(const nn::Architecture& arch,
                                              const Eigen::VectorXf& params,
                                              const std::vector<nn::Feature>& features,
                                              const ViewRect& view, int w, int h, int layer,
                                              int unit) {
  if (!select_program(arch, int(features.size())) || params.size() != arch.parameter_count()) return {};
  if (w != raw_w_ || h != raw_h_) {
    make_target(&raw_tex_, &raw_fbo_, GL_R32F, GL_RED, GL_FLOAT, w, h, GL_NEAREST);
    raw_w_ = w;
    raw_h_ = h;
  }
  upload_params(arch, params);
  has_key_ = false;  // the params texture no longer holds the snapshot's weights
  glUseProgram(program_);
  set_network_uniforms(arch, features, view, w, h);
  set_color_uniforms(ColorSpec{});
  glUniform1i(loc("u_mode"), 0);
  glUniform1i(loc("u_show_layer"), layer);
  glUniform1i(loc("u_show_unit"), unit);
  draw_into(raw_fbo_, w, h);
  glUseProgram(0);
  std::vector<float> out(size_t(w) * h);
  glBindFramebuffer(GL_FRAMEBUFFER, raw_fbo_);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(0, 0, w, h, GL_RED, GL_FLOAT, out.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return out;
}

std::vector<uint8_t> BoundaryRenderer::read_color(const nn::Snapshot& s, const ViewRect& view,
                                                  bool discretize, bool dark, int w, int h) {
  std::vector<uint8_t> rgba(size_t(w) * h * 4, 255);
  const ColorSpec c = color_spec(s, NodeRef{}, discretize, dark);
  if (s.params.size() != s.arch.parameter_count()) return rgba;
  std::vector<uint8_t> bottom_up(rgba.size());
  if (select_program(s.arch, int(s.experiment->features.size()))) {
    unsigned tex = 0, fbo = 0;
    make_target(&tex, &fbo, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, w, h, GL_NEAREST);
    upload_params(s.arch, s.params);
    has_key_ = false;
    glUseProgram(program_);
    set_network_uniforms(s.arch, s.experiment->features, view, w, h);
    set_color_uniforms(c);
    glUniform1i(loc("u_mode"), 1);
    glUniform1i(loc("u_show_layer"), kOutputLayer);
    glUniform1i(loc("u_show_unit"), 0);
    draw_into(fbo, w, h);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);
  } else {
    const std::vector<Rgb> cols =
        cpu_colors(s.arch, s.params, s.experiment->features, view, w, h, kOutputLayer, 0, c);
    for (size_t k = 0; k < cols.size(); ++k) {
      to_rgb8(cols[k], &bottom_up[k * 4]);
      bottom_up[k * 4 + 3] = 255;
    }
  }
  for (int j = 0; j < h; ++j)
    std::copy_n(bottom_up.begin() + size_t(h - 1 - j) * w * 4, size_t(w) * 4,
                rgba.begin() + size_t(j) * w * 4);
  return rgba;
}

}  // namespace descent::gui
