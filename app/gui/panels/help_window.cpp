// app/gui/panels/help_window.cpp — keys and mouse, theme, UI scale and language, files.
#include <algorithm>

#include "gui/strings.h"
#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// One row of a help table: what (a key, a place) and what it does, both keys of the tables.
struct HelpRow {
  const char* what;  // nullptr: the row goes on with the row above's
  const char* does;
};

// The rows are looked up every frame, so a change of language shows at once.
constexpr HelpRow kKeys[] = {
    {"help.key.space", "help.key.space.does"},
    {"help.key.step", "help.key.step.does"},
    {"help.key.reset", "help.key.reset.does"},
    {"help.key.open_save", "help.key.open_save.does"},
    {"help.key.undo", "help.key.undo.does"},
    {"help.key.scale", "help.key.scale.does"},
    {"help.key.full_screen", "help.key.full_screen.does"},
    {"help.key.present", "help.present"},
    {"help.key.lesson", "help.lesson_keys"},
    {"help.key.help", "help.key.help.does"},
    {"help.key.quit", "help.key.quit.does"},
};

constexpr HelpRow kMouse[] = {
    {"help.mouse.output_view", "help.mouse.output_view.does"},
    {nullptr, "help.mouse.output_view.more"},
    {"help.mouse.network", "help.mouse.network.does"},
    {nullptr, "help.mouse.network.more"},
    {"help.mouse.files", "help.mouse.files.does"},
};

// A name column and a dimmed description column, one row per entry.
template <size_t N>
void two_column_table(const char* id, const HelpRow (&rows)[N]) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return;
  for (const HelpRow& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.what ? tr(row.what) : "");
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", tr(row.does));
  }
  ImGui::EndTable();
}

// The language switch: applied at once (the next frame's fonts carry the new glyphs) and
// remembered in the settings file.
void language_choice(Ctx& c) {
  ImGui::TextUnformatted(tr("help.language"));
  for (Language l : kLanguages) {
    ImGui::SameLine();
    if (ImGui::RadioButton(language_name(l), language() == l) && language() != l) {
      set_language(l);
      c.settings.language = language_code(l);
      c.settings.save();
      c.ui.classroom.fonts_dirty = true;  // the app's one path to rebuild fonts and theme
    }
    mark(c.ui, std::string("language_") + language_code(l));
  }
}

void view_section(Ctx& c) {
  panel_title(tr("help.view"));
  if (ImGui::RadioButton(tr("help.light"), !c.settings.dark)) c.settings.dark = false;
  mark(c.ui, "theme_light");
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("help.dark"), c.settings.dark)) c.settings.dark = true;
  mark(c.ui, "theme_dark");
  ImGui::SameLine(0, 24 * c.s);
  ImGui::Text(tr("help.scale"), c.settings.scale * 100);
  ImGui::SameLine();
  if (ImGui::SmallButton(" − ")) c.settings.scale = std::max(Settings::kMinScale, c.settings.scale - Settings::kScaleStep);
  mark(c.ui, "scale_minus");
  ImGui::SameLine();
  if (ImGui::SmallButton(" + ")) c.settings.scale = std::min(Settings::kMaxScale, c.settings.scale + Settings::kScaleStep);
  mark(c.ui, "scale_plus");
  language_choice(c);
  ImGui::Spacing();
}

void files_section(Ctx& c) {
  panel_title(tr("help.files"));
  if (ImGui::Button(tr("help.open"))) request_file_action(c, FileAction::open_experiment);
  mark(c.ui, "help_open_file");
  ImGui::SameLine();
  if (ImGui::Button(tr("help.save"))) request_file_action(c, FileAction::save_experiment);
  mark(c.ui, "help_save");
  ImGui::SameLine();
  if (ImGui::Button(tr("help.export_png"))) request_file_action(c, FileAction::export_png);
  mark(c.ui, "help_export_png");
  ImGui::SameLine();
  if (ImGui::Button(tr("help.export_history"))) request_file_action(c, FileAction::export_history);
  mark(c.ui, "help_export_history");
  ImGui::Spacing();
}

}  // namespace

void show_help_window(Ctx& c) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 16 * c.s, vp->Pos.y + 84 * c.s),
                          ImGuiCond_Appearing, ImVec2(1.0f, 0.0f));
  if (!ImGui::Begin(label("help.title", "help").c_str(), &c.ui.show_help,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  view_section(c);
  files_section(c);
  panel_title(tr("help.keys"));
  two_column_table("##keys", kKeys);
  ImGui::Spacing();
  panel_title(tr("help.mouse"));
  two_column_table("##mouse", kMouse);
  ImGui::End();
}

}  // namespace descent::gui
