// app/gui/panels/compare_view.cpp — compare mode: runs that differ in one setting, side by side.
//
// The "Compare" popup picks the setting (nn::compare_settings()) and its values (proposed, or
// typed) and starts nn::Runs; the view then takes the centre and right columns: a header with
// the runs' transport, small multiples of each run's output field, one loss plot and one
// accuracy plot with a line per run, and a table. Clicking a tile or a row keeps that run
// ("keep this one"): it becomes the main experiment and compare mode ends. Everything drawn
// comes from the runs' snapshots, read once per frame; the UI never waits on a run.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>
#include <utility>

#include "gui/formatted.h"
#include "gui/boundary.h"
#include "gui/panels/panels.h"
#include "gui/plot.h"
#include "gui/reason_words.h"
#include "gui/strings.h"
#include "gui/theme.h"
#include "nn/setting.h"

namespace descent::gui {

namespace {

using Snaps = std::vector<std::shared_ptr<const nn::RunSnapshot>>;

constexpr int kTileCells = 36;           // a tile's field: kTileCells² cells
constexpr double kTileRefresh = 0.15;    // seconds between a tile's recomputations
constexpr int kMinRuns = 2;

bool classification(const nn::RunSnapshot& s) { return s.data && s.data->task == nn::Task::classification; }
bool has_test(const nn::RunSnapshot& s) { return s.data && s.data->test_count() > 0; }

// A setting's name in the current language, by its JSON path (nn::compare_settings()' labels
// are the English ones; a path not here keeps its label).
const char* setting_name(const nn::CompareSettingRow& row) {
  const std::pair<std::string_view, const char*> names[] = {
      {"training.optimizer.lr", tr("compare.setting.lr")},
      {"training.optimizer.name", tr("compare.setting.optimizer")},
      {"training.batch_size", tr("compare.setting.batch_size")},
      {"network.activation", tr("compare.setting.activation")},
      {"network.init", tr("compare.setting.init")},
      {"training.l2", tr("compare.setting.l2")},
      {"training.dropout", tr("compare.setting.dropout")},
      {"training.optimizer.momentum", tr("compare.setting.momentum")},
      {"training.schedule.name", tr("compare.setting.schedule")},
      {"seed", tr("compare.setting.seed")},
  };
  for (const auto& [path, name] : names)
    if (path == row.path) return name;
  return row.label;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// --- starting and ending -------------------------------------------------------------------

bool start_compare(Ctx& c) {
  CompareState& cs = c.ui.lab.compare;
  const auto& row = nn::compare_settings()[size_t(cs.setting)];
  const std::vector<std::string> values = nn::split_values(cs.values_text);
  if (int(values.size()) < kMinRuns || int(values.size()) > nn::kMaxCompareRuns) {
    cs.error = formatted(tr("compare.count_error"), row.path, kMinRuns, nn::kMaxCompareRuns, int(values.size()));
    return false;
  }
  nn::CompareSpec spec;
  spec.base = base_experiment(c);
  spec.path = row.path;
  spec.values = values;
  spec.target = cs.target;
  spec.data = base_data(c);
  spec.branch = cs.branch;
  // One core is the window's while it draws (the issue: "as many threads as cores, minus
  // nothing when the GUI is idle"; a drawing UI is not idle).
  spec.threads = int(std::max(1u, std::thread::hardware_concurrency() - 1));
  try {
    cs.runs = std::make_unique<nn::Runs>(std::move(spec));
  } catch (const std::exception& e) {
    cs.error = e.what();
    return false;
  }
  cs.error.clear();
  ++cs.starts;
  cs.original = cs.branch ? c.snap.history : nullptr;
  cs.tiles.assign(size_t(cs.runs->size()), {});
  c.trainer.pause();  // the cores go to the runs
  c.ui.lab.timeline.scrub_epoch = -1;
  cs.runs->play();
  cs.playing = true;
  set_status(c.ui, formatted(tr("compare.started"), setting_name(row), join(values).c_str()));
  return true;
}

// The same setting and values again, from the experiment and data as they are now edited
// (base_experiment and base_data include an edit still on its way to the trainer).
void restart_compare(Ctx& c) {
  CompareState& cs = c.ui.lab.compare;
  std::vector<std::string> values;
  for (int i = 0; i < cs.runs->size(); ++i) values.push_back(cs.runs->value(i));
  const auto& rows = nn::compare_settings();
  for (size_t k = 0; k < rows.size(); ++k)
    if (rows[k].path == cs.runs->path()) cs.setting = int(k);
  cs.setting_shown = cs.setting;
  cs.values_text = join(values);
  cs.branch.reset();  // a checkpoint of the run before the edit is not where the edited runs begin
  if (!start_compare(c)) set_status(c.ui, cs.error, true);
}

void leave_compare(Ctx& c) {
  CompareState& cs = c.ui.lab.compare;
  cs.restart_request = false;
  cs.runs.reset();  // cancels: each worker ends its burst (a few ms) and joins
  cs.branch.reset();
  cs.original.reset();
  cs.tiles.clear();
  set_status(c.ui, tr("compare.left"));
}

void keep_run(Ctx& c, int i) {
  CompareState& cs = c.ui.lab.compare;
  const std::string value = cs.runs->value(i), path = cs.runs->path();
  const auto snap = cs.runs->snapshot(i);
  if (!snap->params.allFinite()) {
    set_status(c.ui, formatted(tr("compare.keep_diverged"), path.c_str(), value.c_str()), true);
    return;
  }
  nn::Experiment e = cs.runs->keep(i);
  const bool painted = c.ui.data_edited;
  c.trainer.load(std::move(e));
  if (painted) send_data(c, *snap->data);
  c.ui.pending_exp.reset();
  leave_compare(c);
  set_status(c.ui, formatted(tr("compare.kept"), path.c_str(), value.c_str(), long(snap->epoch)));
}

// --- the view's parts ----------------------------------------------------------------------

void header(Ctx& c, const Snaps& snaps) {
  CompareState& cs = c.ui.lab.compare;
  const float s = c.s;
  std::string title = formatted(tr("compare.title"), cs.runs->path().c_str());
  if (cs.branch) title += formatted(tr("compare.branched"), long(cs.branch->checkpoint->epoch()));
  panel_title(title.c_str());
  bool playing = false;
  for (const auto& r : snaps) playing |= r->playing;
  if (ImGui::Button(playing ? tr("compare.pause_all") : tr("compare.play_all"), ImVec2(90 * s, 0))) play_pause(c);
  mark(c.ui, "compare_play");
  ImGui::SameLine();
  if (ImGui::Button(tr("compare.step"), ImVec2(90 * s, 0))) cs.runs->step_epochs(1);
  mark(c.ui, "compare_step");
  ImGui::SameLine();
  if (ImGui::Button(tr("compare.reset"), ImVec2(60 * s, 0))) cs.runs->reset();
  mark(c.ui, "compare_reset");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(130 * s);
  float pct = float(cs.target * 100.0);
  const bool regression = !snaps.empty() && !classification(*snaps[0]);
  if (slider_float("##target", &pct, 50.0f, 100.0f, regression ? tr("compare.reach_r2") : tr("compare.reach")))
    cs.target = pct / 100.0;
  mark(c.ui, "compare_target");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("compare.reach_tip"));
  ImGui::SameLine();
  ImGui::TextDisabled(cs.runs->threads() == 1 ? tr("compare.runs_thread") : tr("compare.runs_threads"), cs.runs->size(),
                      cs.runs->threads());
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 110 * s);
  if (ImGui::Button(tr("compare.leave"), ImVec2(110 * s, 0))) leave_compare(c);
  mark(c.ui, "compare_leave");
}

// A tile's field: CPU colours of the run's output over the output view's rectangle.
void refresh_tile(Ctx& c, CompareState::Tile& t, const nn::RunSnapshot& r) {
  if (t.params_version == r.params_version || c.time - t.computed_at < kTileRefresh) return;
  if (r.params.size() != r.arch.parameter_count() || !r.data || r.data->dims != 2) return;
  const ColorSpec spec = color_spec(r, NodeRef{}, false, c.settings.dark);
  t.colors = cpu_colors(r.arch, r.params, r.experiment->features, c.ui.view, kTileCells, kTileCells,
                        kOutputLayer, 0, spec);
  t.params_version = r.params_version;
  t.computed_at = c.time;
}

void draw_tile_field(ImDrawList* dl, const CompareState::Tile& t, ImVec2 a, float side, bool dim) {
  if (t.colors.size() != size_t(kTileCells * kTileCells)) {
    dl->AddRectFilled(a, ImVec2(a.x + side, a.y + side), palette().grid);
    return;
  }
  const float cell = side / kTileCells;
  for (int j = 0; j < kTileCells; ++j)  // row 0 is the bottom
    for (int i = 0; i < kTileCells; ++i) {
      const ImVec2 p(a.x + i * cell, a.y + side - (j + 1) * cell);
      dl->AddRectFilled(p, ImVec2(p.x + cell + 0.5f, p.y + cell + 0.5f),
                        to_u32(t.colors[size_t(j * kTileCells + i)], dim ? 0.35f : 1.0f));
    }
}

// Under a tile: the value and the epoch, then the loss (or where it diverged).
std::string run_title(const CompareState& cs, const nn::RunSnapshot& r) {
  const std::string value = (cs.runs->path() == "training.optimizer.lr" ? "lr " : "") + r.value;
  return formatted(tr("compare.tile_title"), value.c_str(), long(r.epoch));
}
std::string run_line(const nn::RunSnapshot& r) {
  if (r.divergence) return formatted(tr("compare.diverged_at"), long(r.divergence->epoch));
  if (r.history && !r.history->empty()) return formatted(tr("compare.loss"), fmt_num(r.history->last().train_loss).c_str());
  return "";
}

// Small multiples: a row (two when more than four) of square tiles. Returns the height used.
float tiles(Ctx& c, const Snaps& snaps, float width) {
  CompareState& cs = c.ui.lab.compare;
  const float s = c.s, gap = 10 * s, text_h = 2 * ImGui::GetTextLineHeightWithSpacing();
  const int n = int(snaps.size()), cols = n > 4 ? (n + 1) / 2 : n, rows = (n + cols - 1) / cols;
  const float side = std::floor(std::min((width - gap * float(cols - 1)) / float(cols), 150.0f * s));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < n; ++i) {
    const nn::RunSnapshot& r = *snaps[size_t(i)];
    const ImVec2 a(o.x + float(i % cols) * (side + gap), o.y + float(i / cols) * (side + text_h + gap));
    refresh_tile(c, cs.tiles[size_t(i)], r);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(i);
    const bool clicked = ImGui::InvisibleButton("##tile", ImVec2(side, side + text_h));
    ImGui::PopID();
    mark(c.ui, "compare_tile_" + std::to_string(i));
    const bool hovered = ImGui::IsItemHovered();
    draw_tile_field(dl, cs.tiles[size_t(i)], a, side, bool(r.divergence));
    dl->AddRect(a, ImVec2(a.x + side, a.y + side), hovered ? palette().accent : run_color(i), 0, 0, hovered ? 3 * s : 2 * s);
    if (r.divergence) {  // the run stopped here: a red cross over its field
      dl->AddLine(ImVec2(a.x + side * 0.3f, a.y + side * 0.3f), ImVec2(a.x + side * 0.7f, a.y + side * 0.7f), palette().danger, 4 * s);
      dl->AddLine(ImVec2(a.x + side * 0.7f, a.y + side * 0.3f), ImVec2(a.x + side * 0.3f, a.y + side * 0.7f), palette().danger, 4 * s);
    }
    dl->AddText(ImVec2(a.x, a.y + side + 2 * s), run_color(i), run_title(cs, r).c_str());
    dl->AddText(ImVec2(a.x, a.y + side + 2 * s + ImGui::GetTextLineHeightWithSpacing()),
                r.divergence ? palette().danger : palette().text_dim, run_line(r).c_str());
    if (hovered) ImGui::SetTooltip("%s", tr("compare.keep_tip"));
    if (clicked) {
      keep_run(c, i);
      return 0.0f;
    }
  }
  const float h = float(rows) * (side + text_h + gap);
  ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h));
  return h;
}

