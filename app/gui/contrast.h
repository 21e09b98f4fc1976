// app/gui/contrast.h — the high-contrast theme's colours, and the measures that check them:
// WCAG 2.x contrast ratios for text, and a simulation of deuteranopia (red-green colour
// blindness) for the colour maps. Plain data and arithmetic (no ImGui), so the engine tests
// can check the theme that theme.cpp applies.
#pragma once

#include <array>
#include <cmath>

namespace descent::gui::contrast {

struct Srgb {
  unsigned hex;  // 0xRRGGBB
  double r() const { return double(hex >> 16 & 255) / 255.0; }
  double g() const { return double(hex >> 8 & 255) / 255.0; }
  double b() const { return double(hex & 255) / 255.0; }
};

// The high-contrast theme (presentation mode, for a washed-out projector): black on white,
// and the accent and danger colours dark enough to read as text.
struct HighContrast {
  static constexpr Srgb bg{0xffffff}, panel{0xffffff}, text{0x000000}, text_dim{0x3a3a3a},
      disabled{0x595959}, line{0x000000}, accent{0x00407a}, danger{0xa40000}, frame{0xe6e6e6},
      button{0xd9d9d9}, header{0xc7dcec};
};

// Every text colour of the theme over every background it is drawn on: each pair must reach
// WCAG AA for normal text (4.5:1).
struct TextPair {
  const char* what;
  Srgb fg, bg;
};
inline constexpr std::array<TextPair, 10> kHighContrastText{{
    {"text on panel", HighContrast::text, HighContrast::panel},
    {"dim text on panel", HighContrast::text_dim, HighContrast::panel},
    {"disabled text on panel", HighContrast::disabled, HighContrast::panel},
    {"accent on panel", HighContrast::accent, HighContrast::panel},
    {"danger on panel", HighContrast::danger, HighContrast::panel},
    {"text on a field", HighContrast::text, HighContrast::frame},
    {"text on a button", HighContrast::text, HighContrast::button},
    {"text on a selected row", HighContrast::text, HighContrast::header},
    {"dim text on a field", HighContrast::text_dim, HighContrast::frame},
    {"accent on a field", HighContrast::accent, HighContrast::frame},
}};
inline constexpr double kWcagAA = 4.5;

// WCAG 2.x: relative luminance of an sRGB colour, and the contrast ratio (L1 + 0.05)/(L2 + 0.05).
inline double linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
inline double luminance(double r, double g, double b) {
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
inline double ratio(const Srgb& a, const Srgb& b) {
  const double la = luminance(a.r(), a.g(), a.b()), lb = luminance(b.r(), b.g(), b.b());
  return (std::fmax(la, lb) + 0.05) / (std::fmin(la, lb) + 0.05);
}

// Deuteranopia (severity 1) in linear RGB: Machado, Oliveira & Fernandes (2009), table of
// simulation matrices. Returns sRGB in [0, 1].
inline std::array<double, 3> deuteranopia(double r, double g, double b) {
  const double R = linear(r), G = linear(g), B = linear(b);
  const double m[3][3] = {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}};
  std::array<double, 3> out{};
  for (int i = 0; i < 3; ++i) {
    const double v = std::fmin(1.0, std::fmax(0.0, m[i][0] * R + m[i][1] * G + m[i][2] * B));
    out[size_t(i)] = v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
  }
  return out;
}

// CIE 1976 colour difference ΔE*ab between two sRGB colours (D65): ~2.3 is just noticeable;
// distinct categories are tens apart.
inline std::array<double, 3> lab(double r, double g, double b) {
  const double R = linear(r), G = linear(g), B = linear(b);
  const double X = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047, Y = 0.2126 * R + 0.7152 * G + 0.0722 * B,
               Z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
  return {116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
}
inline double delta_e(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  const auto la = lab(a[0], a[1], a[2]), lb = lab(b[0], b[1], b[2]);
  return std::sqrt((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) + (la[2] - lb[2]) * (la[2] - lb[2]));
}
// Two colours as a deuteranope sees them are at least this far apart (ΔE*ab) when the maps
// call them different: the class colours, and the ends of the diverging map.
inline constexpr double kMinDeuteranopeDeltaE = 30.0;

}  // namespace descent::gui::contrast
