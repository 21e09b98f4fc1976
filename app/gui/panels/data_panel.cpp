// app/gui/panels/data_panel.cpp — the left column: which data (generators with thumbnails),
// how much of it for training, noise, regenerate; painting points on the output view; CSV
// import/export and the other file actions.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/boundary.h"
#include "gui/formatted.h"
#include "gui/strings.h"
#include "gui/generator_tiles.h"
#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// The data sets' names and descriptions in the tables (the engine's names stay the files' words
// and the test hooks').
struct GeneratorWords {
  const char* name;
  const char* key;  // the name; "<key>.tip": the description
  const char* tip;
};
constexpr GeneratorWords kGeneratorWords[] = {
    {"circle", "data.gen.circle", "data.gen.circle.tip"},
    {"xor", "data.gen.xor", "data.gen.xor.tip"},
    {"gauss", "data.gen.gauss", "data.gen.gauss.tip"},
    {"spiral", "data.gen.spiral", "data.gen.spiral.tip"},
    {"reg-plane", "data.gen.reg_plane", "data.gen.reg_plane.tip"},
    {"reg-gauss", "data.gen.reg_gauss", "data.gen.reg_gauss.tip"},
    {"moons", "data.gen.moons", "data.gen.moons.tip"},
    {"checkerboard", "data.gen.checkerboard", "data.gen.checkerboard.tip"},
    {"spiral3", "data.gen.spiral3", "data.gen.spiral3.tip"},
    {"blobs", "data.gen.blobs", "data.gen.blobs.tip"},
    {"linear1d", "data.gen.linear1d", "data.gen.linear1d.tip"},
    {"sine1d", "data.gen.sine1d", "data.gen.sine1d.tip"},
};

const GeneratorWords* words_of(std::string_view name) {
  for (const GeneratorWords& w : kGeneratorWords)
    if (name == w.name) return &w;
  return nullptr;
}

// A generator's name in the current language (the engine's, for one the table lacks).
const char* generator_name(const nn::GeneratorRow& row) {
  const GeneratorWords* w = words_of(row.name);
  return w ? tr(w->key) : row.name;
}

const char* generator_description(const nn::GeneratorRow& row) {
  const GeneratorWords* w = words_of(row.name);
  return w ? tr(w->tip) : row.description;
}

bool generator_tile(Ctx& c, const GeneratorTiles::Tile& t, bool selected, float side) {
  const float s = c.s;
  ImGui::PushID(t.row->name);
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##gen", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  mark(c.ui, (std::string("gen_") + t.row->name).c_str());
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 b(a.x + side, a.y + side);
  dl->AddImageRounded((ImTextureID)(intptr_t)c.gen_tiles.texture(), a, b, t.uv0, t.uv1, IM_COL32_WHITE, 4 * s);
  if (selected) dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), palette().dark ? IM_COL32(240, 240, 240, 255) : palette().accent, 5 * s, 0, 2.5f * s);
  else if (hovered) dl->AddRect(a, b, palette().node_border, 4 * s, 0, 1.5f * s);
  if (hovered) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(generator_name(*t.row));
    ImGui::TextDisabled("%s", generator_description(*t.row));
    ImGui::EndTooltip();
  }
  return clicked;
}

void select_generator(Ctx& c, const GeneratorTiles::Tile& t) {
  nn::Experiment e = base_experiment(c);
  e.data.source = nn::DataSpec::Source::generator;
  e.data.generator = t.row->name;
  const bool blobs = std::string(t.row->name) == "blobs";
  const int classes = t.data.task == nn::Task::regression ? 0 : blobs ? e.data.classes : t.data.classes;
  const std::string fitted = nn::fit_recipe_to_data(e, t.data.task, classes, t.data.dims);
  e.weights.reset();
  c.ui.view = ViewRect{};
  c.ui.data_edited = false;
  apply_experiment(c, std::move(e),
                   formatted(tr("data.chosen"), generator_name(*t.row)) + (fitted.empty() ? "" : " (" + fitted + ")"));
}

