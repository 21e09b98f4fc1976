// app/main.cpp — the `descent` binary: the desktop app, or the headless CLI with --headless.
#include <csignal>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "app/cli.h"
#include "nn/data.h"
#include "nn/kernels.h"
#include "nn/limits.h"
#include "nn/message.h"
#ifdef DESCENT_HAS_GUI
#include "app/gui/gui.h"
#endif

namespace {

constexpr const char* kHelp = R"(descent — watch a neural network learn

Usage:
  descent [FILE.json | PRESET]            open the app on an experiment (default: playground-default)
  descent --headless [FILE.json | PRESET] [--epochs N] [--csv history.csv] [--save out.json] [--quiet]
                    [--layers-csv layers.csv] [--inspect INDEX] [--diagnose]
  descent --headless [FILE.json | PRESET] --vary KEY=V1,V2,... [--epochs N] [--csv runs.csv]
  descent --headless [FILE.json | PRESET] --lr-find [--csv lrfind.csv]
  descent --headless [FILE.json | PRESET] --landscape out.csv [--grid N] [--epochs N]
  descent --headless --lesson LESSON      check that every step of a lesson loads and its claims hold
  descent --headless [FILE.json | PRESET] --gif out.gif [--every K] [--epochs N]
  descent --lesson LESSON                 open the app on a lesson (assets/lessons/LESSON.json)
  descent --list-presets
  descent --help | --version

Headless mode trains without a window, shows a progress bar on a terminal (plain lines
otherwise), prints the final metrics and exits 0. A bad file or flag exits 2 with one line
naming the file and the field (or CSV line).
  --epochs N        train N epochs instead of the experiment's training.epochs
  --csv FILE        write the history: epoch,train_loss,test_loss,penalty,train_accuracy,
                    test_accuracy,lr — one row per epoch from epoch 0, 17 significant digits;
                    a field is empty when the value does not exist (accuracy for regression,
                    test columns without a test set, train columns without training data);
                    a value a diverged run made non-finite is "nan", "inf" or "-inf"
  --save FILE       save the experiment with its trained weights (loadable, re-trainable);
                    refused (exit 2) when training diverged and the weights are not finite.
                    Output paths are checked before training; files are written whole or
                    not at all
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

The learning-rate lab, headless (one at a time):
  --vary KEY=V1,V2,...  train 1-8 runs that differ in one setting, together, on every core;
                    KEY is the setting's JSON path in the experiment file, e.g.
                    training.optimizer.lr, training.batch_size, network.activation, seed.
                    Each run equals the same experiment trained alone, bit for bit. One line
                    per run; --csv writes a leading value column, then the history columns.
                    KEY alone: the values the app proposes (the rate: /10, x1, x10, x100)
  --lr-find         the learning-rate range test from the initial weights (lr 1e-6 -> 10 over
                    100 steps, stops when the smoothed loss passes 4x its best); prints
                    "suggested lr: X"; --csv writes step,lr,loss,smoothed_loss
  --landscape FILE  train, then write the training loss on a plane of filter-normalized random
                    directions around the weights: FILE has alpha,beta,loss; FILE-path.csv the
                    kept checkpoints projected on it (epoch,alpha,beta); FILE-line.csv the loss
                    from the initial (t=0) to the trained weights (t=1)
  --grid N          the landscape's N x N grid, N odd (default 21)

Lessons and animations:
  --lesson LESSON   a lesson file, or a name from assets/lessons. Headless: load every step,
                    play it as the app does and check each claim (e.g. "loss_noise above the
                    full-batch run's"); one line per claim, exit 2 with one line naming the
                    step when a step does not load or a claim does not hold
  --gif FILE        train and write the output view (256 x 256, training points drawn) as a
                    looping animated GIF, one frame every K epochs, drawn on the CPU
  --every K         with --gif: a frame every K epochs (default: about 100 frames)

App options (tests and docs):
  --screenshot FILE.png   render --frames N frames (default 60), save the window, exit
  --frames N
  --play                  start training at once
  --exit-after SECONDS    quit after this long whatever happens
  --exit-when-done        quit once training stops by itself (epoch limit, loss threshold,
                          divergence)
  --print-state           print the final state as JSON on exit

In the app: Space play/pause, S or Right step an epoch (Shift: one step), R reset,
Ctrl+S save, Ctrl+O open, Ctrl +/- UI scale, F11 fullscreen, F5 presentation
mode (Esc leaves), PgDn/PgUp next/previous lesson step. Drop a .json or .csv to load it.

Environment:
  DESCENT_KERNELS=avx512|avx2|generic|neon   use that build of the training kernels (default:
                    the best this CPU runs; --version names the one in use)

Experiments are JSON files (see README.md); presets live in assets/presets/.
)";

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "descent: %s (see descent --help)\n", msg.c_str());
  std::exit(2);
}

