// fuzz_settings — the app's settings loader on any settings.json: it never throws, the scale
// stays in the range Ctrl +/- allows, and a problem is reported in one bounded line.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "fuzz_common.h"
#include "gui/ui.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::Scratch scratch("settings.json");
  const std::string& path = scratch.path;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 static_cast<std::streamsize>(size));
  descent::gui::Settings s;
  s.path = path;
  s.load();  // noexcept in spirit: any exception escaping is a finding
  using S = descent::gui::Settings;
  if (!(s.scale >= S::kMinScale && s.scale <= S::kMaxScale)) fuzz::fail("scale out of range", std::to_string(s.scale));
  if (!s.problem.empty()) {
    fuzz::check_message(s.problem);
    if (!s.keep_file) fuzz::fail("a settings file with a problem would be overwritten", s.problem);
  }
  return 0;
}
