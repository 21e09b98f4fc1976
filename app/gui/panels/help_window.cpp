// app/gui/panels/help_window.cpp — keys and mouse, theme and UI scale, files.
#include <algorithm>

#include "gui/strings.h"
#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {
// A name column and a dimmed description column, one row per entry.
template <size_t N>
void two_column_table(const char* id, const char* const (&rows)[N][2]) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return;
  for (const auto& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row[0]);
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", row[1]);
  }
  ImGui::EndTable();
}
}  // namespace

void show_help_window(Ctx& c) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 16 * c.s, vp->Pos.y + 84 * c.s),
                          ImGuiCond_Appearing, ImVec2(1.0f, 0.0f));
  if (!ImGui::Begin("Help", &c.ui.show_help,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  panel_title("VIEW");
  if (ImGui::RadioButton("Light", !c.settings.dark)) c.settings.dark = false;
  mark(c.ui, "theme_light");
  ImGui::SameLine();
  if (ImGui::RadioButton("Dark", c.settings.dark)) c.settings.dark = true;
  mark(c.ui, "theme_dark");
  ImGui::SameLine(0, 24 * c.s);
  ImGui::Text("UI scale %.0f%%", c.settings.scale * 100);
  ImGui::SameLine();
  if (ImGui::SmallButton(" − ")) c.settings.scale = std::max(Settings::kMinScale, c.settings.scale - Settings::kScaleStep);
  mark(c.ui, "scale_minus");
  ImGui::SameLine();
  if (ImGui::SmallButton(" + ")) c.settings.scale = std::min(Settings::kMaxScale, c.settings.scale + Settings::kScaleStep);
  mark(c.ui, "scale_plus");
  ImGui::Spacing();

  panel_title("FILES");
  if (ImGui::Button("Open…")) request_file_action(c, FileAction::open_experiment);
  mark(c.ui, "help_open_file");
  ImGui::SameLine();
  if (ImGui::Button("Save…")) request_file_action(c, FileAction::save_experiment);
  mark(c.ui, "help_save");
  ImGui::SameLine();
  if (ImGui::Button("Export PNG…")) request_file_action(c, FileAction::export_png);
  mark(c.ui, "help_export_png");
  ImGui::SameLine();
  if (ImGui::Button("Export history…")) request_file_action(c, FileAction::export_history);
  mark(c.ui, "help_export_history");
  ImGui::Spacing();

  panel_title("KEYS");
  static const char* keys[][2] = {
      {"Space", "play / pause"},
      {"S  or  →", "step one epoch (Shift: one optimizer step)"},
      {"R", "reset: epoch 0, same initial weights"},
      {"Ctrl+O / Ctrl+S", "open / save an experiment (with weights)"},
      {"Ctrl+Z / Ctrl+Shift+Z", "undo / redo an edit of the data, the network or the recipe (100 steps)"},
      {"Ctrl + / Ctrl − / Ctrl 0", "UI scale"},
      {"F11", "full screen"},
      {"F5 / Esc", tr("help.present")},
      {"PgDn / PgUp, \xe2\x86\x92 / \xe2\x86\x90", tr("help.lesson_keys")},
      {"F1", "this help"},
      {"Ctrl+Q", "quit"},
  };
  two_column_table("##keys", keys);
  ImGui::Spacing();
  panel_title("MOUSE");
  static const char* mouse[][2] = {
      {"Output view", "with \"Paint on the output view\" on (Data panel): left click paints the positive class (orange) · right click: negative (blue)"},
      {"", "Shift + drag: erase · wheel: zoom · middle drag or Alt + drag: pan"},
      {"Network", "click a feature to toggle it · +/− add or remove neurons and layers"},
      {"", "hover a node: see it large in the output view · click a link or bias: edit it"},
      {"Files", "drop a .json experiment or a .csv data set onto the window"},
  };
  two_column_table("##mouse", mouse);
  ImGui::End();
}

}  // namespace descent::gui
