// app/gui/classroom_state.h — the UI state of the classroom views (a member of UiState): the
// open lesson and its step, the question's answer and the drawn prediction, presentation
// mode, and the animation export running in the background (or the window's recording).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/animation.h"
#include "gui/recording.h"
#include "nn/background.h"
#include "nn/lesson.h"

namespace descent::gui {

struct ClassroomState {
  // the lesson
  std::optional<nn::Lesson> lesson;
  std::string lesson_path;
  std::string pending_lesson;  // --lesson: opened by the first frame
  struct Listed {
    std::string path, title;
    std::map<std::string, std::string> translated_titles;  // "zh" → the lesson's title in Chinese
  };
  std::optional<std::vector<Listed>> lesson_list;  // assets/lessons, scanned on first use
  int step = 0;
  bool collapsed = false;
  // the step's question: the answer picked (-1: none), revealed once the run was played
  int chosen = -1;
  bool revealed = false;
  // the drawn prediction, in plane coordinates (x1, x2), one vector per stroke; stays overlaid
  // after the reveal, cleared when the step changes
  std::vector<std::vector<std::array<double, 2>>> strokes;
  bool drawing = false;
  bool paint_before_drawing = true;
  // presentation mode (F5): network, output view and plots only, larger, high contrast
  bool presenting = false;
  bool high_contrast = true;
  bool fonts_dirty = false;  // a control changed the mode: the app rebuilds fonts and theme
  // the animation export
  bool show_export = false;
  AnimationSpec export_spec;
  char export_path[512] = "descent-run.gif";
  std::unique_ptr<nn::Background<AnimationResult>> export_job;
  RecordingState recording;  // the whole window recorded (gui/recording.h)
};

// How much presentation mode enlarges the UI.
inline constexpr float kPresentationScale = 1.5f;

}  // namespace descent::gui
