// app/gui/cached_drawing.cpp — ImDrawList drawing cached in a texture (see cached_drawing.h).
#include "gui/cached_drawing.h"

#include <epoxy/gl.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace descent::gui {

namespace {

// Over a transparent clear the texture holds premultiplied colour: composite it with "one,
// one minus source alpha".
void premultiplied_blend(const ImDrawList*, const ImDrawCmd*) {
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}
// Over an opaque background it is the final picture: copy it (no read-modify-write of the
// framebuffer, which is a third of a full-screen layer's cost on llvmpipe).
void no_blend(const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }

}  // namespace

CachedDrawing::CachedDrawing() = default;

CachedDrawing::~CachedDrawing() {
  // GL objects must be freed with destroy() while the context lives; the list is ours.
  IM_DELETE(list_);
}

void CachedDrawing::destroy() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
  fbo_ = tex_ = 0;
  tex_w_ = tex_h_ = 0;
  valid_ = false;
}

ImDrawList* CachedDrawing::begin(ImVec2 min, ImVec2 max, uint64_t layout_key,
                                 uint64_t content_version, double now, ImU32 background) {
  min = ImVec2(std::floor(min.x), std::floor(min.y));
  max = ImVec2(std::ceil(max.x), std::ceil(max.y));
  if (max.x - min.x < 1 || max.y - min.y < 1) return nullptr;
  const bool layout_changed = !valid_ || layout_key != layout_key_ || background != background_ ||
                              min.x != min_.x ||
                              min.y != min_.y || max.x != max_.x || max.y != max_.y;
  if (!layout_changed && content_version == content_version_) return nullptr;
  if (!layout_changed && now < next_ok_) return nullptr;  // stale for a moment: cheaper
  min_ = min;
  max_ = max;
  layout_key_ = layout_key;
  content_version_ = content_version;
  background_ = background;

  if (!list_) list_ = IM_NEW(ImDrawList)(ImGui::GetDrawListSharedData());
  list_->_ResetForNewFrame();
  list_->Flags = ImGui::GetWindowDrawList()->Flags;  // the same anti-aliasing as the window's
  list_->PushTextureID(ImGui::GetIO().Fonts->TexID);
  list_->PushClipRect(min_, max_);
  return list_;
}

void CachedDrawing::end() {
  const auto t0 = std::chrono::steady_clock::now();
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const int w = std::max(1, int(std::lround((max_.x - min_.x) * scale.x)));
  const int h = std::max(1, int(std::lround((max_.y - min_.y) * scale.y)));
  if (!tex_) {
    glGenTextures(1, &tex_);
    glGenFramebuffers(1, &fbo_);
  }
  if (w != tex_w_ || h != tex_h_) {
    glBindTexture(GL_TEXTURE_2D, tex_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);  // 1:1 on screen
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
    tex_w_ = w;
    tex_h_ = h;
  }

  ImDrawList* lists[] = {list_};
  ImDrawData dd;
  dd.Valid = true;
  dd.CmdLists = lists;
  dd.CmdListsCount = 1;
  dd.TotalVtxCount = list_->VtxBuffer.Size;
  dd.TotalIdxCount = list_->IdxBuffer.Size;
  dd.DisplayPos = min_;
  dd.DisplaySize = ImVec2(max_.x - min_.x, max_.y - min_.y);
  dd.FramebufferScale = scale;

  GLint last_fbo = 0;
  GLfloat last_clear[4];
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &last_fbo);
  glGetFloatv(GL_COLOR_CLEAR_VALUE, last_clear);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glDisable(GL_SCISSOR_TEST);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(background_);
  glClearColor(bg.x, bg.y, bg.z, bg.w);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(&dd);  // saves and restores the GL state it changes
  // Timed to completion: the redraw rate follows what a redraw really costs on this machine.
  glFinish();
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(last_fbo));
  glClearColor(last_clear[0], last_clear[1], last_clear[2], last_clear[3]);

  last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  next_ok_ = ImGui::GetTime() + std::clamp(last_ms_ / 1000.0 / kShare, kMinInterval, kMaxInterval);
  valid_ = true;
  ++redraws_;
}

void CachedDrawing::draw(ImDrawList* dl) const {
  if (!valid_ || !tex_) return;
  dl->AddCallback(opaque() ? no_blend : premultiplied_blend, nullptr);
  dl->AddImage((ImTextureID)(intptr_t)tex_, min_, max_, ImVec2(0, 1), ImVec2(1, 0));
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace descent::gui
