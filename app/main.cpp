// app/main.cpp — the `descent` binary: the desktop app, or the headless CLI with --headless.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app/cli.h"
#include "nn/data.h"
#ifdef DESCENT_HAS_GUI
#include "app/gui/gui.h"
#endif

namespace {

constexpr const char* kHelp = R"(descent — watch a neural network learn

Usage:
  descent [FILE.json | PRESET]            open the app on an experiment (default: playground-default)
  descent --headless [FILE.json | PRESET] [--epochs N] [--csv history.csv] [--save out.json] [--quiet]
                    [--layers-csv layers.csv] [--inspect INDEX] [--diagnose]
  descent --list-presets
  descent --help | --version

Headless mode trains without a window, shows a progress bar on a terminal (plain lines
otherwise), prints the final metrics and exits 0. A bad file or flag exits 2 with one line
naming the file and the field (or CSV line).
  --epochs N        train N epochs instead of the experiment's training.epochs
  --csv FILE        write the history: epoch,train_loss,test_loss,penalty,train_accuracy,
                    test_accuracy,lr — one row per epoch from epoch 0, 17 significant digits;
                    accuracy columns are empty for regression, test columns when there is no
                    test set
  --save FILE       save the experiment with its trained weights (loadable, re-trainable)
  --quiet           print only the final line
  --layers-csv FILE per-layer statistics, one row per epoch and weight layer:
                    epoch,layer,weight_norm,grad_norm,update_ratio,dead_fraction,
                    saturated_fraction,z_mean,z_std,a_mean,a_std,delta_std (over up to 256
                    training points; grad_norm and update_ratio empty at epoch 0)
  --inspect INDEX   print training point INDEX's forward and backward pass with the final
                    weights (--epochs 0: the initial ones) as one line of JSON and nothing else:
                    {"index","x","target","loss","layers":[{"z","a","delta","dW","db",
                    "W_update","b_update"}]} (dW, W_update: one array per neuron; *_update: the
                    step the optimizer would take on this sample alone)
  --diagnose        after the run, the doctor's findings, one a line, "id: explanation" (ids:
                    vanishing_gradients exploding_gradients dead_units saturated_units
                    lr_too_high lr_too_low overfitting underfitting), or "healthy: ..."

App options (tests and docs):
  --screenshot FILE.png   render --frames N frames (default 60), save the window, exit
  --frames N
  --play                  start training at once
  --exit-after SECONDS    quit after this long whatever happens
  --exit-when-done        quit once training stops by itself (epoch limit, loss threshold,
                          divergence)
  --print-state           print the final state as JSON on exit

In the app: Space play/pause, S or Right step an epoch (Shift: one step), R reset,
Ctrl+S save, Ctrl+O open, Ctrl +/- UI scale, F11 fullscreen. Drop a .json or .csv to load it.

Experiments are JSON files (see README.md); presets live in assets/presets/.
)";

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "descent: %s (see descent --help)\n", msg.c_str());
  std::exit(2);
}

bool parse_number(const char* s, double& out) {
  char* end = nullptr;
  out = std::strtod(s, &end);
  return end != s && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  bool headless = false;
  descent::HeadlessOptions h;
#ifdef DESCENT_HAS_GUI
  descent::GuiOptions g;
#endif
  std::string experiment;
  bool gui_only_flag = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* what) -> std::string {
      if (i + 1 >= argc) usage_error(a + " needs " + what);
      return argv[++i];
    };
    auto number = [&](const char* what) {
      const std::string v = value(what);
      double d;
      if (!parse_number(v.c_str(), d)) usage_error(a + ": expected " + what + ", got \"" + v + "\"");
      return d;
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--version") {
      std::puts("descent 0.1.0");
      return 0;
    } else if (a == "--list-presets") {
      descent::HeadlessOptions list;
      list.experiment = "--list";
      return descent::run_headless(list);
    } else if (a == "--headless") {
      headless = true;
    } else if (a == "--epochs") {
      const double n = number("a number of epochs");
      if (n < 0 || n != static_cast<long>(n)) usage_error("--epochs: expected a whole number >= 0");
      h.epochs = static_cast<long>(n);
    } else if (a == "--csv") {
      h.csv_path = value("a file name");
    } else if (a == "--save") {
      h.save_path = value("a file name");
    } else if (a == "--quiet") {
      h.quiet = true;
    } else if (a == "--layers-csv") {
      h.inside.layers_csv_path = value("a file name");
    } else if (a == "--inspect") {
      const double n = number("the index of a training point");
      if (n != static_cast<long>(n)) usage_error("--inspect: expected a whole number, got " + std::string(argv[i]));
      h.inside.inspect = true;
      h.inside.index = static_cast<long>(n);
      h.quiet = true;  // stdout is the JSON alone
    } else if (a == "--diagnose") {
      h.inside.diagnose = true;
#ifdef DESCENT_HAS_GUI
    } else if (a == "--screenshot") {
      g.screenshot_path = value("a PNG file name");
      gui_only_flag = true;
    } else if (a == "--frames") {
      g.frames = static_cast<int>(number("a number of frames"));
      gui_only_flag = true;
    } else if (a == "--exit-after") {
      g.exit_after = number("seconds");
      gui_only_flag = true;
    } else if (a == "--play") {
      g.play = true;
      gui_only_flag = true;
    } else if (a == "--exit-when-done") {
      g.exit_when_done = true;
      gui_only_flag = true;
    } else if (a == "--print-state") {
      g.print_state = true;
      gui_only_flag = true;
#endif
    } else if (!a.empty() && a[0] == '-') {
      usage_error("unknown option " + a);
    } else if (experiment.empty()) {
      experiment = a;
    } else {
      usage_error("more than one experiment given: " + experiment + " and " + a);
    }
  }

  if (headless) {
    if (gui_only_flag) usage_error("--screenshot, --frames, --play, --exit-after, --exit-when-done and --print-state need the app, not --headless");
    h.experiment = experiment;
    return descent::run_headless(h);
  }
#ifdef DESCENT_HAS_GUI
  g.experiment_path = experiment.empty() ? descent::default_experiment_path()
                                         : descent::resolve_experiment(experiment);
  return descent::run_gui(g);
#else
  (void)gui_only_flag;
  std::fprintf(stderr, "descent: this build has no window (DESCENT_GUI=OFF); use --headless\n");
  return 2;
#endif
}
