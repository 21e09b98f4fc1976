// app/gui/gui.h — the desktop app's entry point, called by app/main.cpp.
#pragma once

#include <string>

namespace descent {

struct GuiOptions {
  std::string experiment_path;  // empty: the default preset
  std::string screenshot_path;  // non-empty: render `frames` frames, save the window as PNG, exit
  int frames = 60;              // frames to render before the screenshot
  double exit_after = 0.0;      // > 0: exit after this many seconds whatever happens (tests)
  bool play = false;            // start training immediately
  bool exit_when_done = false;  // exit once training stops by itself (finished, converged, diverged)
  bool print_state = false;     // print the final state as JSON on stdout at exit (tests)
  std::string settings_path;    // where UI settings (scale, theme) persist; empty: the default
  // Test hooks (also read from the environment: DESCENT_SELFTEST_FIELD=1, DESCENT_LAYOUT_FILE).
  bool selftest_field = false;  // at exit, compare the shader's field with the CPU's; print it
  std::string layout_path;      // write named widget rectangles here whenever they change
  std::string lesson_path;      // non-empty: open this lesson (--lesson) on its first step
};

// Runs the window until closed. Returns the process exit code (2: no display / no GL 3.3).
int run_gui(const GuiOptions& options);

}  // namespace descent
