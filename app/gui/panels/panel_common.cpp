// app/gui/panels/panel_common.cpp — the fixed, full-window panels' frame.
#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

bool begin_panel(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra, bool scrollbar) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  const ImGuiWindowFlags decoration = scrollbar ? ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                                      ImGuiWindowFlags_NoCollapse
                                                : ImGuiWindowFlags_NoDecoration;
  const ImGuiWindowFlags flags = decoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBackground | extra;
  const bool open = ImGui::Begin(name, nullptr, flags);
  // A panel whose background differs from the clear colour (ImGuiCol_WindowBg pushed by the
  // caller, e.g. the top bar) draws it; the others are the clear colour itself.
  const ImU32 bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  if (bg != palette().panel) ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), bg);
  return open;
}

void end_panel() { ImGui::End(); }

void panel_title(const char* text) {
  if (ImFont* f = font_small()) ImGui::PushFont(f);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().text_dim));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  if (font_small()) ImGui::PopFont();
}

}  // namespace descent::gui
