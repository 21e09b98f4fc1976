// app/gui/settings.cpp — UI settings persisted between runs, as a small JSON file:
//   $XDG_CONFIG_HOME/descent/settings.json, else ~/.config/descent/settings.json
//   { "ui_scale": 1.25, "theme": "dark" }
// A missing or unreadable file gives the defaults; nothing here ever stops the app.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gui/ui.h"

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
  std::ifstream in(path);
  if (!in) return;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return;
  if (auto it = j.find("ui_scale"); it != j.end() && it->is_number())
    scale = std::clamp(it->get<float>(), 0.5f, 3.0f);
  if (auto it = j.find("theme"); it != j.end() && it->is_string()) dark = it->get<std::string>() == "dark";
}

bool Settings::save() const {
  if (path.empty()) return true;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  nlohmann::json j;
  j["ui_scale"] = std::round(double(scale) * 1000.0) / 1000.0;  // 1.125, not 1.13 (steps are 1/8)
  j["theme"] = dark ? "dark" : "light";
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    if (!out) return false;
    out << j.dump(2) << "\n";
    if (!out) return false;
  }
  fs::rename(tmp, path, ec);
  return !ec;
}

}  // namespace descent::gui