// A decimal number as JSON writes one: from_chars takes no hex ("0x10"), no leading spaces and
// no locale; inf and nan are refused, so flags obey the same rules as experiment files.
bool parse_number(const std::string& s, double& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

double number(const std::string& flag, const std::string& v, const char* what) {
  double d;
  if (!parse_number(v, d)) usage_error(flag + ": expected " + what + ", got \"" + nn::abbreviate(v) + "\"");
  return d;
}

// What the command line asks for.
struct Args {
  bool headless = false;
  descent::HeadlessOptions h;
#ifdef DESCENT_HAS_GUI
  descent::GuiOptions g;
#endif
  std::string experiment;
  bool gui_only_flag = false;
  std::optional<int> answered;  // --help, --version, --list-presets: done, with this exit code
};

// --help, --version and --list-presets answer at once.
std::optional<int> answer(std::string_view a) {
  if (a == "--help" || a == "-h") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (a == "--version") {
    std::printf("descent 0.1.0 (kernels: %s)\n", nn::kernels::active().name);
    return 0;
  }
  if (a == "--list-presets") {
    descent::HeadlessOptions list;
    list.experiment = "--list";
    return descent::run_headless(list);
  }
  return std::nullopt;
}

// The flags, one row each: the value it needs (nullptr: none) and what it sets. Rows with
// `app_only` need the window (refused with --headless).
struct Flag {
  std::string_view name;
  const char* needs;
  bool app_only;
  void (*set)(Args& a, const std::string& flag, const std::string& v);
};

constexpr Flag kFlags[] = {
    {"--headless", nullptr, false, [](Args& a, const std::string&, const std::string&) { a.headless = true; }},
    {"--epochs", "a number of epochs", false,
     [](Args& a, const std::string& f, const std::string& v) {
       const double n = number(f, v, "a number of epochs");
       if (n < 0 || n > double(nn::limits::kEpochs) || n != std::floor(n))
         usage_error("--epochs: expected a whole number 0.." + std::to_string(nn::limits::kEpochs) + ", got " +
                     nn::abbreviate(v));
       a.h.epochs = static_cast<long>(n);
     }},
    {"--csv", "a file name", false, [](Args& a, const std::string&, const std::string& v) { a.h.csv_path = v; }},
    {"--save", "a file name", false, [](Args& a, const std::string&, const std::string& v) { a.h.save_path = v; }},
    {"--quiet", nullptr, false, [](Args& a, const std::string&, const std::string&) { a.h.quiet = true; }},
    {"--vary", "KEY=V1,V2,...", false, [](Args& a, const std::string&, const std::string& v) { a.h.vary = v; }},
    {"--lr-find", nullptr, false, [](Args& a, const std::string&, const std::string&) { a.h.lr_find = true; }},
    {"--landscape", "a CSV file name", false,
     [](Args& a, const std::string&, const std::string& v) { a.h.landscape_path = v; }},
    {"--grid", "a grid size", false,
     [](Args& a, const std::string& f, const std::string& v) {
       const double n = number(f, v, "a grid size");
       if (n < 1 || n > 1001 || n != static_cast<int>(n)) usage_error("--grid: expected a whole number, odd, 3 to 201");
       a.h.grid = static_cast<int>(n);
     }},
    {"--layers-csv", "a file name", false,
     [](Args& a, const std::string&, const std::string& v) { a.h.inside.layers_csv_path = v; }},
    {"--inspect", "the index of a training point", false,
     [](Args& a, const std::string& f, const std::string& v) {
       const double n = number(f, v, "the index of a training point");
       if (n != static_cast<long>(n)) usage_error("--inspect: expected a whole number, got " + v);
       a.h.inside.inspect = true;
       a.h.inside.index = static_cast<long>(n);
       a.h.quiet = true;  // stdout is the JSON alone
     }},
    {"--diagnose", nullptr, false, [](Args& a, const std::string&, const std::string&) { a.h.inside.diagnose = true; }},
    {"--lesson", "a lesson file or name", false,
     [](Args& a, const std::string&, const std::string& v) {
       a.h.lesson = v;
#ifdef DESCENT_HAS_GUI
       a.g.lesson_path = descent::resolve_lesson(v);
#endif
     }},
    {"--gif", "a GIF file name", false, [](Args& a, const std::string&, const std::string& v) { a.h.gif_path = v; }},
    {"--every", "a number of epochs", false,
     [](Args& a, const std::string& f, const std::string& v) {
       const double n = number(f, v, "a number of epochs");
       if (n < 1 || n > double(nn::limits::kEpochs) || n != std::floor(n))
         usage_error("--every: expected a whole number of epochs >= 1, got " + nn::abbreviate(v));
       a.h.gif_every = static_cast<long>(n);
     }},
#ifdef DESCENT_HAS_GUI
    {"--screenshot", "a PNG file name", true,
     [](Args& a, const std::string&, const std::string& v) { a.g.screenshot_path = v; }},
    {"--frames", "a number of frames", true,
     [](Args& a, const std::string& f, const std::string& v) { a.g.frames = static_cast<int>(number(f, v, "a number of frames")); }},
    {"--exit-after", "seconds", true,
     [](Args& a, const std::string& f, const std::string& v) { a.g.exit_after = number(f, v, "seconds"); }},
    {"--play", nullptr, true, [](Args& a, const std::string&, const std::string&) { a.g.play = true; }},
    {"--exit-when-done", nullptr, true, [](Args& a, const std::string&, const std::string&) { a.g.exit_when_done = true; }},
    {"--print-state", nullptr, true, [](Args& a, const std::string&, const std::string&) { a.g.print_state = true; }},
#endif
};

const Flag* find_flag(std::string_view name) {
  for (const Flag& f : kFlags)
    if (f.name == name) return &f;
  return nullptr;
}

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((args.answered = answer(a))) return args;
    if (const Flag* f = find_flag(a)) {
      std::string v;
      if (f->needs) {
        if (i + 1 >= argc || argv[i + 1][0] == '\0') usage_error(a + " needs " + f->needs);
        v = argv[++i];
      }
      f->set(args, a, v);
      args.gui_only_flag |= f->app_only;
    } else if (!a.empty() && a[0] == '-') {
      usage_error("unknown option " + nn::abbreviate(a));
    } else if (args.experiment.empty()) {
      args.experiment = a;
    } else {
      usage_error("more than one experiment given: " + args.experiment + " and " + a);
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  // A write past `ulimit -f` then fails with EFBIG, which the writer reports, instead of the
  // signal killing the process mid-save.
  std::signal(SIGXFSZ, SIG_IGN);
  Args args = parse_args(argc, argv);
  if (args.answered) return *args.answered;
  if (args.headless) {
    if (args.gui_only_flag)
      usage_error("--screenshot, --frames, --play, --exit-after, --exit-when-done and --print-state need the app, not --headless");
    args.h.experiment = args.experiment;
    return descent::run_headless(args.h);
  }
  if (!args.h.gif_path.empty() || args.h.gif_every)
    usage_error("--gif and --every need --headless (in the app: File > Export animation)");
  if (descent::lab_mode(args.h)) usage_error("--vary, --lr-find, --landscape and --grid need --headless");
#ifdef DESCENT_HAS_GUI
  args.g.experiment_path = args.experiment.empty() ? descent::default_experiment_path()
                                                   : descent::resolve_experiment(args.experiment);
  return descent::run_gui(args.g);
#else
  std::fprintf(stderr, "descent: this build has no window (DESCENT_GUI=OFF); use --headless\n");
  return 2;
#endif
}
