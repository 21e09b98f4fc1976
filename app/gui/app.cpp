// app/gui/app.cpp — the desktop app: window, GL, ImGui, one loop, and where panels go.
//
// Reads top to bottom like Dear ImGui's example_glfw_opengl3: init in order (GLFW, window + GL
// 3.3 core, ImGui, backends, our GL resources, the trainer), one loop (poll, new frame, read the
// snapshot once, draw panels, render, swap), teardown in reverse. A GLFW failure (no display,
// no GL 3.3) is one line on stderr and exit code 2.
//
// [SECTION] options read from the environment (test hooks)
// [SECTION] GLFW callbacks
// [SECTION] experiment loading at start-up
// [SECTION] keyboard shortcuts
// [SECTION] layout: where the panels go
// [SECTION] self-test: shader field vs CPU field
// [SECTION] exit state (--print-state)
// [SECTION] run_gui
#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <thread>

#include "app/cli.h"
#include "gui/boundary.h"
#include "gui/cached_drawing.h"
#include "gui/field.h"
#include "gui/gui.h"
#include "gui/panels/panels.h"
#include "gui/theme.h"
#include "gui/thumbnails.h"
#include "gui/ui.h"
#include "nn/file_io.h"

#include <stb_image_write.h>

namespace descent {

using namespace gui;

namespace {

// =============================================================================================
// [SECTION] options read from the environment (test hooks)
// =============================================================================================

// DESCENT_SELFTEST_FIELD=1: before exiting, compare the shader's field with the CPU's and
// print the largest difference. DESCENT_LAYOUT_FILE=path: write named widget rectangles
// ("name x y w h" lines, window coordinates) whenever they change, for xdotool tests.
// DESCENT_STATE_FILE=path: write the --print-state object there (without frame statistics)
// a few times a second, so xdotool tests can watch each action take effect.
bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::string(v) != "0";
}
std::string env_str(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// =============================================================================================
// [SECTION] GLFW callbacks
// =============================================================================================

std::string g_glfw_error = "unknown error";
std::vector<std::string> g_dropped;

void on_glfw_error(int code, const char* what) {
  g_glfw_error = std::string(what ? what : "?") + " (GLFW error " + std::to_string(code) + ")";
}

void on_drop(GLFWwindow*, int n, const char** paths) {
  for (int i = 0; i < n; ++i) g_dropped.emplace_back(paths[i]);
}

// =============================================================================================
// [SECTION] experiment loading at start-up
// =============================================================================================

std::unique_ptr<nn::Trainer> make_trainer(const GuiOptions& o, UiState& ui) {
  nn::Experiment e;
  bool have = false;
  std::string path = o.experiment_path;
  if (path.empty()) path = descent::default_experiment_path();
  try {
    e = nn::load_experiment(path);
    have = true;
    ui.current_path = path;
  } catch (const std::exception& err) {
    // A missing default preset is not the user's problem: fall back quietly to the built-in.
    const bool missing_default = !std::filesystem::exists(path) &&
                                 (o.experiment_path.empty() || path == descent::default_experiment_path());
    if (!missing_default) set_status(ui, err.what(), true);
  }
  if (!have) e = builtin_default_experiment();
  try {
    return std::make_unique<nn::Trainer>(e);
  } catch (const std::exception& err) {
    set_status(ui, err.what(), true);
    ui.current_path.clear();
    return std::make_unique<nn::Trainer>(builtin_default_experiment());
  }
}

// =============================================================================================
// [SECTION] keyboard shortcuts
// =============================================================================================

struct WindowState {
  GLFWwindow* window = nullptr;
  int x = 0, y = 0, w = 1280, h = 800;
};

void toggle_fullscreen(WindowState& ws, UiState& ui) {
  GLFWmonitor* mon = glfwGetPrimaryMonitor();
  if (!ui.fullscreen) {
    if (!mon) return;
    glfwGetWindowPos(ws.window, &ws.x, &ws.y);
    glfwGetWindowSize(ws.window, &ws.w, &ws.h);
    const GLFWvidmode* mode = glfwGetVideoMode(mon);
    glfwSetWindowMonitor(ws.window, mon, 0, 0, mode->width, mode->height, mode->refreshRate);
    ui.fullscreen = true;
  } else {
    glfwSetWindowMonitor(ws.window, nullptr, ws.x, ws.y, ws.w, ws.h, 0);
    ui.fullscreen = false;
  }
}

// Returns true when the user asked to quit.
bool shortcuts(Ctx& c, WindowState& ws, bool* rebuild_fonts) {
  ImGuiIO& io = ImGui::GetIO();
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_F11)) toggle_fullscreen(ws, c.ui);
  if (io.WantTextInput) return false;
  const bool ctrl = io.KeyCtrl, shift = io.KeyShift;
  if (ctrl) {
    if (pressed(GLFW_KEY_S)) request_file_action(c, FileAction::save_experiment);
    if (pressed(GLFW_KEY_O)) request_file_action(c, FileAction::open_experiment);
    if (pressed(GLFW_KEY_Q)) return true;
    float scale = c.settings.scale;
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD))
      scale = std::min(Settings::kMaxScale, scale + Settings::kScaleStep);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT))
      scale = std::max(Settings::kMinScale, scale - Settings::kScaleStep);
    if (pressed(GLFW_KEY_0) || pressed(GLFW_KEY_KP_0)) scale = 1.0f;
    if (scale != c.settings.scale) {
      c.settings.scale = scale;
      *rebuild_fonts = true;
      c.settings.save();
    }
    return false;
  }
  if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) return false;
  if (pressed(GLFW_KEY_SPACE)) {
    if (c.snap.playing) c.trainer.pause();
    else c.trainer.play();
  }
  // → repeats while held, as an arrow key should — once it has also been down over a few
  // frames: after one slow frame (a loaded machine), ImGui's clock alone would take a tap for
  // a hold and step three epochs.
  c.ui.right_frames = ImGui::IsKeyDown(GLFW_KEY_RIGHT) ? c.ui.right_frames + 1 : 0;
  const bool right = pressed(GLFW_KEY_RIGHT) || (c.ui.right_frames > 3 && ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true));
  if (pressed(GLFW_KEY_S) || right) step(c, shift);
  if (pressed(GLFW_KEY_R)) c.trainer.reset();
  if (pressed(GLFW_KEY_F1) || (shift && pressed(GLFW_KEY_SLASH))) c.ui.show_help = !c.ui.show_help;
  if (pressed(GLFW_KEY_ESCAPE)) {
    c.ui.show_help = false;
    c.ui.show_recipe = false;
  }
  return false;
}

