// app/gui/animation.h — the run as an animation for slides: the output view rendered on the
// CPU (cpu_colors, the shader's twin) at chosen epochs, written as an animated GIF (app/gif.h)
// or a numbered PNG sequence. The run is replayed from the experiment's initial weights on the
// calling thread (a worker's, in the app: nn::Background), so the UI keeps running; same seed,
// same frames, the app's and `descent --headless --gif`'s alike.
// AnimationWriter is where frames become files, for this and for the whole window's recording
// (gui/recording.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/gif.h"
#include "nn/background.h"
#include "nn/experiment.h"
#include "nn/file_io.h"

namespace descent::gui {

struct AnimationSpec {
  std::string path;           // out.gif, or for PNGs the first file's pattern base (out → out-0001.png)
  bool png_sequence = false;
  long from = 0, to = 100;    // epoch range, inclusive
  long every = 1;             // a frame every K epochs
  double fps = 10.0;
  int scale = 1;              // 1× or 2× (256 or 512 pixels square; the window: its size or twice)
  bool dark = false;
  bool whole_window = false;  // the export window's choice: the window recorded (gui/recording.h)
};

struct AnimationResult {
  int frames = 0;
  bool cancelled = false;
  std::string error;          // one line, "" on success
};

// Frames in, file(s) out, whole or nothing. A GIF is encoded as each frame comes (each frame
// quantized to its own palette and compressed: no frame kept whole) and written by finish();
// a PNG sequence writes each frame's file as it comes, under a temporary name (nn::AtomicFile,
// prepared), and finish() renames them all. Dropped before finish() (cancelled, failed),
// nothing is left behind. Frames are RGBA8, rows top first, width × height.
class AnimationWriter {
 public:
  AnimationWriter(const AnimationSpec& spec, int width, int height);  // throws nn::Error
  void add(const uint8_t* rgba);  // throws nn::Error
  void finish();                  // throws nn::Error (then nothing is left either)
  int frames() const { return frames_; }

 private:
  AnimationSpec spec_;
  int w_, h_, frames_ = 0;
  std::unique_ptr<GifEncoder> gif_;
  std::vector<std::unique_ptr<nn::AtomicFile>> pngs_;
};

// Frames go to the file(s) only once all are rendered: a cancelled or failed export writes
// nothing. Progress in `p` (0..1); p.cancelled() is checked between epochs and frames.
AnimationResult export_animation(const nn::Experiment& e, const AnimationSpec& spec, nn::Progress& p);

// The PNG sequence's file names: "out.png" → "out-0001.png", "out-0002.png", ...
std::string sequence_name(const std::string& path, int frame);

}  // namespace descent::gui
