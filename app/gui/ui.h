// app/gui/ui.h — what every panel shares: the UI state, the per-frame context, edit helpers.
//
// The one rule the panels follow (docs/DESIGN.md §2): read the frame's `const nn::Snapshot&`,
// send commands to the `nn::Trainer`. Nothing here touches a Session; nothing here locks anything.
//
// Edits are built on `base_experiment()`: the snapshot's experiment, or — when the trainer has
// not yet applied our last edit — that edit, so two quick clicks never lose the first one.
#pragma once

#include <imgui.h>

#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/classroom_state.h"
#include "gui/field.h"
#include "nn/edits.h"
#include "nn/experiment.h"
#include "nn/presets.h"
#include "nn/trainer.h"

namespace descent::gui {

class BoundaryRenderer;
class CachedDrawing;
class GeneratorTiles;
class Thumbnails;

// Persisted between runs (settings.cpp): a small JSON file under the config directory.
struct Settings {
  // The UI scale's range, in steps of 1/8: what Ctrl +/- allows and what a file may set.
  static constexpr float kMinScale = 0.625f, kMaxScale = 3.0f, kScaleStep = 0.125f;
  float scale = 1.0f;  // UI scale (fonts and sizes); Ctrl +/- changes it
  bool dark = false;   // theme
  std::string path;    // where it is stored ("" = not persisted)
  // Set by load() when the file exists but cannot be used (corrupt, a folder, unreadable), or
  // by save() when a save fails: one line for the status bar. A corrupt file is then kept as
  // it is (never rewritten: the user may want to fix it), so `keep_file` stops saves.
  mutable std::string problem;
  bool keep_file = false;
  void load();
  bool save() const;
  static std::string default_path();
};

// Which node of the network the pointer is over (the output view then shows that node).
struct NodeRef {
  static constexpr int kNone = -2;  // no node
  int layer = kNone;  // kNone, kFeatureLayer (unit = index into kFeatures), or weight layer l ≥ 0
  int unit = 0;
  bool valid() const { return layer >= kFeatureLayer; }
  bool operator==(const NodeRef&) const = default;
};

enum class FileAction : uint8_t { none, open_experiment, save_experiment, load_csv, save_csv,
                                  export_png, export_history };

// All UI state in one place (docs/DESIGN.md §6: every show_* flag here, dispatched from
// app.cpp).
struct UiState {
  // panels and windows
  bool show_recipe = false;   // the advanced settings window ("More…" in the top bar)
  bool show_help = false;     // keyboard / mouse help
  bool show_test = true;      // draw test points (outlined) in the output view
  bool discretize = false;    // output view: hard class colours instead of a gradient
  bool show_metric_plot = true;
  bool log_y = true;          // loss plot: logarithmic y axis
  bool paint_enabled = true;  // clicks on the output view add points
  bool fullscreen = false;
  float speed_t = 1.0f;       // speed slider position: 0 = 1 step/s … 1 = as fast as possible

  // output view
  ViewRect view;
  int paint_class = 1;        // multi-class: the class the left button paints
  float paint_value = 0.5f;   // regression: the value painted
  NodeRef hover_node;         // set by the network panel, read by the output view (next frame)
  NodeRef hover_node_next;

  // pending edits (see the file comment)
  std::optional<nn::Experiment> pending_exp;
  uint64_t pending_exp_seq = 0;
  std::optional<nn::Dataset> pending_data;
  uint64_t pending_data_seq = 0;
  bool data_edited = false;   // points were painted / regenerated: saved as "points"

  // files
  std::string current_path;   // the experiment file last opened or saved
  FileAction file_action = FileAction::none;
  std::string file_path_input;
  std::string file_error;
  bool file_open_request = false;                   // open the dialog's popup this frame
  std::optional<std::vector<nn::Preset>> presets;   // the preset folder, scanned on first use

  // status line
  std::string status;
  bool status_error = false;
  double status_time = -1e9;
  uint64_t last_trainer_message_seq = 0;

  // frame statistics (shown in the top bar, printed by --print-state)
  double frame_ms = 0.0;      // smoothed frame interval
  double work_ms = 0.0;       // smoothed time spent building and drawing a frame
  long frames = 0;
  int right_frames = 0;       // frames the → key has been down (its repeat needs a few)
  double events_polled_at = 0.0;  // wall clock (s since 1970) of this frame's event poll

  // the little editor popup opened by clicking a weight or a bias in the network canvas
  int edit_layer = -1, edit_row = 0, edit_col = 0;
  double edit_value = 0.0;
  bool edit_open_request = false;

  // the network canvas's links this frame (kept between frames: no allocation per frame)
  struct NetworkLink {
    int layer, row, col;  // W(layer)(row, col)
    ImVec2 a, b;          // from (source's right edge) to (target's left edge)
    float w;
    float width;          // drawn width in pixels
  };
  std::vector<NetworkLink> network_links;

