// nn/features.h — the input features computed from a point (x1, x2), TF Playground's seven.
#pragma once

#include <array>
#include <cmath>
#include <optional>
#include <string_view>

namespace nn {

enum class Feature : uint8_t { x1, x2, x1_sq, x2_sq, x1_x2, sin_x1, sin_x2 };

struct FeatureRow {
  Feature id;
  const char* name;    // in experiment files
  const char* label;   // on screen (UTF-8)
  bool uses_x2;        // meaningless for 1-D data sets
  double (*f)(double x1, double x2);
};

inline constexpr std::array<FeatureRow, 7> kFeatures{{
    {Feature::x1, "x1", "x\xe2\x82\x81", false, [](double a, double) { return a; }},
    {Feature::x2, "x2", "x\xe2\x82\x82", true, [](double, double b) { return b; }},
    {Feature::x1_sq, "x1_sq", "x\xe2\x82\x81\xc2\xb2", false, [](double a, double) { return a * a; }},
    {Feature::x2_sq, "x2_sq", "x\xe2\x82\x82\xc2\xb2", true, [](double, double b) { return b * b; }},
    {Feature::x1_x2, "x1_x2", "x\xe2\x82\x81x\xe2\x82\x82", true, [](double a, double b) { return a * b; }},
    {Feature::sin_x1, "sin_x1", "sin(x\xe2\x82\x81)", false, [](double a, double) { return std::sin(a); }},
    {Feature::sin_x2, "sin_x2", "sin(x\xe2\x82\x82)", true, [](double, double b) { return std::sin(b); }},
}};

inline const char* name(Feature f) { return kFeatures[static_cast<int>(f)].name; }
inline double feature_value(Feature f, double x1, double x2) {
  return kFeatures[static_cast<int>(f)].f(x1, x2);
}

}  // namespace nn
