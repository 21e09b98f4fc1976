// nn/presets.h — the preset folder (assets/presets/*.json): which experiments it offers.
//
// The one scan of that folder: `descent --list-presets` prints it, the GUI's file dialog lists
// it. Where the folder is (an installed copy, the source tree) is the front end's business.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace nn {

struct Preset {
  std::string name;   // the file's stem: what `descent NAME` opens
  std::string path;   // the file
  std::string title;  // the experiment's title ("" when it has none or does not load)
  std::map<std::string, std::string> translated_titles;  // "zh" → its title, when the file has one
  std::string error;  // why it does not load ("" when it does)
};

// Every *.json in `dir`, sorted by path, each loaded to read its title. Throws nn::Error
// ("DIR: cause") when the folder cannot be read; a bad file is listed with its error.
std::vector<Preset> scan_presets(const std::string& dir);

}  // namespace nn
