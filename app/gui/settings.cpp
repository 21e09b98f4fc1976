// app/gui/settings.cpp — UI settings persisted between runs, as a small JSON file:
//   $XDG_CONFIG_HOME/descent/settings.json, else ~/.config/descent/settings.json
//   { "ui_scale": 1.25, "theme": "dark", "language": "zh" }
// "language" is written once the user has chosen one; until then the environment's (LANG)
// applies, so a file from before the switch keeps following LANG.
// A missing file gives the defaults; a file that cannot be used (corrupt, a folder, too large)
// gives the defaults, is reported once and is left as it is. Nothing here stops the app.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "gui/strings.h"
#include "gui/ui.h"
#include "nn/file_io.h"
#include "nn/limits.h"

namespace descent::gui {

std::string Settings::default_path() {
  namespace fs = std::filesystem;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
    return (fs::path(x) / "descent" / "settings.json").string();
  if (const char* h = std::getenv("HOME"); h && *h)
    return (fs::path(h) / ".config" / "descent" / "settings.json").string();
  return "";
}

void Settings::load() {
  if (path.empty()) return;
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return;  // first run
  std::string text;
  try {
    text = nn::read_file(path, nn::limits::kSettingsFileBytes);
  } catch (const std::exception& err) {
    problem = std::string(err.what()) + "; using the default settings";
    keep_file = true;
    return;
  }
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    problem = nn::one_line(path + ": not a valid settings file; using the defaults and leaving it as it is");
    keep_file = true;
    return;
  }
  if (auto it = j.find("ui_scale"); it != j.end() && it->is_number()) {
    const double s = it->get<double>();
    if (std::isfinite(s)) scale = static_cast<float>(std::clamp(s, double(kMinScale), double(kMaxScale)));
  }
  if (auto it = j.find("theme"); it != j.end() && it->is_string()) dark = it->get<std::string>() == "dark";
  Language l = Language::English;  // an unknown code (a newer build's language) is ignored: LANG's then
  if (auto it = j.find("language"); it != j.end() && it->is_string() && language_from_code(it->get<std::string>(), &l))
    language = language_code(l);
}

bool Settings::save() const {
  if (path.empty() || keep_file) return !keep_file;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  nlohmann::json j;
  j["ui_scale"] = std::round(double(scale) * 1000.0) / 1000.0;  // 1.125, not 1.13 (steps are 1/8)
  j["theme"] = dark ? "dark" : "light";
  if (!language.empty()) j["language"] = language;
  try {
    nn::write_file(path, j.dump(2) + "\n");
    return true;
  } catch (const std::exception& err) {
    if (problem.empty()) {  // once: a failing save would otherwise repeat on every change
      problem = err.what();
      std::fprintf(stderr, "descent: %s\n", problem.c_str());
    }
    return false;
  }
}

}  // namespace descent::gui
