// app/gui/window_export.cpp — the whole window as PNG, 1× or 2× (see window_export.h).
#include "gui/window_export.h"

#include <epoxy/gl.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>

#include "gui/strings.h"
#include "gui/theme.h"
#include "gui/ui.h"
#include "gui/formatted.h"
#include "nn/file_io.h"

namespace descent::gui {

std::vector<uint8_t> read_pixels_top_down(int w, int h) {
  std::vector<uint8_t> px(size_t(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  const size_t row = size_t(w) * 4;  // flipped in place: one frame in memory, not two
  for (int y = 0; y < h / 2; ++y)
    std::swap_ranges(px.begin() + size_t(y) * row, px.begin() + size_t(y + 1) * row, px.begin() + size_t(h - 1 - y) * row);
  for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
  return px;
}

void WindowExport::request(std::string path, int factor) {
  path_ = std::move(path);
  factor_ = factor == 2 ? 2 : 1;
}

std::vector<uint8_t> render_offscreen(ImDrawData* dd, int w, int h) {
  GLuint fbo = 0, tex = 0;
  glGenTextures(1, &tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
  std::vector<uint8_t> px;
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
    glViewport(0, 0, w, h);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette().panel);  // as render() clears
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(dd);
    px = read_pixels_top_down(w, h);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers(1, &fbo);
  glDeleteTextures(1, &tex);
  return px;
}

void WindowExport::capture(UiState& ui, int fb_w, int fb_h) {
  if (!pending()) return;
  const std::string path = std::move(path_);
  path_.clear();
  ImDrawData* dd = ImGui::GetDrawData();
  const int w = factor_ == 2 ? int(dd->DisplaySize.x) : fb_w, h = factor_ == 2 ? int(dd->DisplaySize.y) : fb_h;
  std::vector<uint8_t> px;
  if (factor_ == 2) {
    px = render_offscreen(dd, w, h);
  } else {
    glReadBuffer(GL_BACK);
    px = read_pixels_top_down(w, h);
  }
  try {
    if (px.empty()) throw nn::Error(formatted(tr("window_export.offscreen_failed"), path.c_str()));
    nn::write_file(path, encode_png(w, h, px.data()));
    set_status(ui, formatted(tr("window_export.done"), w, h, path.c_str()));
  } catch (const std::exception& err) {
    set_status(ui, err.what(), true);
  }
}

}  // namespace descent::gui
