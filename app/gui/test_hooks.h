// app/gui/test_hooks.h — what tests (and docs) read from the running app, behind one small
// interface, so that app.cpp's loop stays the loop.
//
// The hooks, each switched on by a flag or an environment variable:
//   DESCENT_LAYOUT_FILE=path   "name x y w h" lines (window coordinates) for the widgets tests
//                              click, rewritten whenever they change;
//   DESCENT_STATE_FILE=path    the --print-state object (without frame statistics), rewritten
//                              ~10 times a second and at once on a frame whose input changed;
//   --print-state              that object, with frame statistics, on stdout at exit;
//   DESCENT_SELFTEST_FIELD=1   at exit, the shader's field against the CPU's (field_selftest.cpp);
//   --screenshot FILE          the window as PNG after --frames frames;
//   DESCENT_OPEN=recipe,help   those windows open at start (docs screenshots); also the
//                              look-inside views: layers, distributions, confusion,
//                              update_ratio, gradients, inspector (point 0), inspector_backward;
//                              the learning-rate lab: compare (started), lr_find, landscape;
//                              and export (the animation export window).
//   DESCENT_LAYOUT_MATRIX=path every window size × UI scale × network of layout_check.cpp's
//                              table, one after the other in this one app, each checked; the
//                              report written to path, then the app quits (screenshots of the
//                              extreme cells into DESCENT_LAYOUT_SHOTS=DIR).
// The loop calls `after_render` once a frame (before the swap), `frame_timed` once its time is
// known, and `at_exit` while the GL context still lives.
#pragma once

#include <imgui.h>

#include <map>
#include <string>
#include <vector>

#include "gui/gui.h"
#include "gui/layout_check.h"
#include "gui/ui.h"

namespace descent::gui {

struct SelftestResult {
  double max_abs_diff = 0.0;    // |shader − cpu| / max(1, |cpu|), over every case and pixel
  int cases = 0;
  double max_color_diff = 0.0;  // output view colours, shader vs CPU, in 8-bit steps
  bool ran = false;
};

struct FrameStats {
  std::vector<float> all_ms;      // frame intervals
  std::vector<float> playing_ms;  // frame intervals while the trainer was playing
  std::vector<float> work_ms;     // time to build + render a frame (no waiting)
  double max_sps = 0.0;
  double startup_ms = 0.0;        // the program's start to the first frame swapped
  double fonts_ms = 0.0;          // of which building the font atlas
};

// The shader's field against the CPU's, over the snapshot's network and a table of others
// (field_selftest.cpp). Needs the GL context.
SelftestResult field_selftest(BoundaryRenderer& br, const nn::Snapshot& s);

// The --print-state object (state_dump.cpp): the run, the recipe, the data, the view, what the
// pointer is over, the weights while few, and the renderers' counters.
std::string state_json(const Ctx& c, const FrameStats& fs, const SelftestResult& self);

// The back buffer as a PNG (written whole); false (and the message printed) on failure.
bool save_screenshot(const std::string& path, int w, int h);

class TestHooks {
 public:
  explicit TestHooks(const GuiOptions& opt);
  // Windows asked open by DESCENT_OPEN.
  void open_windows(UiState& ui) const;
  // A screenshot (or the layout matrix, which takes some) is coming: frames are drawn without
  // waiting for events, and without the pointer.
  bool screenshot_pending() const { return !screenshot_path_.empty() || matrix_.active(); }
  // After ImGui rendered the frame, before the swap: the layout and state files, and the
  // screenshot when its frame has come. Returns true when the app should quit (screenshot
  // taken); sets *exit_code to 1 when it could not be written.
  bool after_render(const Ctx& c, int fb_w, int fb_h, int* exit_code);
  // After the first frame was swapped: start-up's figures for --print-state.
  void started(double fonts_ms);
  // The frame's cost (build + render) and its interval, once the frame-rate cap slept.
  void frame_timed(const Ctx& c, double work_ms, double interval_ms);
  // The layout matrix's step, after after_render: it resizes the window, sets the UI scale
  // and the network. Returns true when it is done (the app should quit).
  bool layout_matrix(Ctx& c, GLFWwindow* window, bool* fonts_dirty, int fb_w, int fb_h) {
    return matrix_.step(c, window, fonts_dirty, fb_w, fb_h);
  }
  // At exit, with the GL context alive: the self-test and --print-state.
  void at_exit(Ctx& c);

 private:
  GuiOptions opt_;
  bool selftest_ = false;
  std::string layout_path_, state_path_, screenshot_path_;
  Layout written_layout_;
  LayoutMatrix matrix_;
  bool prev_mouse_down_[IM_ARRAYSIZE(ImGuiIO::MouseDown)] = {};
  bool prev_keys_down_[IM_ARRAYSIZE(ImGuiIO::KeysDown)] = {};
  double last_state_write_ = -1.0;
  FrameStats stats_;
  SelftestResult self_;
};

}  // namespace descent::gui
