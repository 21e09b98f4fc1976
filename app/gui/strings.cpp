// app/gui/strings.cpp — see strings.h. Keys are "view.what"; "%" formats take printf arguments.
#include "gui/strings.h"

#include <array>
#include <utility>

namespace descent::gui {

namespace {

using Entry = std::pair<std::string_view, const char*>;

constexpr std::array kEnglish{
    Entry{"lesson.step_of", "step %d/%d"},
    Entry{"lesson.next", "Next \xe2\x96\xb6"},
    Entry{"lesson.previous", "\xe2\x97\x80 Back"},
    Entry{"lesson.collapse", "\xe2\x96\xbc"},
    Entry{"lesson.expand", "\xe2\x96\xb2 Lesson"},
    Entry{"lesson.close", "Close lesson"},
    Entry{"lesson.play_epochs", "Play %ld epochs"},
    Entry{"lesson.play_steps", "Take %ld steps"},
    Entry{"lesson.observe", "Observe: "},
    Entry{"lesson.question", "Question"},
    Entry{"lesson.reveal", "Reveal"},
    Entry{"lesson.right", "\xe2\x9c\x93 right"},
    Entry{"lesson.wrong", "\xe2\x9c\x97 not this one"},
    Entry{"lesson.draw", "Draw prediction"},
    Entry{"lesson.drawing", "Drawing: drag on the output view"},
    Entry{"lesson.clear_drawing", "Clear"},
    Entry{"lesson.pick_first", "Pick an answer, then reveal"},
    Entry{"lesson.opened", "Opened lesson %s"},
    Entry{"lesson.lessons", "Lessons"},
    Entry{"help.present", "presentation mode: network, output and plots, larger, high contrast / leave it"},
    Entry{"help.lesson_keys", "with a lesson open: next / previous step (a presenter's clicker)"},
    Entry{"present.hint", "Presentation \xe2\x80\x94 Esc leaves, PgDn/PgUp move through the lesson"},
    Entry{"present.high_contrast", "High contrast"},
    Entry{"present.leave", "Leave (Esc)"},
    Entry{"export.title", "Export animation"},
    Entry{"export.menu", "Export animation\xe2\x80\xa6"},
    Entry{"export.gif", "Animated GIF"},
    Entry{"export.png", "PNG sequence"},
    Entry{"export.from", "from epoch"},
    Entry{"export.to", "to epoch"},
    Entry{"export.every", "every K epochs"},
    Entry{"export.fps", "frames per second"},
    Entry{"export.scale2", "2\xc3\x97 (512 px)"},
    Entry{"export.file", "file"},
    Entry{"export.start", "Export"},
    Entry{"export.cancel", "Cancel"},
    Entry{"export.done", "Wrote %d frames to %s"},
    Entry{"export.cancelled", "Export cancelled; nothing written"},
    Entry{"export.note", "Replays the run from its initial weights and draws the output view."},
};

}  // namespace

const char* tr(std::string_view key) {
  for (const auto& [k, v] : kEnglish)
    if (k == key) return v;
  return key.data();  // keys are literals: NUL-terminated
}

int string_count() { return int(kEnglish.size()); }
std::string_view string_key(int i) { return kEnglish[size_t(i)].first; }

}  // namespace descent::gui
