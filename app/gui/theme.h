// app/gui/theme.h — colours, fonts and the colour maps shared by the CPU and the shader.
//
// One sign convention everywhere (nn/data.h): the positive class (label 1) and positive values
// are orange, the negative class (label 0) and negative values are blue, with a neutral
// middle — TensorFlow Playground's palette. Links, points, thumbnails and the output view all
// use these functions, and shaders/boundary.frag.glsl implements the same maps.
#pragma once

#include <imgui.h>

#include <array>

namespace descent::gui {

struct Rgb {
  float r, g, b;
};

inline constexpr Rgb kOrange{0.961f, 0.576f, 0.133f};  // #f59322: positive
inline constexpr Rgb kBlue{0.031f, 0.467f, 0.741f};    // #0877bd: negative
inline constexpr Rgb kLightMid{0.910f, 0.918f, 0.922f};  // #e8eaeb: zero (light theme)
inline constexpr Rgb kDarkMid{0.165f, 0.180f, 0.200f};   // zero (dark theme)

// Class colours for multi-class data; classes 0 and 1 match the binary convention.
inline constexpr std::array<Rgb, 16> kClassColors{{
    {0.031f, 0.467f, 0.741f}, {0.961f, 0.576f, 0.133f}, {0.173f, 0.627f, 0.173f},
    {0.839f, 0.153f, 0.157f}, {0.580f, 0.404f, 0.741f}, {0.549f, 0.337f, 0.294f},
    {0.890f, 0.467f, 0.761f}, {0.498f, 0.498f, 0.498f}, {0.737f, 0.741f, 0.133f},
    {0.090f, 0.745f, 0.812f}, {0.682f, 0.780f, 0.910f}, {1.000f, 0.733f, 0.471f},
    {0.596f, 0.875f, 0.541f}, {1.000f, 0.596f, 0.588f}, {0.773f, 0.690f, 0.835f},
    {0.769f, 0.612f, 0.580f},
}};

// Palette of the current theme (set by apply_theme).
struct Palette {
  bool dark = false;
  Rgb mid = kLightMid;
  ImU32 bg, panel, text, text_dim, line, accent, danger, grid, node_border;
};
const Palette& palette();

// Diverging map t in [-1, 1] -> colour (blue - mid - orange). `strength` < 1 lightens.
Rgb diverging(float t, const Rgb& mid, float strength = 1.0f);
ImU32 to_u32(const Rgb& c, float alpha = 1.0f);
inline ImU32 class_color(int k, float alpha = 1.0f) { return to_u32(kClassColors[k & 15], alpha); }
// A signed value as a colour, as links and binary points are drawn.
inline ImU32 sign_color(double v, float alpha = 1.0f) { return to_u32(v >= 0 ? kOrange : kBlue, alpha); }

// Style, colours and fonts for a theme and a UI scale. Rebuilds the font atlas (call between
// frames: ImGui_ImplOpenGL3 font texture is recreated by the caller).
void apply_theme(bool dark, float scale);
// The fonts for a UI scale; with `extra` > 1 a second set at scale × extra in the same atlas, for
// frames drawn that much larger offscreen (a 2× recording): they switch sets (use_fonts) instead
// of rebuilding the atlas twice a frame.
void load_fonts(float scale, int extra = 1);
// The set this frame draws with: the normal one, or (factor == the atlas's extra) the larger one.
void use_fonts(int factor);
// How many characters of `text` the loaded text font has no glyph for (drawn as '?'): the
// state dump's check that the fonts cover the language in force.
int missing_glyphs(const char* text);
// The light theme with the high-contrast colours of gui/contrast.h (presentation mode).
void apply_high_contrast_theme(float scale);

// Sprites in the font atlas, drawn as one textured quad each (a data point is two quads instead
// of a few dozen anti-aliased triangles: llvmpipe pays per triangle). White, tinted by colour.
enum class Sprite { disc, ring };
void draw_sprite(ImDrawList* dl, Sprite sp, ImVec2 centre, float radius, ImU32 col);

// Fonts: regular (the default), small captions, big numbers.
ImFont* font_small();
ImFont* font_big();

}  // namespace descent::gui
