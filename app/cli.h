// app/cli.h — command-line parsing and the headless runner (no window needed).
#pragma once

#include <string>
#include <vector>

namespace descent {

// Where the presets live: $DESCENT_ASSETS, else assets/ beside the binary (the build tree's
// links to the sources'), else ../share/descent/assets from it (installed), else ./assets.
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
  // The learning-rate lab (app/headless_lab.cpp): one of these at a time.
  std::string vary;            // --vary KEY=V1,V2,...
  bool lr_find = false;        // --lr-find
  std::string landscape_path;  // --landscape FILE.csv
  int grid = 0;                // --grid N (0: the default)
  InspectOptions inside;
  std::string lesson;          // --lesson FILE: check a lesson (app/headless_lesson.cpp)
  std::string gif_path;        // --gif FILE: the output view over the run (app/headless_gif.cpp)
  long gif_every = 0;          // --every K: a frame every K epochs (0: about 100 frames)
};

// True when o asks for the lab; run_lab then runs it (exit code as run_headless).
bool lab_mode(const HeadlessOptions& o);
int run_lab(const HeadlessOptions& o);

// A lesson name ("neuron") or a path: the path of the lesson file.
std::string resolve_lesson(const std::string& name_or_path);
// --lesson: load every step, run every check; 0 when all hold, 2 with one line otherwise.
int run_lesson(const HeadlessOptions& o);
// --gif: train and write the output view as an animated GIF; 0, or 2 with one line.
int run_gif(const HeadlessOptions& o);

// Trains without a window. Returns the exit code (0 ok, 2 bad file or flag).
int run_headless(const HeadlessOptions& o);

}  // namespace descent
