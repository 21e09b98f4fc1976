// app/gui/state_dump.cpp — the --print-state object that tests read (see test_hooks.h): one
// JSON object, built in groups, whose keys the GUI tests (tests/gui/*.sh) name.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "gui/classroom.h"
#include <numeric>

#include "gui/boundary.h"
#include "gui/cached_drawing.h"
#include "gui/panels/inside.h"
#include "gui/strings.h"
#include "gui/test_hooks.h"
#include "gui/theme.h"
#include "gui/thumbnails.h"
#include "nn/history_csv.h"
#include "nn/reasons.h"
#include "nn/session.h"

namespace descent::gui {

namespace {

using nlohmann::json;

// Names as the state file spells them, indexed by the enums.
constexpr const char* kStateNames[] = {"running", "finished", "converged", "diverged", "no_data"};
constexpr const char* kSourceNames[] = {"generator", "csv", "points"};
constexpr const char* kActionNames[] = {"none",     "open_experiment", "save_experiment", "load_csv",
                                        "save_csv", "export_png",      "export_history"};

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json summary(std::vector<float> v) {
  json j;
  if (v.empty()) return j;
  std::sort(v.begin(), v.end());
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  j["frames"] = v.size();
  j["mean_ms"] = std::round(mean * 100) / 100;
  j["p50_ms"] = std::round(v[v.size() / 2] * 100) / 100;
  j["p95_ms"] = std::round(v[std::min(v.size() - 1, v.size() * 95 / 100)] * 100) / 100;
  j["fps"] = std::round(1000.0 / mean * 10) / 10;
  return j;
}

// The run and its recipe, as the snapshot's experiment says them.
void add_run(json& j, const nn::Snapshot& s) {
  const nn::Experiment& e = *s.experiment;
  j["epoch"] = s.epoch;
  j["steps"] = s.steps;
  j["playing"] = s.playing;
  j["state"] = kStateNames[int(s.state)];
  j["lr"] = e.training.optimizer.lr;
  j["lr_in_force"] = s.lr;
  j["optimizer"] = nn::name(e.training.optimizer.kind);
  j["batch_size"] = e.training.batch_size;
  j["hidden"] = e.network.hidden;
  json acts = json::array();
  for (auto a : e.network.activations) acts.push_back(nn::name(a));
  j["activations"] = acts;
  j["output"] = nn::name(e.network.output);
  j["loss"] = nn::name(e.loss);
  json feats = json::array();
  for (auto f : e.features) feats.push_back(nn::name(f));
  j["features"] = feats;
  j["l1"] = e.training.l1;
  j["l2"] = e.training.l2;
  j["dropout"] = e.training.dropout;
  j["seed"] = e.seed;
  j["title"] = e.title;
  if (const auto& d = s.divergence)  // the engine's English (the CLI's words) and the kinds
    j["divergence"] = {{"epoch", d->epoch},
                       {"cause", nn::name(d->cause)},
                       {"what", nn::english(d->cause)},
                       {"advice", nn::name(nn::divergence_advice(d->lr, d->lr).kind)},
                       {"hint", nn::english(nn::divergence_advice(d->lr, d->lr))}};
  else j["divergence"] = nullptr;
  j["speed_limit"] = s.speed_limit;
  j["pace"] = s.pace;
  j["limits_lifted"] = s.limits_lifted;
  j["epochs_limit"] = e.training.epochs;
  j["steps_per_second"] = std::round(s.steps_per_second);
  j["trainer_message"] = s.message;
}

// The data: its spec, its counts by split and class, and the last point (the one painted last).
void add_data(json& j, const nn::Snapshot& s, const UiState& ui) {
  const nn::Experiment& e = *s.experiment;
  j["data_seed"] = nn::data_seed(e);
  j["data_source"] = kSourceNames[int(e.data.source)];
  j["generator"] = e.data.generator;
  j["n"] = e.data.n;
  j["noise"] = e.data.noise;
  j["train_ratio"] = e.data.train_ratio;
  j["task"] = s.data && s.data->task == nn::Task::regression ? "regression" : "classification";
  j["points"] = s.data ? s.data->points.size() : 0;
  j["train_count"] = s.data ? s.data->train_count() : 0;
  j["test_count"] = s.data ? s.data->test_count() : 0;
  j["classes"] = s.data ? s.data->classes : 0;
  j["data_edited"] = ui.data_edited;
  if (s.data && s.data->task == nn::Task::classification) {
    std::vector<int> counts(size_t(std::max(0, s.data->classes)), 0);
    for (const auto& p : s.data->points)
      if (p.y >= 0 && size_t(p.y) < counts.size()) ++counts[size_t(p.y)];
    j["class_counts"] = counts;
  } else {
    j["class_counts"] = nullptr;
  }
  if (s.data && !s.data->points.empty()) {
    const auto& p = s.data->points.back();
    j["last_point"] = {{"x1", p.x1}, {"x2", p.x2}, {"y", p.y}, {"test", p.test}};
  } else {
    j["last_point"] = nullptr;
  }
}

// The last history row, with the losses also as the CLI's CSV writes them.
void add_history(json& j, const nn::Snapshot& s) {
  if (!s.history || s.history->empty()) return;
  const auto& last = s.history->last();
  j["history_epoch"] = last.epoch;
  j["train_loss"] = finite_or_null(last.train_loss);
  j["test_loss"] = finite_or_null(last.test_loss);
  j["train_loss_17g"] = nn::csv_number(last.train_loss);
  j["test_loss_17g"] = nn::csv_number(last.test_loss);
  j["train_metric"] = finite_or_null(last.train_metric);
  j["test_metric"] = finite_or_null(last.test_metric);
  j["history_rows"] = s.history->rows().size();
  j["history_first_train_loss_17g"] = s.history->rows().empty() ? "" : nn::csv_number(s.history->rows().front().train_loss);
  // What the output panel shows: the metrics of the weights and data as they are now.
  j["shown"] = {{"train_loss", finite_or_null(s.metrics.train_loss)}, {"test_loss", finite_or_null(s.metrics.test_loss)},
                {"train_metric", finite_or_null(s.metrics.train_metric)},
                {"test_metric", finite_or_null(s.metrics.test_metric)}, {"train_loss_17g", nn::csv_number(s.metrics.train_loss)}};
  j["step_losses"] = s.step_losses ? s.step_losses->points().size() : 0;
  j["markers"] = s.history->markers().size();
}

// The UI: settings, view, open windows, the file dialog, painting, the status line.
void add_ui(json& j, const UiState& ui, const Settings& st) {
  j["ui_scale"] = st.scale;
  j["theme"] = st.dark ? "dark" : "light";
  j["language"] = language_code(language());  // in force (the settings' choice, else LANG's)
  j["glyphs_missing"] = missing_glyphs(translated_text(language()).c_str());  // 0: the fonts cover it
  j["view"] = {ui.view.x0, ui.view.x1, ui.view.y0, ui.view.y1};
  j["discretize"] = ui.discretize;
  j["show_test"] = ui.show_test;
  j["log_y"] = ui.log_y;
  j["fullscreen"] = ui.fullscreen;
  j["window"] = {ui.window_w, ui.window_h};
  j["recipe_open"] = ui.show_recipe;
  j["recipe_scroll_max"] = ui.show_recipe ? ui.recipe_scroll_max : 0.0f;
  j["help_open"] = ui.show_help;
  j["file_dialog"] = ui.file_action == FileAction::none ? json(nullptr) : json(kActionNames[int(ui.file_action)]);
  j["file_error"] = ui.file_error;
  j["current_path"] = ui.current_path;
  j["paint_enabled"] = ui.paint_enabled;
  j["paint_class"] = ui.paint_class;
  j["paint_value"] = ui.paint_value;
  j["undo_steps"] = ui.undo.undo_size();
  j["redo_steps"] = ui.undo.redo_size();
  j["status"] = ui.status;
  j["lr_caption"] = ui.lr_caption;
  j["banner_head"] = ui.banner_head;
  j["pace_caption"] = ui.pace_caption;
  j["banner_hint"] = ui.banner_hint;
  j["go_on_prompt"] = ui.go_on_open;
  j["pace_slider"] = ui.speed_t;
  j["status_error"] = ui.status_error;
  j["frames"] = ui.frames;
  // Wall-clock time (s since 1970) of this frame's event poll: a test knows the app has seen
  // its input once a state file says a later time.
  char t[32];
  std::snprintf(t, sizeof t, "%.3f", ui.events_polled_at);
  j["events_polled_at"] = t;
}

// What the pointer is over: the node the output view shows, the link or bias read out, the
// loss plot's read-out; and the weight editor, when open.
void add_pointer(json& j, const UiState& ui) {
  j["hover_node"] = ui.hover_node.valid() ? json{ui.hover_node.layer, ui.hover_node.unit} : json(nullptr);
  j["hover_param"] = ui.hover_param.layer >= 0
                         ? json{{"layer", ui.hover_param.layer}, {"row", ui.hover_param.row},
                                {"col", ui.hover_param.col}, {"value", ui.hover_param.value}}
                         : json(nullptr);
  j["editing"] = ui.edit_popup_open ? json{{"layer", ui.edit_layer}, {"row", ui.edit_row}, {"col", ui.edit_col}}
                                    : json(nullptr);
  j["plot_hover_epoch"] = ui.plot_hover_epoch >= 0 ? json(ui.plot_hover_epoch) : json(nullptr);
}

// The recipe and the network as the experiment file would say them, and the weights (file
// form: W[l][row][col], b[l][row]) while they are few enough to print 10 times a second.
void add_network(json& j, const nn::Snapshot& s) {
  nn::Experiment bare = *s.experiment;
  bare.weights.reset();
  bare.data = nn::DataSpec{};
  const json ej = json::parse(nn::experiment_to_json(bare));
  j["network"] = ej.at("network");
  j["training"] = ej.at("training");
  j["params_finite"] = s.params.allFinite();
  if (s.params.size() != s.arch.parameter_count() || s.params.size() > 4096) {
    j["weights"] = nullptr;
    return;
  }
  const nn::Weights w = nn::weights_from_params(s.arch, s.params);
  json W = json::array();
  for (int l = 0; l < s.arch.layers(); ++l) {
    json rows = json::array();
    const int in = s.arch.fan_in(l);
    for (int r = 0; r < s.arch.fan_out(l); ++r)
      rows.push_back(std::vector<double>(w.W[l].begin() + r * in, w.W[l].begin() + (r + 1) * in));
    W.push_back(rows);
  }
  j["weights"] = {{"W", W}, {"b", w.b}};
}

// What drawing costs: frame statistics and the cached renderers' counters.
void add_costs(json& j, const Ctx& c, const FrameStats& fs) {
  j["max_steps_per_second"] = std::round(fs.max_sps);
  j["frame_stats"] = summary(fs.all_ms);
  j["frame_stats_playing"] = summary(fs.playing_ms);
  j["frame_work"] = summary(fs.work_ms);
  j["startup_ms"] = {{"first_frame", std::round(fs.startup_ms * 10) / 10},
                     {"fonts", std::round(fs.fonts_ms * 10) / 10}};
  j["boundary_renders"] = c.boundary.renders();
  j["shader"] = c.boundary.shader_ok();
  j["thumbnail_refreshes"] = c.thumbs.refreshes();
  j["thumbnail_ms"] = std::round(c.thumbs.last_ms() * 100) / 100;
  j["boundary_render_ms"] = std::round(c.boundary.last_render_ms() * 100) / 100;
  j["link_redraws"] = c.links.redraws();
  j["link_redraw_ms"] = std::round(c.links.last_ms() * 100) / 100;
}

// Look inside: the plots' tab, the Layers plot's series (the latest values and row count), the
// units' states, the link mode, the inspector's stage and pass, the doctor, the confusion matrix.
json inspector_json(const Ctx& c) {
  const InsideState& in = c.ui.inside;
  if (!in.inspector_open) return nullptr;
  json j = {{"index", in.index}, {"stage", stage_name(in.stage)}, {"layer", in.stage_layer}};
  const nn::SamplePass* p = c.snap.inspection.get();
  if (!p || p->index != in.index || c.snap.params.size() > 4096) return j;
  auto vec = [](const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
  json layers = json::array();
  for (const nn::SampleLayer& l : p->layers) {
    json dW = json::array();
    for (Eigen::Index r = 0; r < l.dW.rows(); ++r) dW.push_back(vec(l.dW.row(r).transpose()));
    layers.push_back({{"z", vec(l.z)}, {"a", vec(l.a)}, {"delta", vec(l.delta)}, {"dW", dW}, {"db", vec(l.db)}});
  }
  j["pass"] = {{"index", p->index}, {"x", vec(p->x)}, {"target", vec(p->target)}, {"loss", p->loss}, {"layers", layers}};
  return j;
}

void add_inside(json& j, const Ctx& c) {
  const InsideState& in = c.ui.inside;
  constexpr const char* kTabs[] = {"loss", "layers", "distributions", "confusion"};
  json o;
  o["tab"] = kTabs[int(in.tab)];
  o["layers_metric"] = metric_name(in.metric);
  o["layers_rows"] = in.layer_epochs.size();
  json last = json::array(), first = json::array();
  for (const auto& v : in.layer_values) {
    last.push_back(v.empty() ? json(nullptr) : finite_or_null(v.back()));
    first.push_back(v.empty() ? json(nullptr) : finite_or_null(v.front()));
  }
  o["layers_last"] = last;
  o["layers_first"] = first;
  o["layer_history_rows"] = c.snap.layer_history ? c.snap.layer_history->rows().size() : 0;
  o["dist_layer"] = in.dist_layer;
  o["dist_var"] = dist_var_name(in.dist_var);
  o["links"] = in.link_gradients ? "gradients" : "weights";
  o["grad_max"] = in.grad_max;
  json dead = json::array(), sat = json::array();
  for (const nn::LayerStats& l : c.snap.layers) {
    dead.push_back(std::count(l.units.begin(), l.units.end(), nn::UnitState::dead));
    sat.push_back(std::count(l.units.begin(), l.units.end(), nn::UnitState::saturated));
  }
  o["dead_units"] = dead;
  o["saturated_units"] = sat;
  o["inspector"] = inspector_json(c);
  json doctor = json::array();
  for (const nn::Finding& f : in.findings) doctor.push_back(nn::name(f.id));
  o["doctor"] = doctor;
  o["confusion"] = in.confusion;
  o["confusion_classes"] = in.eval_classes;
  o["eval_points"] = in.actual.size();
  o["hover_histogram"] = in.hist_layer >= 0 ? json{{"layer", in.hist_layer}, {"unit", in.hist_unit}, {"counts", in.histogram}}
                                            : json(nullptr);
  j["inside"] = o;
}

// Every plot's axes as drawn: tick labels, range, and where the legend and the names are.
void add_plots(json& j, const UiState& ui) {
  json plots = json::object();
  const auto rect = [](const ImVec4& r) { return json{r.x, r.y, r.z, r.w}; };
  for (const auto& [name, l] : ui.plots) {
    json xr = json::array();
    for (const ImVec4& r : l.x_tick_rects) xr.push_back(rect(r));
    plots[name] = {{"log", l.log},       {"y_range", {l.y_lo, l.y_hi}}, {"y_ticks", l.y_ticks},
                   {"x_ticks", l.x_ticks}, {"x_tick_rects", xr},        {"plot", rect(l.plot)},
                   {"legend", rect(l.legend)}, {"y_name", rect(l.y_name)}, {"x_name", rect(l.x_name)}};
  }
  j["plots"] = plots;
}

}  // namespace

std::string state_json(const Ctx& c, const FrameStats& fs, const SelftestResult& self) {
  json j;
  add_run(j, c.snap);
  add_data(j, c.snap, c.ui);
  add_history(j, c.snap);
  add_ui(j, c.ui, c.settings);
  add_pointer(j, c.ui);
  add_plots(j, c.ui);
  add_network(j, c.snap);
  add_costs(j, c, fs);
  add_inside(j, c);
  add_lab_state(j, c);  // "compare", "lr_find", "landscape", "timeline" (gui/lab.cpp)
  add_classroom_state(j, c.ui);
  if (self.ran) {
    j["field_max_abs_diff"] = finite_or_null(self.max_abs_diff);
    j["field_cases"] = self.cases;
    j["color_max_diff"] = self.max_color_diff;
  }
  return j.dump();
}

}  // namespace descent::gui
