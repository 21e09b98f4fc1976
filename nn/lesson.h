// nn/lesson.h — a guided lesson: an ordered list of steps a teacher walks a class through.
//
// Shape of the file (assets/lessons/*.json; unknown keys are errors with a "did you mean"):
//   { "descent_lesson": 1, "title": "...", "topic": "...", "summary": "...",
//     "steps": [ {
//        "title": "...", "text": "a few sentences; **bold**; formulas in Unicode: z = Wx + b",
//        "experiment": "PRESET" | "file.json" (relative to the lesson) | { inline experiment },
//        "set": { "training.optimizer.lr": 0.3, "network.activation": "relu" },
//        "reset": true,                          // start again from the initial weights
//        "do": { "epochs": 100 } | { "steps": 1 },
//        "observe": "what the class should see",
//        "question": { "ask": "...", "choices": ["a", "b"], "answer": 1 } | { "ask": "...", "draw": true },
//        "check": [ { "metric": "train_loss", "below": 0.05 },
//                   { "metric": "loss_noise", "above_run": { "training.batch_size": "full" }, "by": 10 } ]
//     } ],
//     "translations": { "zh": { "title": "...", "topic": "...", "summary": "...",
//        "steps": [ { "title": "...", "text": "...", "observe": "...", "ask": "...",
//                     "choices": ["...", "..."] }, ... ] } } }      (optional)
// The first step names an experiment; a later step either loads another or changes settings
// from the previous step's (JSON paths as in nn/setting.h). Every step's experiment is built
// and validated when the lesson loads, so a lesson that loads is a lesson every step of which
// opens. `check` holds the measurable form of what `observe` claims (lesson_check.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nn/experiment.h"

namespace nn {

struct LessonQuestion {
  std::string ask;
  std::vector<std::string> choices;  // multiple choice (empty for a drawn prediction)
  int answer = -1;                   // index into choices
  bool draw = false;                 // sketch the prediction on the output view
};

struct LessonAction {
  enum class Kind : uint8_t { none, epochs, steps };
  Kind kind = Kind::none;
  long count = 0;
};

// A setting as nn::with_setting takes it: JSON path and the value as JSON text.
using LessonSetting = std::pair<std::string, std::string>;

struct LessonCheck {
  std::string metric;                 // a row of lesson_metrics()
  bool above = false;                 // else below
  std::optional<double> bound;        // compared with a number ...
  std::vector<LessonSetting> twin;    // ... or with the same step run with these settings
  double by = 1.0;                    // twin comparisons: value < by·twin (below), > by·twin (above)
};

struct LessonStep {
  std::string title, text, observe;
  bool loads = false;                 // opens `experiment` afresh (else applies `settings`)
  std::string source;                 // the preset or file it loads ("" inline or none)
  std::vector<LessonSetting> settings;
  bool reset = false;
  LessonAction action;
  std::optional<LessonQuestion> question;
  std::vector<LessonCheck> checks;
  Experiment experiment;              // in force during this step (built at load)
};

// A lesson's words in another language. Every field is optional (empty: the English one is
// shown); `steps` has one entry per step when present, and a step's `choices` as many as its
// question's when present: the loader checks both, so a translation cannot drift out of step.
struct LessonStepText {
  std::string title, text, observe, ask;
  std::vector<std::string> choices;
};
struct LessonText {
  std::string title, topic, summary;
  std::vector<LessonStepText> steps;
};

struct Lesson {
  std::string title, topic, summary;
  std::vector<LessonStep> steps;
  std::map<std::string, LessonText> translations;  // "zh" → its words
};

// What to show in language `lang` ("en", "zh"): the translation's text where it has one, the
// English elsewhere, field by field.
const std::string& shown_title(const Lesson& l, std::string_view lang);
LessonStepText shown_step(const Lesson& l, size_t step, std::string_view lang);

// Where a lesson's string "experiment" is looked up: a file relative to the lesson's folder,
// else PRESETS_DIR/NAME.json. Throws nn::Error "<where>: <json.path>: <reason>".
Lesson lesson_from_json(std::string_view text, const std::string& where,
                        const std::string& lesson_dir, const std::string& presets_dir);
// presets_dir "": the lesson folder's sibling "presets" (assets/lessons → assets/presets); the
// app passes its own preset folder, so a lesson saved anywhere can name the presets.
Lesson load_lesson(const std::string& path, const std::string& presets_dir = "");

// The metrics a check may name: key, what it measures (for messages and the man page).
struct LessonMetricRow {
  const char* name;
  const char* meaning;
};
const std::vector<LessonMetricRow>& lesson_metrics();

// One check of one step, run.
struct LessonCheckResult {
  size_t step = 0;      // 0-based
  size_t index = 0;     // within the step's checks
  std::string claim;    // "train_loss 0.0123 < 0.05", "loss_noise 3.1e-05 > 10 × 2.2e-07 (twin)"
  bool ok = false;
};

// Plays every step as the app does (load or apply, reset, the action) on a Session and
// evaluates its checks. Throws nn::Error "steps[i]: ..." when a step cannot run (a metric with
// no value, e.g. loss_noise over fewer than 3 epochs).
std::vector<LessonCheckResult> check_lesson(const Lesson& lesson);

}  // namespace nn
