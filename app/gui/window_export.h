// app/gui/window_export.h — "Export PNG" of the whole window, at 1× or 2× (for slides).
//
// A 1× export reads the frame the user sees. A 2× export draws one frame at twice the size:
// the fonts rebuilt at twice the UI scale, ImGui's display twice as large, rendered into an
// offscreen framebuffer (never shown), so text and lines are drawn sharp rather than scaled.
// The loop asks `frame_scale()` before a frame and calls `capture()` after rendering it; the
// frame drawn for it never contains the export dialog (it is asked for once the dialog closed).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace descent::gui {

struct UiState;

class WindowExport {
 public:
  // Queue an export to `path` at `factor` (1 or 2) for the next frame.
  void request(std::string path, int factor);
  bool pending() const { return !path_.empty(); }
  // The factor the coming frame is drawn at (1 when nothing is pending).
  int frame_scale() const { return pending() ? factor_ : 1; }
  // After ImGui::Render(): for 2×, draws the frame's draw data offscreen; for 1×, reads the
  // back buffer (fb_w × fb_h). Writes the PNG whole or not at all and reports in the status line.
  void capture(UiState& ui, int fb_w, int fb_h);

 private:
  std::string path_;
  int factor_ = 1;
};

// RGBA rows of the bound read framebuffer, top row first, alpha made opaque.
std::vector<uint8_t> read_pixels_top_down(int w, int h);
// `dd` drawn into a framebuffer of its own (w × h, cleared to the panels' colour as the window
// is) and read back as above; empty when that framebuffer cannot be made. The window's
// framebuffer is bound again afterwards. (The 2× export, and every frame of a recording.)
std::vector<uint8_t> render_offscreen(ImDrawData* dd, int w, int h);

}  // namespace descent::gui