// One line per run (and the original, when branched), by metric.
void run_lines(Ctx& c, const Snaps& snaps, bool loss) {
  CompareState& cs = c.ui.lab.compare;
  constexpr int kStride = int(sizeof(nn::EpochRow));
  auto y_of = [&](const nn::EpochRow& r0, bool test) -> const double* {
    if (loss) return &r0.train_loss;
    return test ? &r0.test_metric : &r0.train_metric;
  };
  if (cs.original && !cs.original->rows().empty()) {
    const auto& rows = cs.original->rows();
    plot::PlotLine(tr("compare.original"), &rows[0].epoch, y_of(rows[0], !loss && has_test(*snaps[0])), int(rows.size()),
                   palette().text_dim, kStride, 0, 1.2f);
  }
  for (size_t i = 0; i < snaps.size(); ++i) {
    const auto& rows = snaps[i]->history->rows();
    if (rows.empty()) continue;
    plot::PlotLine(snaps[i]->value.c_str(), &rows[0].epoch, y_of(rows[0], has_test(*snaps[i])), int(rows.size()),
                   run_color(int(i)), kStride);
  }
  cs.tips.resize(snaps.size());
  for (size_t i = 0; i < snaps.size(); ++i)
    if (snaps[i]->divergence) {
      cs.tips[i] = formatted(tr("compare.diverged_tip"), snaps[i]->value.c_str(), long(snaps[i]->divergence->epoch),
                             said(snaps[i]->divergence->cause).c_str());
      plot::PlotVLine(double(snaps[i]->divergence->epoch), cs.tips[i].c_str(), run_color(int(i)));
    }
}