// Which data set: a tile per generator, and what the data are now.
void data_set_picker(Ctx& c, const nn::Experiment& e) {
  const nn::DataSpec& ds = e.data;
  const bool from_generator = ds.source == nn::DataSpec::Source::generator;
  const float s = c.s;
  panel_title(tr("data.title"));
  caption(tr("data.which"));
  const auto& thumbs = c.gen_tiles.tiles(palette().dark);
  // Laid out as if the scrollbar were always there: tiles sized by whether it shows would
  // change the column's height, which shows or hides it — a flicker every frame.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float avail = ImGui::GetWindowWidth() - 2 * st.WindowPadding.x - st.ScrollbarSize;
  const float gap = 6 * s;
  const int per_row = std::max(2, int((avail + gap) / (48 * s + gap)));
  const float side = std::floor((avail - gap * float(per_row - 1)) / float(per_row));
  for (size_t i = 0; i < thumbs.size(); ++i) {
    if (i % per_row != 0) ImGui::SameLine(0, gap);
    const bool sel = from_generator && ds.generator == thumbs[i].row->name;
    if (generator_tile(c, thumbs[i], sel, side)) select_generator(c, thumbs[i]);
  }
  ImGui::Spacing();
  const nn::GeneratorRow* gen = from_generator ? nn::find_generator(ds.generator) : nullptr;
  const char* source_text = gen                                      ? generator_name(*gen)
                            : from_generator                         ? ds.generator.c_str()
                            : ds.source == nn::DataSpec::Source::csv ? tr("data.csv_file")
                                                                     : tr("data.painted");
  ImGui::TextDisabled(tr("data.now"), source_text);
  if (ds.source == nn::DataSpec::Source::csv && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ds.csv.c_str());

}

// How much for training, noise, how many points, how many classes.
void data_sliders(Ctx& c, const nn::Experiment& e, float w) {
  const nn::DataSpec& ds = e.data;
  const bool from_generator = ds.source == nn::DataSpec::Source::generator;
  caption(tr("data.training"));
  double ratio = ds.train_ratio * 100.0;
  ImGui::SetNextItemWidth(w);
  if (slider_commit("##ratio", &ratio, 10.0, 90.0, tr("data.train_pct")))
    edit_experiment(c, [&](nn::Experiment& x) { x.data.train_ratio = std::round(ratio) / 100.0; }, tr("data.split_changed"));
  mark(c.ui, "train_ratio");
  ImGui::BeginDisabled(!from_generator);
  caption(tr("data.noise"));
  double noise = ds.noise * 100.0;
  ImGui::SetNextItemWidth(w);
  if (slider_commit("##noise", &noise, 0.0, 50.0, "%.0f"))
    edit_experiment(c, [&](nn::Experiment& x) { x.data.noise = std::round(noise) / 100.0; }, tr("data.noise_changed"));
  mark(c.ui, "noise");
  caption(tr("data.points"));
  int n = ds.n;
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##npoints", &n, 20, 2000))
    edit_experiment(c, [&](nn::Experiment& x) { x.data.n = n; }, formatted(tr("data.n_points"), n));
  mark(c.ui, "npoints");
  if (from_generator && ds.generator == "blobs") {
    caption(tr("data.classes"));
    int k = ds.classes;
    ImGui::SetNextItemWidth(w);
    if (slider_int_commit("##classes", &k, 2, nn::kMaxClasses))
      edit_experiment(c, [&](nn::Experiment& x) {
        x.data.classes = k;
        nn::fit_recipe_to_data(x, nn::Task::classification, k, 2);
      }, formatted(tr("data.n_classes"), k));
    mark(c.ui, "classes");
  }
  ImGui::EndDisabled();
}

void regenerate_button(Ctx& c, const nn::Experiment& e, float w) {
  const nn::DataSpec& ds = e.data;
  // New points from the next data seed. The experiment's seed (initial weights, shuffling) is
  // left alone, so Reset still goes back to the same starting weights.
  const bool painted = ds.source == nn::DataSpec::Source::points;
  ImGui::BeginDisabled(painted);
  const uint64_t next_seed = nn::data_seed(e) + 1;
  if (ImGui::Button(label("data.regenerate", "regenerate").c_str(), ImVec2(w, 0)))
    edit_experiment(c, [&](nn::Experiment& x) { x.data.seed = next_seed; },
                    formatted(tr("data.regenerated"), std::to_string(next_seed).c_str()));
  ImGui::EndDisabled();
  mark(c.ui, "regenerate");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", tr(painted                                  ? "data.regenerate_painted_tip"
                               : ds.source == nn::DataSpec::Source::csv ? "data.regenerate_csv_tip"
                                                                        : "data.regenerate_tip"));
}

