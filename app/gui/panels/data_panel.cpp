// app/gui/panels/data_panel.cpp — the left column: which data (generators with thumbnails),
// how much of it for training, noise, regenerate; painting points on the output view; CSV
// import/export and the other file actions.
#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/boundary.h"
#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// A generator's picture: its points, generated once (noise 0, a fixed seed).
struct GenThumb {
  const nn::GeneratorRow* row;
  nn::Dataset data;
  double lo1, hi1, lo2, hi2;
  float range;
  ImVec2 uv0, uv1;  // its picture in the tiles texture
};

// All generators' pictures, rasterized once on the CPU into one texture (one quad per tile
// per frame instead of thousands of little squares).
constexpr int kTilePx = 64;
unsigned g_tiles_tex = 0;
bool g_tiles_dark = false;
void make_tiles(std::vector<GenThumb>& list, bool dark);

std::vector<GenThumb>& gen_thumbs() {
  static std::vector<GenThumb> list;
  if (!list.empty()) {
    if (g_tiles_dark != palette().dark) make_tiles(list, palette().dark);
    return list;
  }
  for (const auto& row : nn::generators()) {
    GenThumb t{&row, row.generate(180, 0.0, 7, 3), -6, 6, -6, 6, 1.0f, ImVec2(0, 0), ImVec2(1, 1)};
    if (t.data.dims == 1) {  // (x, y) scatter: fit both axes to the points
      t.lo1 = t.lo2 = 1e300;
      t.hi1 = t.hi2 = -1e300;
      for (const auto& p : t.data.points) {
        t.lo1 = std::min(t.lo1, p.x1);
        t.hi1 = std::max(t.hi1, p.x1);
        t.lo2 = std::min(t.lo2, p.y);
        t.hi2 = std::max(t.hi2, p.y);
      }
      const double pad2 = (t.hi2 - t.lo2) * 0.1 + 1e-9, pad1 = (t.hi1 - t.lo1) * 0.05 + 1e-9;
      t.lo1 -= pad1;
      t.hi1 += pad1;
      t.lo2 -= pad2;
      t.hi2 += pad2;
    }
    t.range = regression_range(t.data);
    list.push_back(std::move(t));
  }
  make_tiles(list, palette().dark);
  return list;
}

void make_tiles(std::vector<GenThumb>& list, bool dark) {
  const int n = int(list.size());
  const int W = kTilePx * std::max(1, n);
  std::vector<uint8_t> px(size_t(W) * kTilePx * 4);
  const Rgb mid = dark ? kDarkMid : kLightMid;
  for (int i = 0; i < n; ++i) {
    GenThumb& t = list[i];
    const int x0 = i * kTilePx;
    for (int y = 0; y < kTilePx; ++y)
      for (int x = 0; x < kTilePx; ++x) {
        uint8_t* p = &px[(size_t(y) * W + x0 + x) * 4];
        p[0] = uint8_t(mid.r * 255);
        p[1] = uint8_t(mid.g * 255);
        p[2] = uint8_t(mid.b * 255);
        p[3] = 255;
      }
    for (const auto& p : t.data.points) {
      const double yv = t.data.dims == 1 ? p.y : p.x2;
      const int cx = int(3 + (p.x1 - t.lo1) / (t.hi1 - t.lo1) * (kTilePx - 6));
      const int cy = int(kTilePx - 3 - (yv - t.lo2) / (t.hi2 - t.lo2) * (kTilePx - 6));
      const ImU32 col = t.data.dims == 1 ? (dark ? IM_COL32(230, 230, 230, 255) : IM_COL32(40, 44, 48, 255))
                                         : label_color(t.data, p.y, t.range);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int x = std::clamp(cx + dx, 0, kTilePx - 1), y = std::clamp(cy + dy, 0, kTilePx - 1);
          uint8_t* q = &px[(size_t(y) * W + x0 + x) * 4];
          q[0] = col & 255;
          q[1] = (col >> 8) & 255;
          q[2] = (col >> 16) & 255;
        }
    }
    t.uv0 = ImVec2(float(x0) / float(W), 0.0f);
    t.uv1 = ImVec2(float(x0 + kTilePx) / float(W), 1.0f);
  }
  if (!g_tiles_tex) glGenTextures(1, &g_tiles_tex);
  glBindTexture(GL_TEXTURE_2D, g_tiles_tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, W, kTilePx, 0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glBindTexture(GL_TEXTURE_2D, 0);
  g_tiles_dark = dark;
}