// =============================================================================================
// [SECTION] layout: where the panels go
// =============================================================================================

void draw_panels(Ctx& c) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 o = vp->Pos, sz = vp->Size;
  const float s = c.s;
  const float top_h = std::round(76.0f * s);
  const float status_h = std::round(ImGui::GetFontSize() + 12.0f * s);
  const float left_w = std::round(std::min(250.0f * s, 0.24f * sz.x));
  const float right_w = std::round(std::min(392.0f * s, 0.34f * sz.x));
  const float body_h = sz.y - top_h - status_h;
  const float centre_w = sz.x - left_w - right_w;

  show_top_bar(c, o, ImVec2(sz.x, top_h));
  show_data_panel(c, ImVec2(o.x, o.y + top_h), ImVec2(left_w, body_h));
  show_network_panel(c, ImVec2(o.x + left_w, o.y + top_h), ImVec2(centre_w, body_h));
  show_output_panel(c, ImVec2(o.x + left_w + centre_w, o.y + top_h), ImVec2(right_w, body_h));
  show_status_bar(c, ImVec2(o.x, o.y + sz.y - status_h), ImVec2(sz.x, status_h));
  if (c.snap.state == nn::RunState::diverged)
    show_divergence_banner(c, ImVec2(o.x + left_w, o.y + top_h), centre_w);
  if (c.ui.show_recipe) show_recipe_window(c);
  if (c.ui.show_help) show_help_window(c);
  show_file_dialog(c);
}

void write_layout(const UiState& ui, const std::string& path, std::map<std::string, ImVec4>& last) {
  bool same = last.size() == ui.layout.size();
  if (same)
    for (auto a = last.cbegin(), b = ui.layout.cbegin(); a != last.cend(); ++a, ++b)
      if (a->first != b->first || std::fabs(a->second.x - b->second.x) > 0.5f ||
          std::fabs(a->second.y - b->second.y) > 0.5f || std::fabs(a->second.z - b->second.z) > 0.5f ||
          std::fabs(a->second.w - b->second.w) > 0.5f) {
        same = false;
        break;
      }
  if (same) return;
  last = ui.layout;
  std::string text;
  for (const auto& [name, r] : ui.layout)
    text += name + ' ' + std::to_string(int(r.x)) + ' ' + std::to_string(int(r.y)) + ' ' +
            std::to_string(int(r.z)) + ' ' + std::to_string(int(r.w)) + '\n';
  try {
    nn::write_file(path, text, nn::Sync::fast);  // a test hook, rewritten as the layout moves
  } catch (const std::exception& err) {
    std::fprintf(stderr, "descent: %s\n", err.what());
  }
}

