// nn/presets.cpp — the preset folder (see presets.h).
#include "nn/presets.h"

#include <algorithm>
#include <exception>
#include <filesystem>

#include "nn/common.h"
#include "nn/experiment.h"

namespace nn {

std::vector<Preset> scan_presets(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(dir), ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  if (ec) throw Error(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Preset> out;
  out.reserve(files.size());
  for (const auto& f : files) {
    Preset p{f.stem().string(), f.string(), "", {}, ""};
    try {
      const Experiment e = load_experiment(p.path);
      p.title = e.title;
      for (const auto& [lang, t] : e.translations)
        if (!t.title.empty()) p.translated_titles[lang] = t.title;
    } catch (const std::exception& err) {
      p.error = err.what();
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace nn