bool generator_tile(Ctx& c, const GenThumb& t, bool selected, float side) {
  const float s = c.s;
  ImGui::PushID(t.row->name);
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##gen", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  mark(c.ui, (std::string("gen_") + t.row->name).c_str());
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 b(a.x + side, a.y + side);
  dl->AddImageRounded((ImTextureID)(intptr_t)g_tiles_tex, a, b, t.uv0, t.uv1, IM_COL32_WHITE, 4 * s);
  if (selected) dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), palette().dark ? IM_COL32(240, 240, 240, 255) : palette().accent, 5 * s, 0, 2.5f * s);
  else if (hovered) dl->AddRect(a, b, palette().node_border, 4 * s, 0, 1.5f * s);
  if (hovered) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(t.row->name);
    ImGui::TextDisabled("%s", t.row->description);
    ImGui::EndTooltip();
  }
  return clicked;
}

void select_generator(Ctx& c, const GenThumb& t) {
  nn::Experiment e = base_experiment(c);
  e.data.source = nn::DataSpec::Source::generator;
  e.data.generator = t.row->name;
  const bool blobs = std::string(t.row->name) == "blobs";
  const int classes = t.data.task == nn::Task::regression ? 0 : blobs ? e.data.classes : t.data.classes;
  const std::string fitted = fit_recipe_to_data(e, t.data.task, classes, t.data.dims);
  e.weights.reset();
  c.ui.view = ViewRect{};
  c.ui.data_edited = false;
  apply_experiment(c, std::move(e), std::string("Data: ") + t.row->name + (fitted.empty() ? "" : " (" + fitted + ")"));
}

}  // namespace