void plots(Ctx& c, const Snaps& snaps, float height) {
  const float w = ImGui::GetContentRegionAvail().x, gap = 10 * c.s;
  const bool regression = !classification(*snaps[0]);
  if (plot::BeginPlot("##cmp_loss", ImVec2((w - gap) * 0.5f, height), plot::kLogY)) {
    plot::SetupAxes(tr("compare.epoch"), tr("compare.train_loss"));
    run_lines(c, snaps, true);
    plot::EndPlot();
  }
  mark(c.ui, "compare_loss_plot");
  ImGui::SameLine(0, gap);
  if (plot::BeginPlot("##cmp_metric", ImVec2((w - gap) * 0.5f, height), regression ? plot::kNone : plot::kPercentY)) {
    plot::SetupAxes(tr("compare.epoch"), regression            ? "R²"
                                       : has_test(*snaps[0]) ? tr("compare.test_accuracy")
                                                             : tr("compare.train_accuracy"));
    if (!regression) plot::SetupYLimits(0.0, 1.0);
    run_lines(c, snaps, false);
    plot::EndPlot();
  }
  mark(c.ui, "compare_metric_plot");
}

std::string metric_text(double v, bool percent) {
  if (!std::isfinite(v)) return "–";
  char b[32];
  std::snprintf(b, sizeof b, percent ? "%.1f%%" : "%.3f", percent ? v * 100.0 : v);
  return b;
}