  // the output panel's working memory, kept between frames (an idle frame allocates nothing)
  struct OutputScratch {
    FieldEvaluator curve;              // 1-D data: the curve y(x1)
    std::vector<ImVec2> curve_points;
    FieldEvaluator probe;              // the read-out under the pointer
    Eigen::MatrixXf probe_x;           // (F, 1)
    std::vector<std::string> marker_tips;  // the loss plot's markers
  };
  OutputScratch output_scratch;

  // test hook: named widget rectangles, written to DESCENT_LAYOUT_FILE when they change
  std::map<std::string, ImVec4> layout;

  // what the pointer is over and what is open, for --print-state (set while drawing)
  struct ParamRef {
    int layer = -1, row = 0, col = 0;  // layer -1: none; col -1: a bias
    double value = 0.0;
  };
  ParamRef hover_param;       // the link or bias under the pointer in the network canvas
  bool edit_popup_open = false;
  double plot_hover_epoch = -1.0;  // epoch of the loss plot's hover read-out (-1: not hovered)
  int window_w = 0, window_h = 0;  // the window's size in screen coordinates

  ClassroomState classroom;  // lessons, questions, presentation mode, animation export
};

// The per-frame context handed to every panel.
struct Ctx {
  nn::Trainer& trainer;
  const nn::Snapshot& snap;
  UiState& ui;
  Settings& settings;
  BoundaryRenderer& boundary;
  Thumbnails& thumbs;
  CachedDrawing& links;       // the network canvas's links, kept in a texture
  CachedDrawing& view_layer;  // the output view's field and points, likewise
  GeneratorTiles& gen_tiles;  // the data panel's generator pictures
  double time = 0.0;    // seconds since start (ImGui::GetTime)
  float s = 1.0f;       // UI scale, for sizes in pixels
};

// --- edits (actions.cpp) -------------------------------------------------------------------
const nn::Experiment& base_experiment(const Ctx& c);
const nn::Dataset& base_data(const Ctx& c);
// Validate and send an edited experiment; on a validation error show it and send nothing.
bool apply_experiment(Ctx& c, nn::Experiment e, const std::string& what = "");
// The one way a control edits the experiment: copy base_experiment(c), let `change` change the
// copy, and apply it (with status `what`) if it differs. Returns true when it was sent.
bool edit_experiment(Ctx& c, const std::function<void(nn::Experiment&)>& change,
                     const std::string& what = "");
void send_data(Ctx& c, nn::Dataset d);
// Step one epoch, or one optimizer step (after the run ended, the trainer extends it).
void step(Ctx& c, bool one_optimizer_step);
void set_status(UiState& ui, std::string msg, bool error = false);

// The experiment as it stands now: snapshot's experiment + current weights + edited points.
nn::Experiment current_experiment(const Ctx& c);

// File actions. Each reports success or the error (naming the path) in the status line.
void open_experiment(Ctx& c, const std::string& path);
void save_experiment(Ctx& c, const std::string& path);
void load_csv(Ctx& c, const std::string& path);
void save_csv(Ctx& c, const std::string& path);
void export_history(Ctx& c, const std::string& path);
std::string encode_png(int w, int h, const uint8_t* rgba);  // PNG bytes; throws nn::Error
void export_png(Ctx& c, const std::string& path);

// The Playground default, used when assets/presets/playground-default.json is missing.
nn::Experiment builtin_default_experiment();

// --- small widgets shared by panels (widgets.cpp) --------------------------------------------
// Record the last item's rectangle under `name` (tests find widgets through it), when it is
// visible (an item scrolled out of its window is not there to be clicked).
void mark(UiState& ui, const char* name);
void mark(UiState& ui, const std::string& name);
void mark_rect(UiState& ui, const char* name, ImVec2 a, ImVec2 b);
// A caption in the small, dim style above a control.
void caption(const char* text);
// Tooltip with a title line and a formula line, when the last item is hovered.
void formula_tooltip(const char* title, const char* formula, const char* extra = nullptr);
// A log-scale slider whose value is committed when the mouse is released (or Enter typed).
// Returns true when *v should be applied.
bool log_slider_commit(const char* label, double* v, double lo, double hi, const char* fmt = "%.3g");
bool slider_commit(const char* label, double* v, double lo, double hi, const char* fmt = "%.3g",
                   bool log = false);
bool input_double_commit(const char* label, double* v, const char* fmt = "%g");
bool slider_int_commit(const char* label, int* v, int lo, int hi, const char* fmt = "%d");
// "1,234,567"
std::string with_commas(long v);
// Compact number for read-outs: 0.0123, 1.23e-05, 12.3k
std::string fmt_num(double v, int sig = 3);
std::string fmt_rate(double per_second);

}  // namespace descent::gui