// =============================================================================================
// [SECTION] self-test: shader field vs CPU field
// =============================================================================================

struct SelftestResult {
  double max_abs_diff = 0.0;  // |shader − cpu| / max(1, |cpu|), over every case and pixel
  int cases = 0;
  double max_color_diff = 0.0;  // output view colours, shader vs CPU, in 8-bit steps
  bool ran = false;
};

void compare_field(BoundaryRenderer& br, const nn::Architecture& a, const Eigen::VectorXf& p,
                   const std::vector<nn::Feature>& f, const ViewRect& v, int layer, int unit,
                   SelftestResult& r) {
  constexpr int W = 48, H = 40;
  const std::vector<float> gpu = br.read_raw(a, p, f, v, W, H, layer, unit);
  const std::vector<float> cpu = cpu_field(a, p, f, v, W, H, layer, unit);
  if (gpu.size() != cpu.size()) {
    r.max_abs_diff = INFINITY;
    return;
  }
  for (size_t i = 0; i < cpu.size(); ++i) {
    const double d = std::fabs(double(gpu[i]) - cpu[i]) / std::max(1.0, std::fabs(double(cpu[i])));
    if (!(d <= r.max_abs_diff)) r.max_abs_diff = std::isnan(d) ? INFINITY : std::max(r.max_abs_diff, d);
  }
  ++r.cases;
}

SelftestResult field_selftest(BoundaryRenderer& br, const nn::Snapshot& s) {
  SelftestResult r;
  r.ran = true;
  if (!br.shader_ok()) {
    r.max_abs_diff = INFINITY;
    return r;
  }
  // 1. The snapshot's own network, output and every hidden unit of the first layer.
  const ViewRect view;
  compare_field(br, s.arch, s.params, s.experiment->features, view, -2, 0, r);
  for (int u = 0; u < s.arch.fan_out(0) && s.arch.layers() > 1; ++u)
    compare_field(br, s.arch, s.params, s.experiment->features, view, 0, u, r);
  // 2. Every activation × every output activation, all seven features, random weights.
  std::vector<nn::Feature> all;
  for (const auto& row : nn::kFeatures) all.push_back(row.id);
  nn::Rng rng(12345);
  for (const auto& act : nn::kActivations)
    for (const auto& out : nn::kOutputs) {
      nn::Architecture a;
      a.inputs = 7;
      a.hidden = {5, 3};
      a.activations = {act.id, act.id};
      a.outputs = out.id == nn::OutAct::softmax ? 3 : 1;
      a.output = out.id;
      Eigen::VectorXf p(a.parameter_count());
      for (Eigen::Index i = 0; i < p.size(); ++i) p(i) = float(rng.uniform(-0.4, 0.4));
      // exp grows fast: a smaller window keeps values finite in float on both paths
      const ViewRect v = act.id == nn::Act::exp ? ViewRect{-1.5, 1.5, -1.5, 1.5} : ViewRect{};
      for (int u = 0; u < a.outputs; ++u) compare_field(br, a, p, all, v, -2, u, r);
      compare_field(br, a, p, all, v, 0, 1, r);
      compare_field(br, a, p, all, v, 1, 2, r);
      compare_field(br, a, p, all, v, -1, 4, r);
    }
  // 3. Wider layers: the shader's other MAX_GROUPS variants.
  for (const std::vector<int>& hidden : {std::vector<int>{20, 40}, std::vector<int>{3, 37, 9}}) {
    nn::Architecture a;
    a.inputs = 7;
    a.hidden = hidden;
    a.activations.assign(hidden.size(), nn::Act::tanh);
    a.activations[0] = nn::Act::relu;
    a.outputs = 5;
    a.output = nn::OutAct::softmax;
    Eigen::VectorXf p(a.parameter_count());
    for (Eigen::Index i = 0; i < p.size(); ++i) p(i) = float(rng.uniform(-0.3, 0.3));
    for (int u = 0; u < a.outputs; ++u) compare_field(br, a, p, all, ViewRect{}, -2, u, r);
    compare_field(br, a, p, all, ViewRect{}, 1, hidden[1] - 1, r);
  }
  // 4. Colours: the shader's picture of the snapshot against the CPU's colouring of the CPU
  //    field (same ColorSpec), in units of one 8-bit step.
  {
    constexpr int N = 48;
    const std::vector<uint8_t> gpu = br.read_color(s, view, false, false, N, N);
    const ColorSpec spec = color_spec(s, NodeRef{}, false, false);
    const Eigen::MatrixXf X = grid_inputs(s.experiment->features, view, N, N);
    FieldEvaluator ev;
    ev.set(s.arch, s.params);
    ev.forward(X);
    const int K = s.arch.outputs;
    std::vector<float> v(size_t(std::max(K, 1)));
    for (int j = 0; j < N; ++j)
      for (int i = 0; i < N; ++i) {
        const Eigen::Index k = i + Eigen::Index(N - 1 - j) * N;  // read_color: row 0 at the top
        for (int o = 0; o < K; ++o) v[o] = ev.value(-2, o, k);
        const Rgb c = colorize(spec, v.data(), spec.kind == 1 ? K : 1);
        const uint8_t* px = &gpu[(size_t(j) * N + i) * 4];
        const double d = std::max({std::fabs(px[0] - c.r * 255.0), std::fabs(px[1] - c.g * 255.0),
                                   std::fabs(px[2] - c.b * 255.0)});
        r.max_color_diff = std::max(r.max_color_diff, d);
      }
  }
  return r;
}