void table_row(Ctx& c, const nn::RunSnapshot& r, int i) {
  const CompareState& cs = c.ui.lab.compare;
  const bool pct = classification(r);
  const nn::EpochRow last = r.history->empty() ? nn::EpochRow{} : r.history->last();
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::PushID(i);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(run_color(i)));
  const bool clicked = ImGui::Selectable(r.value.c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
  ImGui::PopStyleColor();
  ImGui::PopID();
  mark(c.ui, "compare_row_" + std::to_string(i));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("compare.keep_short"));
  ImGui::TableNextColumn();
  ImGui::Text("%ld", r.epoch);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(fmt_num(last.train_loss, 4).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(fmt_num(last.test_loss, 4).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(metric_text(last.train_metric, pct).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(metric_text(last.test_metric, pct).c_str());
  ImGui::TableNextColumn();
  const long reach = nn::epochs_to_reach(*r.history, cs.target, has_test(r));
  if (reach >= 0) ImGui::Text("%ld", reach);
  else ImGui::TextDisabled("%s", tr("compare.not_yet"));
  ImGui::TableNextColumn();
  if (r.divergence) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().danger), tr("compare.diverged_at"), long(r.divergence->epoch));
  else ImGui::TextUnformatted(r.playing                               ? tr("compare.training")
                         : r.state == nn::RunState::running ? tr("compare.paused")
                                                            : tr("compare.finished"));
  if (clicked) keep_run(c, i);
}

void table(Ctx& c, const Snaps& snaps) {
  const bool regression = !classification(*snaps[0]);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##runs", 8, flags)) return;
  const char* heads[] = {c.ui.lab.compare.runs->path() == "training.optimizer.lr" ? "lr" : tr("compare.col.value"),
                         tr("compare.epoch"), tr("compare.train_loss"), tr("compare.col.test_loss"),
                         regression ? tr("compare.col.train_r2") : tr("compare.col.train_acc"),
                         regression ? tr("compare.col.test_r2") : tr("compare.col.test_acc"), tr("compare.col.to_reach"),
                         tr("compare.col.state")};
  for (const char* h : heads) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < snaps.size() && c.ui.lab.compare.runs; ++i) table_row(c, *snaps[i], int(i));
  ImGui::EndTable();
  mark(c.ui, "compare_table");
}

