// app/gui/animation.h — the run as an animation for slides: the output view rendered on the
// CPU (cpu_colors, the shader's twin) at chosen epochs, written as an animated GIF (app/gif.h)
// or a numbered PNG sequence. The run is replayed from the experiment's initial weights on the
// calling thread (a worker's, in the app: nn::Background), so the UI keeps running; same seed,
// same frames, the app's and `descent --headless --gif`'s alike.
#pragma once

#include <string>

#include "nn/background.h"
#include "nn/experiment.h"

namespace descent::gui {

struct AnimationSpec {
  std::string path;           // out.gif, or for PNGs the first file's pattern base (out → out-0001.png)
  bool png_sequence = false;
  long from = 0, to = 100;    // epoch range, inclusive
  long every = 1;             // a frame every K epochs
  double fps = 10.0;
  int scale = 1;              // 1× or 2× (256 or 512 pixels square)
  bool dark = false;
};

struct AnimationResult {
  int frames = 0;
  bool cancelled = false;
  std::string error;          // one line, "" on success
};

// Frames go to the file(s) only once all are rendered: a cancelled or failed export writes
// nothing. Progress in `p` (0..1); p.cancelled() is checked between epochs and frames.
AnimationResult export_animation(const nn::Experiment& e, const AnimationSpec& spec, nn::Progress& p);

// The PNG sequence's file names: "out.png" → "out-0001.png", "out-0002.png", ...
std::string sequence_name(const std::string& path, int frame);

}  // namespace descent::gui
