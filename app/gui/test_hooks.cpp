// app/gui/test_hooks.cpp — the layout and state files, frame statistics, the screenshot and
// the exit report (see test_hooks.h).
#include "gui/test_hooks.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "gui/boundary.h"
#include "gui/ui.h"
#include "nn/file_io.h"

namespace descent::gui {

namespace {

bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::string(v) != "0";
}

std::string env_str(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Written whole or not at all: readers never see a half-written file. These are test hooks,
// rewritten many times a second: no sync to disk, and a failure is reported, not fatal.
void write_whole(const std::string& path, const std::string& text) {
  try {
    nn::write_file(path, text, nn::Sync::fast);
  } catch (const std::exception& err) {
    std::fprintf(stderr, "descent: %s\n", err.what());
  }
}

void write_layout(const Layout& layout, const std::string& path) {
  std::string text;
  for (const auto& [name, item] : layout) {
    const ImVec4& r = item.r;
    text += name + ' ' + std::to_string(int(r.x)) + ' ' + std::to_string(int(r.y)) + ' ' +
            std::to_string(int(r.z)) + ' ' + std::to_string(int(r.w)) + (item.clipped ? " clipped" : "") + '\n';
  }
  write_whole(path, text);
}

// Keeps a statistics buffer bounded: past 200,000 frames the older half goes.
void bound(std::vector<float>& v) {
  if (v.size() > 200000) v.erase(v.begin(), v.begin() + 100000);
}

}  // namespace

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

TestHooks::TestHooks(const GuiOptions& opt)
    : opt_(opt),
      selftest_(opt.selftest_field || env_flag("DESCENT_SELFTEST_FIELD")),
      layout_path_(!opt.layout_path.empty() ? opt.layout_path : env_str("DESCENT_LAYOUT_FILE")),
      state_path_(env_str("DESCENT_STATE_FILE")),
      screenshot_path_(opt.screenshot_path),
      matrix_(env_str("DESCENT_LAYOUT_MATRIX"), env_str("DESCENT_LAYOUT_SHOTS")) {}

void TestHooks::open_windows(UiState& ui) const {
  const std::string open = env_str("DESCENT_OPEN");
  ui.show_recipe = open.find("recipe") != std::string::npos;
  ui.show_help = open.find("help") != std::string::npos;
  // The look-inside views (docs screenshots, the frame-rate measurement with them open).
  auto has = [&](const char* w) { return open.find(w) != std::string::npos; };
  if (has("layers")) ui.inside.tab = PlotTab::layers;
  if (has("distributions")) ui.inside.tab = PlotTab::distributions;
  if (has("confusion")) ui.inside.tab = PlotTab::confusion;
  if (has("update_ratio")) ui.inside.metric = LayerMetric::update_ratio;
  if (has("gradients")) ui.inside.link_gradients = true;
  if (has("inspector")) {
    ui.inside.inspector_open = true;
    ui.inside.index = ui.inside.index_input = 0;
    if (has("inspector_backward")) ui.inside.stage = InspectStage::backward, ui.inside.stage_layer = 1;
  }
  // the learning-rate lab: compare (the proposed rates, started), the range test, the landscape
  ui.lab.compare.start_request = open.find("compare") != std::string::npos;
  ui.lab.lr_find.open = open.find("lr_find") != std::string::npos;
  ui.lab.landscape.open = open.find("landscape") != std::string::npos;
  if (has("landscape_path")) ui.lab.landscape.plane = 1;  // the path's principal directions
  ui.classroom.show_export = has("export");  // the animation export window
}

bool TestHooks::after_render(const Ctx& c, int fb_w, int fb_h, int* exit_code) {
  if (!layout_path_.empty() && !same_layout(written_layout_, c.ui.layout)) {
    written_layout_ = c.ui.layout;
    write_layout(written_layout_, layout_path_);
  }
  // The live state: ~10 times a second, and at once on a frame whose input changed (a test
  // waiting for its click or key to be seen learns it a frame later, not 0.1 s).
  const ImGuiIO& io = ImGui::GetIO();
  bool input_changed = false;
  for (int b = 0; b < IM_ARRAYSIZE(io.MouseDown); ++b) input_changed |= io.MouseDown[b] != prev_mouse_down_[b];
  for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k) input_changed |= io.KeysDown[k] != prev_keys_down_[k];
  std::copy(std::begin(io.MouseDown), std::end(io.MouseDown), std::begin(prev_mouse_down_));
  std::copy(std::begin(io.KeysDown), std::end(io.KeysDown), std::begin(prev_keys_down_));
  const double now = ImGui::GetTime();
  if (!state_path_.empty() && (input_changed || now - last_state_write_ >= 0.1)) {
    last_state_write_ = now;
    write_whole(state_path_, state_json(c, FrameStats{}, self_) + '\n');
  }
  if (screenshot_path_.empty() || c.ui.frames < std::max(1, opt_.frames)) return false;
  if (!save_screenshot(screenshot_path_, fb_w, fb_h)) {
    std::fprintf(stderr, "descent: %s: cannot write the screenshot\n", screenshot_path_.c_str());
    *exit_code = 1;
  }
  return true;
}

namespace {
// Read while the program starts (static initialization, before main).
const auto kProgramStart = std::chrono::steady_clock::now();

double ms_since_program_start() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - kProgramStart)
      .count();
}
}  // namespace

void TestHooks::started(double fonts_ms) {
  stats_.startup_ms = ms_since_program_start();
  stats_.fonts_ms = fonts_ms;
}

void TestHooks::frame_timed(const Ctx& c, double work_ms, double interval_ms) {
  stats_.work_ms.push_back(float(work_ms));
  if (c.ui.frames > 2) {
    stats_.all_ms.push_back(float(interval_ms));
    if (c.snap.playing || compare_playing(c.ui)) {
      stats_.playing_ms.push_back(float(interval_ms));
      stats_.max_sps = std::max(stats_.max_sps, c.snap.steps_per_second);
    }
  }
  bound(stats_.all_ms);
  bound(stats_.playing_ms);
  bound(stats_.work_ms);
}

void TestHooks::at_exit(Ctx& c) {
  if (selftest_) {
    self_ = field_selftest(c.boundary, c.snap);
    std::fprintf(stdout, "field selftest: max abs diff %.3g over %d cases\n", self_.max_abs_diff, self_.cases);
    std::fprintf(stdout, "colour selftest: max diff %.1f / 255\n", self_.max_color_diff);
    const double ms = c.boundary.bench(c.snap, 10);
    std::fprintf(stdout, "field render: %.2f ms at %dx%d\n", ms, c.boundary.size(), c.boundary.size());
  }
  if (opt_.print_state) std::fprintf(stdout, "%s\n", state_json(c, stats_, self_).c_str());
  std::fflush(stdout);
}

}  // namespace descent::gui
