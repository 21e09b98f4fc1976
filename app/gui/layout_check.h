// app/gui/layout_check.h — what a good layout is, checked from the layout dump: no two widgets
// overlap, no text is cut off, the output view keeps a usable size, the layout is the same from
// one frame to the next (no flicker). And the layout matrix: one running app walks every
// window size × UI scale × network of a table, then a subset of them again in Chinese (the
// language switched in the same app), checks each cell and writes one report
// (DESCENT_LAYOUT_MATRIX=report.txt; screenshots of the extreme cells with
// DESCENT_LAYOUT_SHOTS=DIR), and a few with the recipe sheet open. A test hook: see
// test_hooks.h.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gui/strings.h"
#include "gui/ui.h"

struct GLFWwindow;

namespace descent::gui {

using Layout = std::map<std::string, UiState::LayoutItem>;

// The same widgets at the same places (within half a pixel), with the same clipping.
bool same_layout(const Layout& a, const Layout& b);

// What is wrong with a layout: one line per problem ("overlap: a b", "clipped: a",
// "output view 180 px < 240 px"). Empty when it is good.
std::vector<std::string> layout_problems(const Layout& l, float min_view_px);

class LayoutMatrix {
 public:
  LayoutMatrix(std::string report_path, std::string shots_dir);
  bool active() const { return !report_.empty(); }
  // Once a frame, after rendering, before the swap. Returns true when the walk is done and the
  // report written (the app then quits).
  bool step(Ctx& c, GLFWwindow* window, bool* fonts_dirty, int fb_w, int fb_h);

 private:
  struct Cell {
    int w, h;
    float scale;
    int layers, width;
    Language language = Language::English;
    bool recipe = false;  // the recipe sheet open, on Adam with a step schedule (its most rows)
  };
  void start_cell(Ctx& c, GLFWwindow* window, bool* fonts_dirty);
  bool settled(const Ctx& c);
  void finish_cell(Ctx& c, int fb_w, int fb_h);

  std::string report_, shots_, only_;
  std::vector<Cell> cells_;
  size_t index_ = 0;
  int frames_ = -1;        // frames since the current cell was set up (-1: not yet)
  int stable_frames_ = 0;  // consecutive frames with the same layout
  Layout previous_;
  nn::Experiment base_;
  bool have_base_ = false;
  float start_scale_ = 1.0f;
  Language start_language_ = Language::English;
  int failed_ = 0;
  std::string text_;
};

}  // namespace descent::gui
