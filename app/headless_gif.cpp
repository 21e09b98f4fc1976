// app/headless_gif.cpp — `descent --headless FILE --gif out.gif [--every K]`: the output view
// over the run as an animated GIF, rendered on the CPU (app/gui/animation.h) — no window, no GL.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/cli.h"
#include "nn/experiment.h"
#include "nn/file_io.h"
#include "nn/message.h"
#ifdef DESCENT_HAS_GUI
#include "gui/animation.h"
#endif

namespace descent {

int run_gif(const HeadlessOptions& o) {
#ifdef DESCENT_HAS_GUI
  const std::string path = o.experiment.empty() ? default_experiment_path() : resolve_experiment(o.experiment);
  nn::Experiment e;
  try {
    e = nn::load_experiment(path);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", nn::one_line(ex.what()).c_str());
    return 2;
  }
  try {
    nn::check_writable(o.gif_path);  // before training: a typo must not cost the run
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "descent: %s\n", ex.what());
    return 2;
  }
  gui::AnimationSpec spec;
  spec.path = o.gif_path;
  spec.to = o.epochs >= 0 ? o.epochs : e.training.epochs;
  spec.every = o.gif_every > 0 ? o.gif_every : std::max(1L, spec.to / 100);
  nn::Progress progress;
  const gui::AnimationResult r = gui::export_animation(e, spec, progress);
  if (!r.error.empty()) {
    std::fprintf(stderr, "descent: %s\n", r.error.c_str());
    return 2;
  }
  if (!o.quiet) std::printf("%s: %d frames, epochs 0-%ld every %ld\n", o.gif_path.c_str(), r.frames, spec.to, spec.every);
  return 0;
#else
  (void)o;
  std::fprintf(stderr, "descent: --gif needs the build with the app (DESCENT_GUI=ON): it draws the output view\n");
  return 2;
#endif
}

}  // namespace descent
