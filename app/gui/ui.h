// app/gui/ui.h — what every panel shares: the UI state, the per-frame context, edit helpers.
//
// The one rule the panels follow (docs/DESIGN.md §2): read the frame's `const nn::Snapshot&`,
// send commands to the `nn::Trainer`. Nothing here touches a Session; nothing here locks anything.
//
// Edits are built on `base_experiment()`: the snapshot's experiment, or — when the trainer has
// not yet applied our last edit — that edit, so two quick clicks never lose the first one.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/classroom_state.h"
#include "gui/field.h"
#include "gui/lab.h"
#include "gui/plot.h"
#include "nn/doctor.h"
#include "nn/edits.h"
#include "nn/experiment.h"
#include "nn/presets.h"
#include "nn/trainer.h"
#include "nn/undo.h"

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
  std::string language;  // "en" / "zh" as chosen in the help window; "" = never chosen: LANG's
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

// One step of the undo history (Ctrl+Z / Ctrl+Shift+Z): the experiment before an edit of the
// data, the network or the recipe, and for a weight or bias typed in the editor, its value.
struct EditState {
  struct Param {
    int layer = 0, row = 0, col = 0;  // col < 0: a bias
    double value = 0.0;
  };
  nn::Experiment exp;
  std::optional<Param> param;
};

enum class FileAction : uint8_t { none, open_experiment, save_experiment, load_csv, save_csv,
                                  export_png, export_history };

// Look inside the network (issue 13): what the plots' tabs, the Layers plot, the distributions,
// the inspector, the doctor strip and the canvas's gradient links show, and their caches (kept
// between frames; rebuilt only when the snapshot's part they come from was replaced).
enum class PlotTab : uint8_t { loss, layers, distributions, confusion };
enum class LayerMetric : uint8_t { grad_norm, update_ratio, weight_norm };
enum class InspectStage : uint8_t { none, forward, loss, backward, update };
struct InsideState {
  bool tools_in_strip = false;  // the network header had no room: its tools are in the doctor's strip
  PlotTab tab = PlotTab::loss;
  LayerMetric metric = LayerMetric::grad_norm;
  int dist_layer = -1;         // -1: every layer, stacked
  int dist_var = 1;            // 0 z, 1 a, 2 δ
  bool link_gradients = false; // canvas links: |∂L/∂w| of the last step instead of w
  float grad_max = 0.0f;       // the largest |∂L/∂w| this frame (the gradient links' scale)
  // the backpropagation inspector
  bool inspector_open = false;
  bool inspector_focus = false;   // bring the window to the front next frame
  int index = -1;                 // the training point shown (-1: none)
  int requested = -1;             // the one asked of the trainer (Trainer::inspect)
  int index_input = 0;
  InspectStage stage = InspectStage::none;
  int stage_layer = 0;            // weight layer of the stage (forward, backward, update)
  // the Layers plot's series (one x column, one y column per layer)
  const void* layers_key = nullptr;  // the LayerHistory they were built from
  LayerMetric layers_metric = LayerMetric::grad_norm;
  std::vector<double> layer_epochs;
  std::vector<std::vector<double>> layer_values;  // [layer][row]
  std::vector<double> dist_buffer;                // a distribution plot's columns (scratch)
  // the doctor's findings, for the history and layer history they were taken from
  const void* doctor_key[2] = {nullptr, nullptr};
  bool doctor_diverged = false;
  std::vector<nn::Finding> findings;
  // the confusion matrix / predicted-vs-actual of the test set (train when none), recomputed
  // when the weights changed and at most ~4 times a second
  uint64_t eval_params = ~uint64_t(0);
  double eval_time = -1.0;
  int eval_classes = 0;
  bool eval_test = true;
  std::vector<int> confusion;                // [actual * K + predicted]
  std::vector<float> predicted, actual;      // regression
  FieldEvaluator eval;
  Eigen::MatrixXf eval_x;                    // (F, n)
  // the hovered neuron's activation histogram over the training points
  FieldEvaluator hist_eval;
  Eigen::MatrixXf hist_x;                    // (F, n)
  uint64_t hist_params = ~uint64_t(0);
  double hist_time = -1.0;
  std::vector<int> histogram;
  float hist_lo = 0, hist_hi = 0;
  int hist_layer = -1, hist_unit = 0;
};

// What our widgets (widgets.cpp) remember from one frame to the next. Dear ImGui keeps its own
// widgets' state in its context; ours is UiState::widgets, hung on that context by
// bind_widget_state (ImGuiIO::UserData), so a slider need not be handed the UiState.
struct WidgetState {
  // The commit-slider or field being edited (ImGui has one active item at a time) and its
  // value while it is: reported to the panel once, on release or Enter.
  ImGuiID editing_id = 0;
  double editing_value = 0.0;
  // The last slider drawn: its value's text and its grab, for mark() (the layout check reads
  // them: the text must never be under the grab).
  ImGuiID slider_id = 0;
  ImVec2 slider_text_a, slider_text_b, slider_grab_a, slider_grab_b;
  bool slider_has_text = false;
};