// =============================================================================================
// [SECTION] exit state (--print-state)
// =============================================================================================

struct FrameStats {
  std::vector<float> all_ms;       // frame intervals
  std::vector<float> playing_ms;   // frame intervals while the trainer was playing
  std::vector<float> work_ms;      // time to build + render a frame (no waiting)
  double max_sps = 0.0;
};

nlohmann::json summary(std::vector<float> v) {
  nlohmann::json j;
  if (v.empty()) return j;
  std::sort(v.begin(), v.end());
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  j["frames"] = v.size();
  j["mean_ms"] = std::round(mean * 100) / 100;
  j["p50_ms"] = std::round(v[v.size() / 2] * 100) / 100;
  j["p95_ms"] = std::round(v[std::min(v.size() - 1, v.size() * 95 / 100)] * 100) / 100;
  j["fps"] = std::round(1000.0 / mean * 10) / 10;
  return j;
}

std::string exit_state(const nn::Snapshot& s, const UiState& ui, const Settings& st,
                       const FrameStats& fs, const SelftestResult& self, const BoundaryRenderer& br,
                       const Thumbnails& th, const CachedDrawing& links) {
  using nlohmann::json;
  const nn::Experiment& e = *s.experiment;
  json j;
  j["epoch"] = s.epoch;
  j["steps"] = s.steps;
  j["playing"] = s.playing;
  static const char* states[] = {"running", "finished", "converged", "diverged", "no_data"};
  j["state"] = states[int(s.state)];
  j["lr"] = e.training.optimizer.lr;
  j["lr_in_force"] = s.lr;
  j["optimizer"] = nn::name(e.training.optimizer.kind);
  j["batch_size"] = e.training.batch_size;
  j["hidden"] = e.network.hidden;
  json acts = json::array();
  for (auto a : e.network.activations) acts.push_back(nn::name(a));
  j["activations"] = acts;
  j["output"] = nn::name(e.network.output);
  j["loss"] = nn::name(e.loss);
  json feats = json::array();
  for (auto f : e.features) feats.push_back(nn::name(f));
  j["features"] = feats;
  j["l1"] = e.training.l1;
  j["l2"] = e.training.l2;
  j["dropout"] = e.training.dropout;
  j["seed"] = e.seed;
  j["data_seed"] = nn::data_seed(e);
  j["title"] = e.title;
  static const char* sources[] = {"generator", "csv", "points"};
  j["data_source"] = sources[int(e.data.source)];
  j["generator"] = e.data.generator;
  j["n"] = e.data.n;
  j["noise"] = e.data.noise;
  j["train_ratio"] = e.data.train_ratio;
  j["task"] = s.data && s.data->task == nn::Task::regression ? "regression" : "classification";
  j["points"] = s.data ? s.data->points.size() : 0;
  j["train_count"] = s.data ? s.data->train_count() : 0;
  j["test_count"] = s.data ? s.data->test_count() : 0;
  j["classes"] = s.data ? s.data->classes : 0;
  j["data_edited"] = ui.data_edited;
  auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  // The same text as the headless CLI's --csv columns (17 significant digits), so a test can
  // compare the app's run with the CLI's bit for bit.
  auto g17 = [](double v) {
    if (std::isnan(v)) return std::string("nan");
    if (std::isinf(v)) return std::string(v > 0 ? "inf" : "-inf");
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", v);
    return std::string(b);
  };
  if (s.history && !s.history->empty()) {
    const auto& last = s.history->last();
    j["history_epoch"] = last.epoch;
    j["train_loss"] = num(last.train_loss);
    j["test_loss"] = num(last.test_loss);
    j["train_loss_17g"] = g17(last.train_loss);
    j["test_loss_17g"] = g17(last.test_loss);
    j["train_metric"] = num(last.train_metric);
    j["test_metric"] = num(last.test_metric);
    j["history_rows"] = s.history->rows().size();
    j["markers"] = s.history->markers().size();
  }
  if (s.divergence) j["divergence"] = {{"epoch", s.divergence->epoch}, {"what", s.divergence->what}, {"hint", s.divergence->hint}};
  else j["divergence"] = nullptr;
  j["speed_limit"] = s.speed_limit;
  j["steps_per_second"] = std::round(s.steps_per_second);
  j["max_steps_per_second"] = std::round(fs.max_sps);
  j["ui_scale"] = st.scale;
  j["theme"] = st.dark ? "dark" : "light";
  j["view"] = {ui.view.x0, ui.view.x1, ui.view.y0, ui.view.y1};
  j["discretize"] = ui.discretize;
  j["show_test"] = ui.show_test;
  j["log_y"] = ui.log_y;
  j["fullscreen"] = ui.fullscreen;
  j["window"] = {ui.window_w, ui.window_h};
  j["recipe_open"] = ui.show_recipe;
  j["help_open"] = ui.show_help;
  static const char* actions[] = {"none", "open_experiment", "save_experiment", "load_csv", "save_csv",
                                  "export_png", "export_history"};
  j["file_dialog"] = ui.file_action == FileAction::none ? json(nullptr) : json(actions[int(ui.file_action)]);
  j["file_error"] = ui.file_error;
  j["current_path"] = ui.current_path;
  // What the pointer is over: the node the output view shows, the link or bias read out, the
  // loss plot's read-out; and the weight editor, when open.
  j["hover_node"] = ui.hover_node.valid() ? json{ui.hover_node.layer, ui.hover_node.unit} : json(nullptr);
  j["hover_param"] = ui.hover_param.layer >= 0
                         ? json{{"layer", ui.hover_param.layer}, {"row", ui.hover_param.row},
                                {"col", ui.hover_param.col}, {"value", ui.hover_param.value}}
                         : json(nullptr);
  j["editing"] = ui.edit_popup_open ? json{{"layer", ui.edit_layer}, {"row", ui.edit_row}, {"col", ui.edit_col}}
                                    : json(nullptr);
  j["plot_hover_epoch"] = ui.plot_hover_epoch >= 0 ? json(ui.plot_hover_epoch) : json(nullptr);
  j["paint_enabled"] = ui.paint_enabled;
  j["paint_class"] = ui.paint_class;
  j["paint_value"] = ui.paint_value;
  // The data by class, and the last point (the one painted last).
  if (s.data && s.data->task == nn::Task::classification) {
    std::vector<int> counts(size_t(std::max(0, s.data->classes)), 0);
    for (const auto& p : s.data->points)
      if (p.y >= 0 && size_t(p.y) < counts.size()) ++counts[size_t(p.y)];
    j["class_counts"] = counts;
  } else {
    j["class_counts"] = nullptr;
  }
  if (s.data && !s.data->points.empty()) {
    const auto& p = s.data->points.back();
    j["last_point"] = {{"x1", p.x1}, {"x2", p.x2}, {"y", p.y}, {"test", p.test}};
  } else {
    j["last_point"] = nullptr;
  }
  // The recipe and the network as the experiment file would say them, and the weights (file
  // form: W[l][row][col], b[l][row]) while they are few enough to print 10 times a second.
  {
    nn::Experiment bare = e;
    bare.weights.reset();
    bare.data = nn::DataSpec{};
    const json ej = json::parse(nn::experiment_to_json(bare));
    j["network"] = ej.at("network");
    j["training"] = ej.at("training");
  }
  j["params_finite"] = s.params.allFinite();
  if (s.params.size() == s.arch.parameter_count() && s.params.size() <= 4096) {
    const nn::Weights w = weights_from_params(s.arch, s.params);
    json W = json::array();
    for (int l = 0; l < s.arch.layers(); ++l) {
      json rows = json::array();
      const int in = s.arch.fan_in(l);
      for (int r = 0; r < s.arch.fan_out(l); ++r)
        rows.push_back(std::vector<double>(w.W[l].begin() + r * in, w.W[l].begin() + (r + 1) * in));
      W.push_back(rows);
    }
    j["weights"] = {{"W", W}, {"b", w.b}};
  } else {
    j["weights"] = nullptr;
  }
  j["status"] = ui.status;
  j["status_error"] = ui.status_error;
  j["trainer_message"] = s.message;
  j["frames"] = ui.frames;
  // Wall-clock time (s since 1970) of this frame's event poll: a test knows the app has seen
  // its input once a state file says a later time.
  {
    char t[32];
    std::snprintf(t, sizeof t, "%.3f", ui.events_polled_at);
    j["events_polled_at"] = t;
  }
  j["frame_stats"] = summary(fs.all_ms);
  j["frame_stats_playing"] = summary(fs.playing_ms);
  j["frame_work"] = summary(fs.work_ms);
  j["boundary_renders"] = br.renders();
  j["shader"] = br.shader_ok();
  j["thumbnail_refreshes"] = th.refreshes();
  j["thumbnail_ms"] = std::round(th.last_ms() * 100) / 100;
  j["boundary_render_ms"] = std::round(br.last_render_ms() * 100) / 100;
  j["link_redraws"] = links.redraws();
  j["link_redraw_ms"] = std::round(links.last_ms() * 100) / 100;
  if (self.ran) {
    j["field_max_abs_diff"] = std::isfinite(self.max_abs_diff) ? json(self.max_abs_diff) : json(nullptr);
    j["field_cases"] = self.cases;
    j["color_max_diff"] = self.max_color_diff;
  }
  return j.dump();
}

