// app/cli.h — command-line parsing and the headless runner (no window needed).
#pragma once

#include <string>
#include <vector>

namespace descent {

// Where the presets live: $DESCENT_ASSETS, else next to the binary, else the source tree.
std::string assets_dir();
// A preset name ("spiral-adam") or a path: the path of the experiment file.
std::string resolve_experiment(const std::string& name_or_path);
std::string default_experiment_path();

// Looking inside a headless run (app/headless_inspect.cpp).
struct InspectOptions {
  std::string layers_csv_path;  // --layers-csv FILE
  bool inspect = false;         // --inspect INDEX
  long index = -1;
  bool diagnose = false;        // --diagnose
};

struct HeadlessOptions {
  std::string experiment;  // path or preset name; empty: the default preset
  long epochs = -1;        // -1: the experiment's own
  std::string csv_path;
  std::string save_path;
  bool quiet = false;
  InspectOptions inside;
};

// Trains without a window. Returns the exit code (0 ok, 2 bad file or flag).
int run_headless(const HeadlessOptions& o);

}  // namespace descent
