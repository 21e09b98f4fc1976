// app/gui/panels/panels.h — one function per panel, one panel per file (docs/DESIGN.md §6).
// Each reads the frame's snapshot through the Ctx and sends commands; app.cpp decides where
// they go.
#pragma once

#include <imgui.h>

#include "gui/ui.h"

namespace descent::gui {

// A fixed, undecorated window covering [pos, pos + size) (ImGui 1.86 has no docking).
// `scrollbar`: a vertical scrollbar appears when the contents do not fit.
bool begin_panel(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0,
                 bool scrollbar = false);
void end_panel();
// A panel's title in the Playground style: small capitals, dim.
void panel_title(const char* text);

void show_top_bar(Ctx& c, ImVec2 pos, ImVec2 size);             // panels/top_bar.cpp
void show_data_panel(Ctx& c, ImVec2 pos, ImVec2 size);          // panels/data_panel.cpp
void show_network_panel(Ctx& c, ImVec2 pos, ImVec2 size);       // panels/network_panel.cpp
void show_output_panel(Ctx& c, ImVec2 pos, ImVec2 size);        // panels/output_panel.cpp
void show_status_bar(Ctx& c, ImVec2 pos, ImVec2 size);          // panels/status_bar.cpp
void show_divergence_banner(Ctx& c, ImVec2 pos, float width);   // panels/status_bar.cpp
void show_go_on_prompt(Ctx& c);                                  // panels/status_bar.cpp
// The recipe: a side sheet in the left column, in the data panel's place while open; its
// width for a window `window_w` wide whose other columns are left_w and right_w wide.
void show_recipe_sheet(Ctx& c, ImVec2 pos, ImVec2 size);        // panels/recipe_panel.cpp
float recipe_sheet_width(float s, float window_w, float left_w, float right_w);
void show_help_window(Ctx& c);                                   // panels/help_window.cpp
void show_file_dialog(Ctx& c);                                   // panels/file_dialog.cpp
void request_file_action(Ctx& c, FileAction a);                  // panels/file_dialog.cpp

// The learning-rate lab (gui/lab.h holds its state).
void show_compare_view(Ctx& c, ImVec2 pos, ImVec2 size);        // panels/compare_view.cpp
void show_compare_popup(Ctx& c);                                 // panels/compare_view.cpp
void open_compare_popup(Ctx& c);                                 // panels/compare_view.cpp
void show_lr_find_window(Ctx& c);                                // panels/lr_find_view.cpp
void lab_buttons(Ctx& c, ImVec2 pos, float right);
float lab_buttons_width();
// The network header's tools behind a "⋯" (when the header has no room): right-aligned at
// right_top; drawn by the doctor's strip (network_panel.cpp).
void net_tools_button(Ctx& c, ImVec2 right_top);
float net_tools_width();  // panels/lr_find_view.cpp: ending at x = right
// A lab window's first place and size (ImGuiCond_FirstUseEver), kept inside the main window.
void place_lab_window(ImVec2 pos, ImVec2 size);                 // panels/lr_find_view.cpp
void show_landscape_window(Ctx& c);                              // panels/landscape_view.cpp
void open_landscape(Ctx& c);                                     // panels/landscape_view.cpp
void show_timeline(Ctx& c, ImVec2 pos, ImVec2 size);            // panels/timeline.cpp
float timeline_height(const Ctx& c);                             // panels/timeline.cpp

// The recipe's combos (panels/recipe_controls.cpp), shared by the top bar (quick ones), the
// recipe sheet and the network canvas.
bool learning_rate_combo(Ctx& c, const char* id, float width);
bool optimizer_combo(Ctx& c, const char* id, float width);
inline constexpr int kAllLayers = -1;  // activation_combo: every hidden layer at once
bool activation_combo(Ctx& c, const char* id, int layer, float width);
bool output_loss_combo(Ctx& c, const char* id, float width);

}  // namespace descent::gui
