// The high-contrast theme and the colour maps (app/gui/contrast.h, app/gui/theme.h): every
// text/background pair of the high-contrast theme reaches WCAG AA (4.5:1), and the class
// colours and the diverging map's ends stay distinct for a deuteranope (simulated).
#include <catch2/catch.hpp>

#include "app/gui/contrast.h"
#ifdef DESCENT_TEST_HAS_GUI
#include "app/gui/theme.h"
#endif

using namespace descent::gui::contrast;

TEST_CASE("WCAG contrast ratios are computed as the standard defines them") {
  CHECK(ratio({0x000000}, {0xffffff}) == Approx(21.0));
  CHECK(ratio({0xffffff}, {0xffffff}) == Approx(1.0));
  CHECK(ratio({0x777777}, {0xffffff}) == Approx(4.48).epsilon(0.01));  // the well-known near miss
}

TEST_CASE("high-contrast theme: every text colour on every background reaches WCAG AA 4.5:1") {
  for (const auto& p : kHighContrastText) {
    INFO(p.what << ": " << ratio(p.fg, p.bg));
    CHECK(ratio(p.fg, p.bg) >= kWcagAA);
  }
}

TEST_CASE("deuteranopia simulation: red and green collapse, blue and orange do not") {
  const auto red = deuteranopia(0.8, 0.1, 0.1), green = deuteranopia(0.1, 0.6, 0.1);
  CHECK(delta_e({0.8, 0.1, 0.1}, {0.1, 0.6, 0.1}) > 80);  // far apart for normal vision ...
  CHECK(delta_e(red, green) < 25);                          // ... close for a deuteranope
}

#ifdef DESCENT_TEST_HAS_GUI
namespace {
std::array<double, 3> as_deut(const descent::gui::Rgb& c) { return deuteranopia(c.r, c.g, c.b); }
}  // namespace

TEST_CASE("colour maps: the class colours and the diverging ends differ for a deuteranope by dE >= 30") {
  using namespace descent::gui;
  // Binary classes (every two-class preset) and the three classes of spiral3.
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b) {
      const double d = delta_e(as_deut(kClassColors[size_t(a)]), as_deut(kClassColors[size_t(b)]));
      INFO("classes " << a << " and " << b << ": dE " << d);
      CHECK(d >= kMinDeuteranopeDeltaE);
    }
  CHECK(delta_e(as_deut(kBlue), as_deut(kOrange)) >= kMinDeuteranopeDeltaE);
  // Each end of the diverging map against its neutral middle.
  CHECK(delta_e(as_deut(kBlue), as_deut(kLightMid)) >= kMinDeuteranopeDeltaE);
  CHECK(delta_e(as_deut(kOrange), as_deut(kLightMid)) >= kMinDeuteranopeDeltaE);
}
#endif
