// app/gui/classroom.h — the classroom views: lessons (open, move between steps, play a step,
// ask its question and reveal), the drawn prediction over the output view, presentation mode
// (F5) and the animation export window. Their state is UiState::classroom
// (gui/classroom_state.h); their words are gui/strings.h's.
#pragma once

#include <nlohmann/json.hpp>

#include "gui/ui.h"

namespace descent::gui {

// Load a lesson file and enter its first step (a bad file: one line in the status bar).
void open_lesson(Ctx& c, const std::string& path);
// Enter step i: load its experiment or apply its settings, reset if it says so.
void go_to_step(Ctx& c, int i);
// Play the step's action ("do"); with a question, this is the reveal.
void play_step(Ctx& c);

// Keys: PgDn/PgUp (a clicker) and →/← move between steps while a lesson is open, F5 enters
// presentation mode, Esc leaves it. Returns true when →/← were taken (the caller then does not
// step an epoch). `fonts_dirty` is set when the scale or theme must be rebuilt.
bool classroom_shortcuts(Ctx& c, bool* fonts_dirty);
// Once per frame, before the panels: the --lesson to open, the export job to collect.
void classroom_frame(Ctx& c);

// The lesson card, its bottom-left corner at `bottom_left`, `width` wide (panels/lesson_card.cpp).
// Returns the y of its top (bottom_left.y when no lesson is open): what stacks above it goes there.
float show_lesson_card(Ctx& c, ImVec2 bottom_left, float width);
// The drawn prediction over the output view, and the drawing itself while armed.
void draw_prediction(Ctx& c);
// Presentation mode's layout: network and output view only, the top bar on hover.
void draw_presentation(Ctx& c, ImVec2 origin, ImVec2 size, float top_h);
// The lessons under the open dialog's presets; true when one was opened (panels/lesson_card.cpp).
bool show_lesson_list(Ctx& c);
// The export window (File menu: "Export animation…"), first placed centred on x = centre_x.
void show_export_window(Ctx& c, float centre_x);

// The UI scale and theme in force: presentation mode enlarges and may switch to high contrast.
float effective_scale(const UiState& ui, const Settings& st);
// Apply fonts and theme for the current mode (rebuilds the font atlas; call between frames).
// `extra`: 2 while frames are drawn at twice the size now and then (a 2× recording or window
// export): the atlas then holds a second set of fonts at twice the scale.
void apply_fonts_and_theme(const UiState& ui, const Settings& st, int extra = 1);
// The fonts and the theme's sizes for a frame drawn `factor` times larger (1: the window's; the
// atlas must hold that set: apply_fonts_and_theme's `extra`). No atlas rebuild.
void apply_frame_scale(const UiState& ui, const Settings& st, int factor);

// The classroom's part of --print-state and the state file.
void add_classroom_state(nlohmann::json& j, const UiState& ui);

}  // namespace descent::gui
