// app/gui/strings_en.cpp — the UI's English words (see strings.h). Keys are "view.what";
// "%" formats take printf arguments; "\xe2\x96\xb6" escapes keep non-ASCII symbols exact.
#include "gui/strings.h"

namespace descent::gui {

namespace {

constexpr StringEntry kEnglish[] = {
    // --- classroom: lesson card, presentation mode, animation export ---
    {"lesson.step_of", "step %d/%d"},
    {"lesson.next", "Next \xe2\x96\xb6"},
    {"lesson.previous", "\xe2\x97\x80 Back"},
    {"lesson.collapse", "\xe2\x96\xbc"},
    {"lesson.expand", "\xe2\x96\xb2 Lesson"},
    {"lesson.close", "Close lesson"},
    {"lesson.play_epochs", "Play %ld epochs"},
    {"lesson.play_steps", "Take %ld steps"},
    {"lesson.observe", "Observe: "},
    {"lesson.question", "Question"},
    {"lesson.reveal", "Reveal"},
    {"lesson.right", "\xe2\x9c\x93 right"},
    {"lesson.wrong", "\xe2\x9c\x97 not this one"},
    {"lesson.draw", "Draw prediction"},
    {"lesson.drawing", "Drawing: drag on the output view"},
    {"lesson.clear_drawing", "Clear"},
    {"lesson.pick_first", "Pick an answer, then reveal"},
    {"lesson.opened", "Opened lesson %s"},
    {"lesson.lessons", "Lessons"},
    {"help.present", "presentation mode: network, output and plots, larger, high contrast / leave it"},
    {"help.lesson_keys", "with a lesson open: next / previous step (a presenter's clicker)"},
    {"present.hint", "Presentation \xe2\x80\x94 Esc leaves, PgDn/PgUp move through the lesson"},
    {"present.high_contrast", "High contrast"},
    {"present.leave", "Leave (Esc)"},
    {"export.title", "Export animation"},
    {"export.menu", "Export animation\xe2\x80\xa6"},
    {"export.gif", "Animated GIF"},
    {"export.png", "PNG sequence"},
    {"export.from", "from epoch"},
    {"export.to", "to epoch"},
    {"export.every", "every K epochs"},
    {"export.fps", "frames per second"},
    {"export.scale2", "2\xc3\x97 (512 px)"},
    {"export.file", "file"},
    {"export.start", "Export"},
    {"export.cancel", "Cancel"},
    {"export.done", "Wrote %d frames to %s"},
    {"export.cancelled", "Export cancelled; nothing written"},
    {"export.note", "Replays the run from its initial weights and draws the output view."},

    // --- top bar, status bar, help window, data panel, file dialog, recipe (helper: ui-a) ---
    // (end ui-a)

    // --- network, neuron detail, doctor strip, inspector, output panel, plots, layers view,
    //     confusion (helper: ui-b) ---
    // (end ui-b)

    // --- lab: compare, LR test, landscape, timeline; actions, app, state messages (helper: ui-c) ---
    // (end ui-c)

    // --- language switch, presets' notes and lessons (helper: i18n) ---
    {"help.title", "Help"},
    {"help.view", "VIEW"},
    {"help.light", "Light"},
    {"help.dark", "Dark"},
    {"help.scale", "UI scale %.0f%%"},
    {"help.language", "Language"},
    {"help.files", "FILES"},
    {"help.open", "Open\xe2\x80\xa6"},
    {"help.save", "Save\xe2\x80\xa6"},
    {"help.export_png", "Export PNG\xe2\x80\xa6"},
    {"help.export_history", "Export history\xe2\x80\xa6"},
    {"help.keys", "KEYS"},
    {"help.key.space", "Space"},
    {"help.key.space.does", "play / pause"},
    {"help.key.step", "S  or  \xe2\x86\x92"},
    {"help.key.step.does", "step one epoch (Shift: one optimizer step)"},
    {"help.key.reset", "R"},
    {"help.key.reset.does", "reset: epoch 0, same initial weights"},
    {"help.key.open_save", "Ctrl+O / Ctrl+S"},
    {"help.key.open_save.does", "open / save an experiment (with weights)"},
    {"help.key.undo", "Ctrl+Z / Ctrl+Shift+Z"},
    {"help.key.undo.does", "undo / redo an edit of the data, the network or the recipe (100 steps)"},
    {"help.key.scale", "Ctrl + / Ctrl \xe2\x88\x92 / Ctrl 0"},
    {"help.key.scale.does", "UI scale"},
    {"help.key.full_screen", "F11"},
    {"help.key.full_screen.does", "full screen"},
    {"help.key.present", "F5 / Esc"},
    {"help.key.lesson", "PgDn / PgUp, \xe2\x86\x92 / \xe2\x86\x90"},
    {"help.key.help", "F1"},
    {"help.key.help.does", "this help"},
    {"help.key.quit", "Ctrl+Q"},
    {"help.key.quit.does", "quit"},
    {"help.mouse", "MOUSE"},
    {"help.mouse.output_view", "Output view"},
    {"help.mouse.output_view.does", "with \"Paint on the output view\" on (Data panel): left click paints the positive class (orange) \xc2\xb7 right click: negative (blue)"},
    {"help.mouse.output_view.more", "Shift + drag: erase \xc2\xb7 wheel: zoom \xc2\xb7 middle drag or Alt + drag: pan"},
    {"help.mouse.network", "Network"},
    {"help.mouse.network.does", "click a feature to toggle it \xc2\xb7 +/\xe2\x88\x92 add or remove neurons and layers"},
    {"help.mouse.network.more", "hover a node: see it large in the output view \xc2\xb7 click a link or bias: edit it"},
    {"help.mouse.files", "Files"},
    {"help.mouse.files.does", "drop a .json experiment or a .csv data set onto the window"},
    // (end i18n)
};

}  // namespace

std::span<const StringEntry> english_table() { return kEnglish; }

}  // namespace descent::gui
