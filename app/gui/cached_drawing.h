// app/gui/cached_drawing.h — a piece of ImDrawList drawing kept in a texture and redrawn only
// when it changes, at a rate bounded by what it costs.
//
// Why: llvmpipe bins every triangle into 64 × 64 tiles, so hundreds of long, thin, blended
// lines (a 24-24 network has ~700 links) cost tens of milliseconds per frame whatever their
// pixel count. Drawn once into a texture, they cost one quad per frame; while training moves
// the weights every frame, the picture is redrawn only as often as keeps its share of the
// frame time small (docs/DESIGN.md §7: ≥ 30 FPS while the trainer runs flat out).
//
// Use, each frame:
//   if (ImDrawList* l = cache.begin(rect_min, rect_max, layout_key, content_version, now)) {
//     ... draw into l, in screen coordinates ...
//     cache.end();
//   }
//   cache.draw(ImGui::GetWindowDrawList());
// With an opaque `background` (the colour under the drawing on screen) the texture is the
// final picture and is copied without blending; with a transparent one it holds premultiplied
// colour and is composited with a premultiplied blend. Either way the result matches drawing
// the same primitives directly. (An opaque one is cheaper: on llvmpipe, blending a 600 × 650
// layer costs ~5 ms a frame.)
#pragma once

#include <imgui.h>

#include <cstdint>

namespace descent::gui {

class CachedDrawing {
 public:
  CachedDrawing();
  ~CachedDrawing();
  CachedDrawing(const CachedDrawing&) = delete;
  CachedDrawing& operator=(const CachedDrawing&) = delete;

  // A list to draw into when a redraw is due, else nullptr. Due: the rectangle or
  // `layout_key` (everything but the moving content: theme, scale, architecture, ...) changed
  // — at once; or `content_version` changed — at most as often as the measured cost allows.
  ImDrawList* begin(ImVec2 min, ImVec2 max, uint64_t layout_key, uint64_t content_version,
                    double now, ImU32 background = 0);
  // Render what was drawn into the texture (GL; main thread, inside a frame).
  void end();
  // Composite the texture at its rectangle (nothing if it was never drawn).
  void draw(ImDrawList* dl) const;
  // Free the GL objects (before the context goes away).
  void destroy();

  long redraws() const { return redraws_; }
  double last_ms() const { return last_ms_; }

  // Share of wall time a redraw may take while the content keeps changing, and the fastest
  // redraw rate (once per frame at 60 FPS is pointless for a picture that moves this little).
  static constexpr double kShare = 0.12;
  static constexpr double kMinInterval = 1.0 / 30.0;
  static constexpr double kMaxInterval = 0.5;

 private:
  ImDrawList* list_ = nullptr;
  unsigned tex_ = 0, fbo_ = 0;
  int tex_w_ = 0, tex_h_ = 0;  // texture size in framebuffer pixels
  ImVec2 min_, max_;           // its rectangle on screen (whole pixels)
  uint64_t layout_key_ = 0, content_version_ = 0;
  ImU32 background_ = 0;
  bool opaque() const { return (background_ >> IM_COL32_A_SHIFT) == 255; }
  bool valid_ = false;
  double next_ok_ = 0.0;       // earliest time for a redraw caused by the content alone
  double last_ms_ = 0.0;
  long redraws_ = 0;
};

}  // namespace descent::gui