void show_data_panel(Ctx& c, ImVec2 pos, ImVec2 size) {
  // Multi-class data (the class picker, blobs' class count) or a larger UI scale make the
  // column taller than the window: it scrolls then, with a scrollbar to say so.
  begin_panel("Data", pos, size, 0, true);
  mark_rect(c.ui, "data_panel", pos, ImVec2(pos.x + size.x, pos.y + size.y));
  const float s = c.s;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(pos.x + size.x - 1, pos.y), ImVec2(pos.x + size.x - 1, pos.y + size.y), palette().line);
  const nn::Experiment& e = base_experiment(c);
  const nn::DataSpec& ds = e.data;
  const bool from_generator = ds.source == nn::DataSpec::Source::generator;

  panel_title("DATA");
  caption("Which data set?");
  const auto& thumbs = gen_thumbs();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = 6 * s;
  const int per_row = std::max(2, int((avail + gap) / (48 * s + gap)));
  const float side = std::floor((avail - gap * float(per_row - 1)) / float(per_row));
  for (size_t i = 0; i < thumbs.size(); ++i) {
    if (i % per_row != 0) ImGui::SameLine(0, gap);
    const bool sel = from_generator && ds.generator == thumbs[i].row->name;
    if (generator_tile(c, thumbs[i], sel, side)) select_generator(c, thumbs[i]);
  }
  ImGui::Spacing();
  const char* source_text = from_generator ? ds.generator.c_str()
                            : ds.source == nn::DataSpec::Source::csv ? "CSV file"
                                                                      : "painted / edited points";
  ImGui::TextDisabled("Now: %s", source_text);
  if (ds.source == nn::DataSpec::Source::csv && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ds.csv.c_str());

  // --- sliders ----------------------------------------------------------------------------------
  ImGui::Spacing();
  const float w = ImGui::GetContentRegionAvail().x;
  auto edit_data = [&](auto&& fn, const std::string& what) {
    nn::Experiment x = base_experiment(c);
    fn(x);
    apply_experiment(c, std::move(x), what);
  };
  caption("Training data");
  double ratio = ds.train_ratio * 100.0;
  ImGui::SetNextItemWidth(w);
  if (slider_commit("##ratio", &ratio, 10.0, 90.0, "%.0f%% train"))
    edit_data([&](nn::Experiment& x) { x.data.train_ratio = std::round(ratio) / 100.0; }, "Train/test split changed");
  mark(c.ui, "train_ratio");
  ImGui::BeginDisabled(!from_generator);
  caption("Noise");
  double noise = ds.noise * 100.0;
  ImGui::SetNextItemWidth(w);
  if (slider_commit("##noise", &noise, 0.0, 50.0, "%.0f"))
    edit_data([&](nn::Experiment& x) { x.data.noise = std::round(noise) / 100.0; }, "Noise changed");
  mark(c.ui, "noise");
  caption("Points");
  int n = ds.n;
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##npoints", &n, 20, 2000))
    edit_data([&](nn::Experiment& x) { x.data.n = n; }, std::to_string(n) + " points");
  mark(c.ui, "npoints");
  if (from_generator && ds.generator == "blobs") {
    caption("Classes");
    int k = ds.classes;
    ImGui::SetNextItemWidth(w);
    if (slider_int_commit("##classes", &k, 2, nn::kMaxClasses))
      edit_data([&](nn::Experiment& x) {
        x.data.classes = k;
        fit_recipe_to_data(x, nn::Task::classification, k, 2);
      }, std::to_string(k) + " classes");
    mark(c.ui, "classes");
  }
  ImGui::EndDisabled();
  // New points from the next data seed. The experiment's seed (initial weights, shuffling) is
  // left alone, so Reset still goes back to the same starting weights.
  const bool painted = ds.source == nn::DataSpec::Source::points;
  ImGui::BeginDisabled(painted);
  const uint64_t next_seed = nn::data_seed(e) + 1;
  if (ImGui::Button("Regenerate", ImVec2(w, 0)))
    edit_data([&](nn::Experiment& x) { x.data.seed = next_seed; },
              "New data from data seed " + std::to_string(next_seed) + " (the weights are kept)");
  ImGui::EndDisabled();
  mark(c.ui, "regenerate");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(painted ? "Painted points have no generator: pick a data set above"
                              : ds.source == nn::DataSpec::Source::csv
                                    ? "A new train/test split of the file; the network keeps its weights"
                                    : "New points from the next data seed; the network keeps its weights");

  // --- painting ---------------------------------------------------------------------------------
  ImGui::Spacing();
  ImGui::Separator();
  panel_title("PAINT POINTS");
  ImGui::Checkbox("Paint on the output view", &c.ui.paint_enabled);
  mark(c.ui, "paint_enabled");
  const nn::Dataset& d = *c.snap.data;
  ImGui::PushTextWrapPos(pos.x + size.x - ImGui::GetStyle().WindowPadding.x);
  if (d.task == nn::Task::regression) {
    if (d.dims == 1) {
      ImGui::TextDisabled("Click to add a point at (x, y).");
    } else {
      const float r = regression_range(d);
      caption("Value to paint");
      ImGui::SetNextItemWidth(w);
      ImGui::SliderFloat("##paint_value", &c.ui.paint_value, -r, r, "%.2f");
      mark(c.ui, "paint_value");
    }
  } else if (d.classes <= 2) {
    ImDrawList* l = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float fs = ImGui::GetFontSize();
    l->AddCircleFilled(ImVec2(p.x + 5 * s, p.y + fs * 0.55f), 5 * s, to_u32(kOrange));
    ImGui::SetCursorScreenPos(ImVec2(p.x + 14 * s, p.y));
    ImGui::TextUnformatted("left click");
    ImGui::SameLine(0, 14 * s);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    l->AddCircleFilled(ImVec2(q.x + 5 * s, q.y + fs * 0.55f), 5 * s, to_u32(kBlue));
    ImGui::SetCursorScreenPos(ImVec2(q.x + 14 * s, q.y));
    ImGui::TextUnformatted("right click");
  } else {
    caption("Class to paint (left click)");
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
  ImGui::TextDisabled("Shift + drag erases.");
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Clear all points", ImVec2(w, 0))) {
    nn::Dataset empty = base_data(c);
    empty.points.clear();
    send_data(c, std::move(empty));
    set_status(c.ui, "All points removed: paint some on the output view");
  }
  mark(c.ui, "clear_points");

  // --- files ------------------------------------------------------------------------------------
  ImGui::Spacing();
  ImGui::Separator();
  panel_title("FILES");
  const float hw = (w - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button("Open…", ImVec2(hw, 0))) request_file_action(c, FileAction::open_experiment);
  mark(c.ui, "file_open");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open an experiment or a preset (Ctrl+O)");
  ImGui::SameLine();
  if (ImGui::Button("Save…", ImVec2(hw, 0))) request_file_action(c, FileAction::save_experiment);
  mark(c.ui, "file_save");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the experiment with its current weights (Ctrl+S)");
  if (ImGui::Button("Load CSV…", ImVec2(hw, 0))) request_file_action(c, FileAction::load_csv);
  mark(c.ui, "file_load_csv");
  ImGui::SameLine();
  if (ImGui::Button("Save CSV…", ImVec2(hw, 0))) request_file_action(c, FileAction::save_csv);
  mark(c.ui, "file_save_csv");
  if (ImGui::Button("Export PNG…", ImVec2(hw, 0))) request_file_action(c, FileAction::export_png);
  mark(c.ui, "file_export_png");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The output view with its points, 512 × 512");
  ImGui::SameLine();
  if (ImGui::Button("History CSV…", ImVec2(hw, 0))) request_file_action(c, FileAction::export_history);
  mark(c.ui, "file_export_history");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Loss and accuracy per epoch");
  end_panel();
}

}  // namespace descent::gui