// --- the popup -------------------------------------------------------------------------------

void setting_combo(Ctx& c) {
  CompareState& cs = c.ui.lab.compare;
  const auto& rows = nn::compare_settings();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##compare_setting", setting_name(rows[size_t(cs.setting)]), ImGuiComboFlags_HeightLarge)) {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (ImGui::Selectable((std::string(setting_name(rows[i])) + "##" + rows[i].path).c_str(), int(i) == cs.setting))
        cs.setting = int(i);
      mark(c.ui, std::string("compare_setting_") + rows[i].path);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, "compare_setting");
  if (cs.setting != cs.setting_shown) {  // propose values for the setting picked
    cs.values_text = join(nn::default_values(base_experiment(c), rows[size_t(cs.setting)].path));
    cs.setting_shown = cs.setting;
  }
}

}  // namespace

void show_compare_popup(Ctx& c) {
  CompareState& cs = c.ui.lab.compare;
  if (cs.start_request) {  // (docs screenshots) the proposed values of the first setting
    cs.start_request = false;
    cs.values_text = join(nn::default_values(base_experiment(c), nn::compare_settings()[size_t(cs.setting)].path));
    cs.setting_shown = cs.setting;
    if (!start_compare(c)) set_status(c.ui, cs.error, true);
  }
  if (cs.popup_request) {
    ImGui::OpenPopup(label("compare.popup", "compare_popup").c_str());
    cs.popup_request = false;
    cs.setting_shown = -1;  // fresh proposals from the experiment as it is now
    cs.error.clear();
  }
  ImGui::SetNextWindowSize(ImVec2(440 * c.s, 0));
  if (!ImGui::BeginPopupModal(label("compare.popup", "compare_popup").c_str(), nullptr, ImGuiWindowFlags_NoResize)) return;
  ImGui::TextWrapped("%s", tr("compare.intro"));
  if (cs.branch)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().accent), tr("compare.from_checkpoint"),
                       long(cs.branch->checkpoint->epoch()));
  caption(tr("compare.setting"));
  setting_combo(c);
  caption(tr("compare.values"));
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputText("##compare_values", &cs.values_text, ImGuiInputTextFlags_EnterReturnsTrue);
  mark(c.ui, "compare_values");
  if (!cs.error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().danger), "%s", cs.error.c_str());
  if (ImGui::Button(tr("compare.start"), ImVec2(100 * c.s, 0)) || enter) {
    if (start_compare(c)) ImGui::CloseCurrentPopup();
  }
  mark(c.ui, "compare_start");
  ImGui::SameLine();
  if (ImGui::Button(tr("compare.cancel"), ImVec2(100 * c.s, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    cs.branch.reset();
    ImGui::CloseCurrentPopup();
  }
  mark(c.ui, "compare_cancel");
  ImGui::EndPopup();
}

void open_compare_popup(Ctx& c) { c.ui.lab.compare.popup_request = true; }

void show_compare_view(Ctx& c, ImVec2 pos, ImVec2 size) {
  // Once the main trainer has applied the edit: the runs take its data (a new noise or size is
  // generated there) and its experiment.
  const uint64_t edit_seq = std::max(c.ui.pending_exp_seq, c.ui.pending_data_seq);
  if (c.ui.lab.compare.restart_request && c.snap.applied_command >= edit_seq) {
    c.ui.lab.compare.restart_request = false;
    restart_compare(c);
  }
  begin_panel("Compare", pos, size, 0, true);
  ImGui::GetWindowDrawList()->AddLine(pos, ImVec2(pos.x, pos.y + size.y), palette().line);
  const Snaps snaps = c.ui.lab.compare.runs->snapshots();  // the one read of the runs this frame
  header(c, snaps);  // (its "Leave compare" ends compare mode: then nothing more is drawn)
  ImGui::Spacing();
  const float w = ImGui::GetContentRegionAvail().x;
  if (c.ui.lab.compare.runs && tiles(c, snaps, w) > 0.0f && c.ui.lab.compare.runs) {
    const float table_h = float(snaps.size() + 1) * ImGui::GetTextLineHeightWithSpacing() + 12 * c.s;
    plots(c, snaps, std::max(150.0f * c.s, ImGui::GetContentRegionAvail().y - table_h - 10 * c.s));
    table(c, snaps);
  }
  end_panel();
}

}  // namespace descent::gui