// All UI state in one place (docs/DESIGN.md §6: every show_* flag here, dispatched from
// app.cpp).
struct UiState {
  // panels and windows
  bool show_recipe = false;   // the recipe sheet (the top bar's "Recipe"), in the data panel's place
  float recipe_scroll_max = 0.0f;  // how far the recipe sheet scrolls (0: every row in sight)
  bool show_help = false;     // keyboard / mouse help
  bool show_test = true;      // draw test points (outlined) in the output view
  bool discretize = false;    // output view: hard class colours instead of a gradient
  bool show_metric_plot = true;
  bool log_y = true;          // loss plot: logarithmic y axis
  bool paint_enabled = false; // clicks on the output view add points (off until asked for:
                              // a stray click must not change the lesson's data)
  bool fullscreen = false;
  float speed_t = 1.0f;       // pace slider position (pace_of_slider): 0.1 epochs/s … 1 = max
  double pace_before_max = 60.0;  // epochs per second "max" toggles back to (kDefaultPace at first)
  std::string lr_caption;     // the top bar's "LR now …" under a schedule ("" otherwise)
  std::string pace_caption;   // the top bar's pace with its value ("Pace · 60 ep/s")
  bool go_on_request = false;
  bool go_on_open = false; // Play after the epoch limit: ask whether to go on (status_bar.cpp)

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
  nn::UndoStack<EditState> undo;  // every edit sent through apply_experiment / send_data / set_parameter
  uint64_t paint_stroke = 0;  // the current paint stroke: its points are one undo step
  WidgetState widgets;        // the widgets' own (bind_widget_state)
  bool painting = false;      // a stroke is under way (the button held on the output view)
  ImVec2 paint_last;          // where it put its last point (the next one comes 10 px on)

  // files
  std::string current_path;   // the experiment file last opened or saved
  FileAction file_action = FileAction::none;
  std::string file_path_input;
  std::string file_error;
  int export_kind = 0;        // Export PNG: 0 the output view, 1 the window, 2 the window at 2×
  std::string window_export_path;  // a window export asked for; the loop takes it next frame
  int window_export_factor = 1;
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
  double right_down_at = 0.0; // glfwGetTime() when → went down (its repeat needs 0.8 s)
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

  // every plot's layout this frame (ticks, ranges, legend), by name: "loss", "metric", "lr"
  std::map<std::string, plot::Layout> plots;

  // test hook: named widget rectangles (x, y, w, h), written to DESCENT_LAYOUT_FILE when they
  // change; `clipped`: part of the widget or of its text is cut off (not scrolled away).
  struct LayoutItem {
    ImVec4 r;
    bool clipped = false;
  };
  std::map<std::string, LayoutItem> layout;

  // what the pointer is over and what is open, for --print-state (set while drawing)
  struct ParamRef {
    int layer = -1, row = 0, col = 0;  // layer -1: none; col -1: a bias
    double value = 0.0;
  };
  ParamRef hover_param;       // the link or bias under the pointer in the network canvas
  bool edit_popup_open = false;
  std::string banner_head;    // the divergence banner's first line (what happened) as shown
  std::string banner_hint;    // the divergence banner's advice as shown
  double plot_hover_epoch = -1.0;  // epoch of the loss plot's hover read-out (-1: not hovered)
  InsideState inside;         // look inside: Layers plot, distributions, inspector, doctor
  int window_w = 0, window_h = 0;  // the window's size in screen coordinates

  LabState lab;  // the learning-rate lab: compare, LR range test, landscape, timeline (gui/lab.h)
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
// Painted or cleared points; `stroke` groups the points of one paint stroke into one undo step.
void send_data(Ctx& c, nn::Dataset d, uint64_t stroke = 0);
// A weight (col ≥ 0) or bias (col < 0) typed in the network canvas's editor, undoable.
void set_parameter(Ctx& c, int layer, int row, int col, double value);
// Ctrl+Z / Ctrl+Shift+Z: go back to the state before the last edit, or forward again.
void undo_edit(Ctx& c, bool redo);
// Play or pause (Space, the play button). Play after the run paused at its epoch limit or loss
// threshold asks first whether to go on (ui.go_on_request).
void play_or_pause(Ctx& c);
// The pace: the slider's position ↔ epochs per second (0 = max), and the pace an experiment
// asks for (its "app.pace", else kDefaultPace) sent to the trainer.
// Playground trains one epoch per displayed frame: 60 epochs per second on a 60 Hz screen.
inline constexpr double kDefaultPace = 60.0;
double pace_of_slider(float t);
float slider_of_pace(double epochs_per_second);
void set_pace(UiState& ui, nn::Trainer& trainer, double epochs_per_second);
void adopt_pace(UiState& ui, nn::Trainer& trainer, const nn::Experiment& e);
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
// Hang `w` on the current ImGui context for the widgets below (once, after CreateContext).
void bind_widget_state(WidgetState* w);
// Record the last item's rectangle under `name` (tests find widgets through it), when it is
// visible (an item scrolled out of its window is not there to be clicked).
void mark(UiState& ui, const char* name);
void mark(UiState& ui, const std::string& name);
void mark_rect(UiState& ui, const char* name, ImVec2 a, ImVec2 b, bool clipped = false);
// Record the current window's whole rectangle (title bar and border included) under `name`;
// recorded as clipped when part of it is outside the main viewport.
void mark_window(UiState& ui, const char* name);
// mark(), and whether `text` fits the last item: its width less the frame padding and
// `reserved` pixels (a combo's arrow). A text that does not fit is recorded as clipped.
void mark_text(UiState& ui, const std::string& name, const char* text, float reserved = 0.0f);
// A caption in the small, dim style above a control.
void caption(const char* text);
// Tooltip with a title line and a formula line, when the last item is hovered.
void formula_tooltip(const char* title, const char* formula, const char* extra = nullptr);
// Our sliders draw their value where the grab never covers it (a fill to the value, the text
// over it, the grab a bar under the text; widgets.cpp), and mark() records both (NAME_value,
// NAME_grab) for the layout check. slider_float: ImGui::SliderFloat so drawn ("" for no text).
bool slider_float(const char* label, float* v, float lo, float hi, const char* fmt, ImGuiSliderFlags flags = 0);
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
