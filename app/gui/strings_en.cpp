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
    // (end i18n)
};

}  // namespace

std::span<const StringEntry> english_table() { return kEnglish; }

}  // namespace descent::gui
