// app/gui/panels/file_dialog.cpp — open / save / import / export, as a small modal with a
// path field (ImGui has no native file dialogs), plus the presets to pick from when opening.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include "app/cli.h"
#include "nn/presets.h"
#include "gui/classroom.h"
#include "gui/formatted.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

const char* title_of(FileAction a) {
  switch (a) {
    case FileAction::open_experiment: return tr("file.open_title");
    case FileAction::save_experiment: return tr("file.save_title");
    case FileAction::load_csv: return tr("file.load_csv_title");
    case FileAction::save_csv: return tr("file.save_csv_title");
    case FileAction::export_png: return tr("file.export_png_title");
    case FileAction::export_history: return tr("file.export_history_title");
    case FileAction::none: break;
  }
  return "";
}

// The presets, scanned once, when the dialog first lists them (nn/presets.h).
const std::vector<nn::Preset>& presets(UiState& ui) {
  if (!ui.presets) {
    try {
      ui.presets = nn::scan_presets((std::filesystem::path(descent::assets_dir()) / "presets").string());
    } catch (const std::exception&) {
      ui.presets.emplace();  // no folder: no list (Open still takes a typed path)
    }
  }
  return *ui.presets;
}

}  // namespace

void request_file_action(Ctx& c, FileAction a) {
  c.ui.file_action = a;
  c.ui.file_error.clear();
  namespace fs = std::filesystem;
  switch (a) {
    case FileAction::open_experiment:
    case FileAction::save_experiment:
      c.ui.file_path_input = c.ui.current_path.empty() ? "experiment.json" : c.ui.current_path;
      if (a == FileAction::save_experiment && c.ui.current_path.rfind(descent::assets_dir(), 0) == 0)
        c.ui.file_path_input = fs::path(c.ui.current_path).filename().string();  // not into the presets
      break;
    case FileAction::load_csv:
    case FileAction::save_csv: c.ui.file_path_input = "data.csv"; break;
    case FileAction::export_png: c.ui.file_path_input = c.ui.export_kind == 0 ? "descent-output.png" : "descent-window.png"; break;
    case FileAction::export_history: c.ui.file_path_input = "history.csv"; break;
    case FileAction::none: return;
  }
  c.ui.file_open_request = true;
}

namespace {

// The presets, by title in the UI's language; true when one was double-clicked (it opens as
// Open would).
bool preset_list(Ctx& c) {
  bool open = false;
  ImGui::Spacing();
  caption(tr("file.presets"));
  ImGui::BeginChild("##presets", ImVec2(0, 150 * c.s), true);
  for (const auto& p : presets(c.ui)) {
    const auto t = p.translated_titles.find(language_code(language()));
    const std::string& label = t != p.translated_titles.end() ? t->second : p.title.empty() ? p.name : p.title;
    if (ImGui::Selectable(label.c_str(), c.ui.file_path_input == p.path, ImGuiSelectableFlags_AllowDoubleClick)) {
      c.ui.file_path_input = p.path;
      if (ImGui::IsMouseDoubleClicked(0)) open = true;
    }
    mark(c.ui, "preset_" + p.name);
  }
  ImGui::EndChild();
  mark(c.ui, "preset_list");
  return open;
}

// What the dialog was opened for, on `path` (a failure is an error in the status line).
void act(Ctx& c, FileAction a, const std::string& path) {
  switch (a) {
    case FileAction::open_experiment: open_experiment(c, path); break;
    case FileAction::save_experiment: save_experiment(c, path); break;
    case FileAction::load_csv: load_csv(c, path); break;
    case FileAction::save_csv: save_csv(c, path); break;
    case FileAction::export_png:
      if (c.ui.export_kind == 0) {
        export_png(c, path);
      } else {  // the loop draws the next frame (without this dialog) into the file
        c.ui.window_export_path = path;
        c.ui.window_export_factor = c.ui.export_kind == 2 ? 2 : 1;
        set_status(c.ui, formatted(tr("file.exporting_window"), path.c_str()));
      }
      break;
    case FileAction::export_history: export_history(c, path); break;
    case FileAction::none: break;
  }
}

}  // namespace

void show_file_dialog(Ctx& c) {
  if (c.ui.file_open_request) {
    ImGui::OpenPopup("File##dialog");
    c.ui.file_open_request = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.3f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(560 * c.s, 0));
  if (!ImGui::BeginPopupModal("File##dialog", nullptr,
                              ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize))
    return;
  const FileAction a = c.ui.file_action;
  ImGui::TextUnformatted(title_of(a));
  ImGui::Spacing();
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputText("##path", &c.ui.file_path_input, ImGuiInputTextFlags_EnterReturnsTrue);
  mark(c.ui, "file_path");
  ImGui::TextDisabled(tr("file.in"), std::filesystem::current_path().string().c_str());

  bool open_preset = false;  // a preset double-clicked: open it as Open would
  if (a == FileAction::open_experiment && !presets(c.ui).empty()) {
    open_preset = preset_list(c);
    if (show_lesson_list(c)) {  // a lesson picked: it is open, the dialog is done
      c.ui.file_action = FileAction::none;
      ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
      return;
    }
  }
  if (a == FileAction::export_png) {
    ImGui::Spacing();
    static constexpr const char* kKinds[] = {"file.kind_output", "file.kind_window", "file.kind_window2"};
    for (int k = 0; k < 3; ++k) {
      if (k) ImGui::SameLine();
      ImGui::RadioButton(label(kKinds[k], kKinds[k]).c_str(), &c.ui.export_kind, k);
      mark(c.ui, "export_kind_" + std::to_string(k));
    }
  }
  if (!c.ui.file_error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().danger), "%s", c.ui.file_error.c_str());
  ImGui::Spacing();
  const char* ok = a == FileAction::open_experiment || a == FileAction::load_csv ? "file.open" : "file.save";
  bool go = ImGui::Button(label(ok, "file_ok").c_str(), ImVec2(100 * c.s, 0)) || enter || open_preset;
  mark(c.ui, "file_ok");
  ImGui::SameLine();
  const bool cancel = ImGui::Button(label("file.cancel", "file_cancel").c_str(), ImVec2(100 * c.s, 0));
  mark(c.ui, "file_cancel");
  if (cancel || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    c.ui.file_action = FileAction::none;
    ImGui::CloseCurrentPopup();
    go = false;
  }
  if (go && !c.ui.file_path_input.empty()) {
    act(c, a, c.ui.file_path_input);
    if (c.ui.status_error) {
      c.ui.file_error = c.ui.status;  // stay open: show why, let the user fix the path
    } else {
      c.ui.file_action = FileAction::none;
      ImGui::CloseCurrentPopup();
    }
  }
  ImGui::EndPopup();
}

}  // namespace descent::gui