void write_state_file(const std::string& path, const std::string& text) {
  try {
    nn::write_file(path, text + '\n', nn::Sync::fast);  // readers never see a half-written file
  } catch (const std::exception& err) {
    std::fprintf(stderr, "descent: %s\n", err.what());
  }
}

bool save_screenshot(const std::string& path, int w, int h) {
  std::vector<uint8_t> px(size_t(w) * h * 4), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  for (int y = 0; y < h; ++y)
    std::copy_n(px.begin() + size_t(h - 1 - y) * w * 4, size_t(w) * 4, flipped.begin() + size_t(y) * w * 4);
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  try {
    nn::write_file(path, encode_png(w, h, flipped.data()));
    return true;
  } catch (const std::exception& err) {
    std::fprintf(stderr, "descent: %s\n", err.what());
    return false;
  }
}

void rebuild_fonts(const Settings& st) {
  load_fonts(st.scale);
  apply_theme(st.dark, st.scale);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace

// =============================================================================================
// [SECTION] run_gui
// =============================================================================================

int run_gui(const GuiOptions& opt) {
#ifdef __GLIBC__
  // Mesa's software rasterizer allocates and frees frame-sized buffers every frame; glibc
  // would hand them back to the kernel each time (page faults: a third of a frame here).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  // 1. GLFW, the window and a GL 3.3 core context.
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "descent: cannot open a window: %s\n", g_glfw_error.c_str());
    return 2;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // WM_CLASS "descent" (GLFW's own is "GLFW-Application"): desktops match the window to
  // descent.desktop (StartupWMClass) and show its icon.
  glfwWindowHintString(GLFW_X11_CLASS_NAME, "descent");
  glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "descent");
  GLFWwindow* window = glfwCreateWindow(1280, 800, "Descent", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "descent: cannot open a window: %s\n", g_glfw_error.c_str());
    glfwTerminate();
    return 2;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  glfwSetDropCallback(window, on_drop);

  // 2. Settings, Dear ImGui and its backends.
  Settings settings;
  settings.path = opt.settings_path.empty() ? Settings::default_path() : opt.settings_path;
  settings.load();
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is computed each frame; nothing to persist in the tree
  io.MouseDoubleClickTime = 0.4f;  // GNOME's default (ImGui's 0.3 s is tight on a slow frame)
  load_fonts(settings.scale);
  apply_theme(settings.dark, settings.scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  // 3. Our GL resources and the trainer.
  UiState ui;
  BoundaryRenderer boundary;
  std::string shader_error;
  if (!boundary.init(&shader_error)) set_status(ui, shader_error + "; drawing the output on the CPU", true);
  if (!settings.problem.empty()) {  // said once, at start; the file is left as it is
    set_status(ui, settings.problem, true);
    std::fprintf(stderr, "descent: %s\n", settings.problem.c_str());
  }
  Thumbnails thumbs;
  thumbs.init();
  CachedDrawing links, view_layer;
  std::unique_ptr<nn::Trainer> trainer = make_trainer(opt, ui);
  {  // DESCENT_OPEN=recipe,help: open those windows at start (docs screenshots)
    const std::string open = env_str("DESCENT_OPEN");
    ui.show_recipe = open.find("recipe") != std::string::npos;
    ui.show_help = open.find("help") != std::string::npos;
  }

  const bool selftest = opt.selftest_field || env_flag("DESCENT_SELFTEST_FIELD");
  const std::string layout_path = !opt.layout_path.empty() ? opt.layout_path : env_str("DESCENT_LAYOUT_FILE");
  const std::string state_path = env_str("DESCENT_STATE_FILE");
  double last_state_write = -1.0;
  bool prev_mouse_down[IM_ARRAYSIZE(ImGuiIO::MouseDown)] = {};
  bool prev_keys_down[IM_ARRAYSIZE(ImGuiIO::KeysDown)] = {};
  std::map<std::string, ImVec4> written_layout;
  WindowState ws{window};
  FrameStats fs;
  SelftestResult self;
  bool fonts_dirty = false, quit = false;
  int exit_code = 0;
  const double t_start = glfwGetTime();
  double last_frame = t_start, last_activity = t_start;
  ImVec2 last_mouse(-1, -1);
  uint64_t last_version = 0;
  const uint64_t play_seq = opt.play ? trainer->play() : 0;

  // 4. The loop.
  while (!glfwWindowShouldClose(window) && !quit) {
    // Idle: paused, nothing moving, no input for a second -> sleep until an event.
    const auto peek = trainer->snapshot();
    const bool busy = peek->playing || peek->version != last_version || !opt.screenshot_path.empty() ||
                      glfwGetTime() - last_activity < 1.0;
    if (busy) glfwPollEvents();
    else glfwWaitEventsTimeout(0.25);
    ui.events_polled_at = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

    if (fonts_dirty) {
      rebuild_fonts(settings);
      fonts_dirty = false;
    }
    const double t0 = glfwGetTime();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // Screenshots must not depend on where the pointer happens to be (Xvfb starts it at the
    // screen's centre, over the network canvas): the app sees no pointer while taking one.
    if (!opt.screenshot_path.empty()) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();

    // The one read of the trainer's state this frame; every panel sees the same snapshot.
    const std::shared_ptr<const nn::Snapshot> snap = trainer->snapshot();
    last_version = snap->version;
    Ctx c{*trainer, *snap, ui, settings, boundary, thumbs, links, view_layer, ImGui::GetTime(), settings.scale};
    ui.layout.clear();
    glfwGetWindowSize(window, &ui.window_w, &ui.window_h);

    if (io.MousePos.x != last_mouse.x || io.MousePos.y != last_mouse.y || io.MouseWheel != 0.0f ||
        ImGui::IsAnyMouseDown() || io.InputQueueCharacters.Size > 0 || io.KeyCtrl || io.KeyShift) {
      last_activity = t0;
      last_mouse = io.MousePos;
    }
    for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k)
      if (io.KeysDown[k]) last_activity = t0;

    // A refused command (bad edit) comes back in the snapshot's message.
    if (snap->applied_command > ui.last_trainer_message_seq) {
      if (!snap->message.empty()) set_status(ui, snap->message, true);
      ui.last_trainer_message_seq = snap->applied_command;
    }
    for (const std::string& path : g_dropped) {
      const std::string ext = std::filesystem::path(path).extension().string();
      if (ext == ".csv" || ext == ".CSV") load_csv(c, path);
      else open_experiment(c, path);
    }
    g_dropped.clear();

    bool settings_before = settings.dark;
    float scale_before = settings.scale;
    quit = shortcuts(c, ws, &fonts_dirty);
    thumbs.update(*snap, settings.dark, c.time);
    draw_panels(c);
    if (settings.dark != settings_before || settings.scale != scale_before) {
      fonts_dirty = true;
      settings.save();
    }
    ui.hover_node = ui.hover_node_next;

    // Render.
    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fb_w, fb_h);
    // The panels have no background of their own: the clear colour is theirs (on llvmpipe
    // every full-window layer of blended pixels costs milliseconds).
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette().panel);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++ui.frames;

    if (!layout_path.empty()) write_layout(ui, layout_path, written_layout);
    // The test hook's state: ~10 times a second, and at once on a frame whose input changed
    // (a test waiting for its click or key to be seen learns it a frame later, not 0.1 s).
    bool input_changed = false;
    for (int b = 0; b < IM_ARRAYSIZE(io.MouseDown); ++b) input_changed |= io.MouseDown[b] != prev_mouse_down[b];
    for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k) input_changed |= io.KeysDown[k] != prev_keys_down[k];
    std::copy(std::begin(io.MouseDown), std::end(io.MouseDown), std::begin(prev_mouse_down));
    std::copy(std::begin(io.KeysDown), std::end(io.KeysDown), std::begin(prev_keys_down));
    if (!state_path.empty() && (input_changed || glfwGetTime() - last_state_write >= 0.1)) {
      last_state_write = glfwGetTime();
      write_state_file(state_path, exit_state(*snap, ui, settings, FrameStats{}, self, boundary, thumbs, links));
    }

    const bool last_frame_now = !opt.screenshot_path.empty() && ui.frames >= std::max(1, opt.frames);
    if (last_frame_now) {
      if (!save_screenshot(opt.screenshot_path, fb_w, fb_h)) {
        std::fprintf(stderr, "descent: %s: cannot write the screenshot\n", opt.screenshot_path.c_str());
        exit_code = 1;
      }
      quit = true;
    }
    glfwSwapBuffers(window);

    // Frame statistics, and a 60 FPS cap when the swap does not wait (no vsync under Xvfb):
    // the UI must leave the other core to the trainer.
    const double t1 = glfwGetTime();
    fs.work_ms.push_back(float((t1 - t0) * 1000.0));
    const double budget = 1.0 / 60.0;
    if (t1 - last_frame < budget)
      std::this_thread::sleep_for(std::chrono::duration<double>(budget - (t1 - last_frame) - 0.0005));
    const double t2 = glfwGetTime();
    const float dt = float((t2 - last_frame) * 1000.0);
    last_frame = t2;
    if (ui.frames > 2) {
      fs.all_ms.push_back(dt);
      if (snap->playing) fs.playing_ms.push_back(dt);
      if (snap->playing) fs.max_sps = std::max(fs.max_sps, snap->steps_per_second);
    }
    if (fs.all_ms.size() > 200000) fs.all_ms.erase(fs.all_ms.begin(), fs.all_ms.begin() + 100000);
    if (fs.playing_ms.size() > 200000) fs.playing_ms.erase(fs.playing_ms.begin(), fs.playing_ms.begin() + 100000);
    if (fs.work_ms.size() > 200000) fs.work_ms.erase(fs.work_ms.begin(), fs.work_ms.begin() + 100000);
    ui.frame_ms = ui.frame_ms * 0.9 + dt * 0.1;
    ui.work_ms = ui.work_ms * 0.9 + (t1 - t0) * 1000.0 * 0.1;

    if (opt.exit_after > 0.0 && t2 - t_start >= opt.exit_after) quit = true;
    // --exit-when-done: once the Play we sent has taken effect and the run has ended by itself.
    if (opt.exit_when_done && snap->applied_command >= play_seq && !snap->playing &&
        snap->state != nn::RunState::running)
      quit = true;
  }

  // 5. Exit: self-test and state (the GL context is still alive), then teardown in reverse.
  const std::shared_ptr<const nn::Snapshot> final_snap = trainer->snapshot();
  if (selftest) {
    self = field_selftest(boundary, *final_snap);
    std::fprintf(stdout, "field selftest: max abs diff %.3g over %d cases\n", self.max_abs_diff, self.cases);
    std::fprintf(stdout, "colour selftest: max diff %.1f / 255\n", self.max_color_diff);
    const double ms = boundary.bench(*final_snap, 10);
    std::fprintf(stdout, "field render: %.2f ms at %dx%d\n", ms, boundary.size(), boundary.size());
  }
  if (opt.print_state)
    std::fprintf(stdout, "%s\n", exit_state(*final_snap, ui, settings, fs, self, boundary, thumbs, links).c_str());
  std::fflush(stdout);
  settings.save();

  trainer.reset();
  view_layer.destroy();
  links.destroy();
  thumbs.destroy();
  boundary.destroy();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}

}  // namespace descent