// Painting: what a click adds (class, value), and clearing all points.
void paint_section(Ctx& c, ImVec2 pos, ImVec2 size, float w) {
  const float s = c.s;
  ImGui::Spacing();
  ImGui::Separator();
  panel_title(tr("data.paint_title"));
  ImGui::Checkbox(label("data.paint_on", "paint_enabled").c_str(), &c.ui.paint_enabled);
  mark(c.ui, "paint_enabled");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("data.paint_tip"));
  const nn::Dataset& d = *c.snap.data;
  ImGui::PushTextWrapPos(pos.x + size.x - ImGui::GetStyle().WindowPadding.x);
  if (d.task == nn::Task::regression) {
    if (d.dims == 1) {
      ImGui::TextDisabled("%s", tr("data.click_xy"));
    } else {
      const float r = regression_range(d);
      caption(tr("data.paint_value"));
      ImGui::SetNextItemWidth(w);
      slider_float("##paint_value", &c.ui.paint_value, -r, r, "%.2f");
      mark(c.ui, "paint_value");
    }
  } else if (d.classes <= 2) {
    ImDrawList* l = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float fs = ImGui::GetFontSize();
    l->AddCircleFilled(ImVec2(p.x + 5 * s, p.y + fs * 0.55f), 5 * s, to_u32(kOrange));
    ImGui::SetCursorScreenPos(ImVec2(p.x + 14 * s, p.y));
    ImGui::TextUnformatted(tr("data.left_click"));
    ImGui::SameLine(0, 14 * s);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    l->AddCircleFilled(ImVec2(q.x + 5 * s, q.y + fs * 0.55f), 5 * s, to_u32(kBlue));
    ImGui::SetCursorScreenPos(ImVec2(q.x + 14 * s, q.y));
    ImGui::TextUnformatted(tr("data.right_click"));
  } else {
    caption(tr("data.paint_class"));
    for (int k = 0; k < d.classes && k < 16; ++k) {
      if (k % 8 != 0) ImGui::SameLine(0, 4 * s);
      ImGui::PushID(k);
      const ImVec4 col = ImGui::ColorConvertU32ToFloat4(class_color(k));
      if (ImGui::ColorButton("##class", col, ImGuiColorEditFlags_NoTooltip, ImVec2(20 * s, 20 * s))) c.ui.paint_class = k;
      mark(c.ui, "paint_class_" + std::to_string(k));
      if (c.ui.paint_class == k)
        ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), palette().text, 3 * s, 0, 2 * s);
      ImGui::PopID();
    }
  }
  ImGui::TextDisabled("%s", tr("data.erase"));
  ImGui::PopTextWrapPos();
  if (ImGui::Button(label("data.clear", "clear_points").c_str(), ImVec2(w, 0))) {
    nn::Dataset empty = base_data(c);
    empty.points.clear();
    send_data(c, std::move(empty));
    set_status(c.ui, tr("data.cleared"));
  }
  mark(c.ui, "clear_points");
}

// The file actions, each opening the file dialog.
void files_section(Ctx& c, float w) {
  ImGui::Spacing();
  ImGui::Separator();
  panel_title(tr("data.files"));
  const float hw = (w - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button(label("data.open", "file_open").c_str(), ImVec2(hw, 0))) request_file_action(c, FileAction::open_experiment);
  mark(c.ui, "file_open");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("data.open_tip"));
  ImGui::SameLine();
  if (ImGui::Button(label("data.save", "file_save").c_str(), ImVec2(hw, 0))) request_file_action(c, FileAction::save_experiment);
  mark(c.ui, "file_save");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("data.save_tip"));
  if (ImGui::Button(label("data.load_csv", "file_load_csv").c_str(), ImVec2(hw, 0))) request_file_action(c, FileAction::load_csv);
  mark(c.ui, "file_load_csv");
  ImGui::SameLine();
  if (ImGui::Button(label("data.save_csv", "file_save_csv").c_str(), ImVec2(hw, 0))) request_file_action(c, FileAction::save_csv);
  mark(c.ui, "file_save_csv");
  if (ImGui::Button(label("data.export_png", "file_export_png").c_str(), ImVec2(hw, 0))) request_file_action(c, FileAction::export_png);
  mark(c.ui, "file_export_png");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("data.export_png_tip"));
  ImGui::SameLine();
  if (ImGui::Button(label("data.history", "file_export_history").c_str(), ImVec2(hw, 0))) request_file_action(c, FileAction::export_history);
  mark(c.ui, "file_export_history");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("data.history_tip"));
  if (ImGui::Button(tr("export.menu"), ImVec2(w, 0))) c.ui.classroom.show_export = true;
  mark(c.ui, "file_export_animation");
}

}  // namespace

void show_data_panel(Ctx& c, ImVec2 pos, ImVec2 size) {
  // Multi-class data (the class picker, blobs' class count) or a larger UI scale make the
  // column taller than the window: it scrolls then, with a scrollbar to say so.
  begin_panel("Data", pos, size, 0, true);
  mark_rect(c.ui, "data_panel", pos, ImVec2(pos.x + size.x, pos.y + size.y));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(pos.x + size.x - 1, pos.y), ImVec2(pos.x + size.x - 1, pos.y + size.y), palette().line);
  const nn::Experiment& e = base_experiment(c);
  data_set_picker(c, e);
  ImGui::Spacing();
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::GetWindowWidth() - 2 * st.WindowPadding.x - st.ScrollbarSize;
  data_sliders(c, e, w);
  regenerate_button(c, e, w);
  paint_section(c, pos, size, w);
  files_section(c, w);
  end_panel();
}

}  // namespace descent::gui
