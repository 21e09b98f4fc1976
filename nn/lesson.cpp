// nn/lesson.cpp — reading lesson files (see lesson.h): the same strict rules as experiment
// files, through the helpers of nn/experiment_rules.h.
#include "nn/lesson.h"

#include <filesystem>

#include "nn/experiment_rules.h"
#include "nn/file_io.h"
#include "nn/setting.h"

namespace nn {

using namespace experiment_rules;
namespace fs = std::filesystem;

namespace {

const Names kLessonKeys{"descent_lesson", "title", "topic", "summary", "steps", "translations"};
const Names kTextKeys{"title", "topic", "summary", "steps"};
const Names kStepTextKeys{"title", "text", "observe", "ask", "choices"};
const Names kStepKeys{"title", "text", "experiment", "set", "reset", "do", "observe", "question", "check"};
const Names kDoKeys{"epochs", "steps"};
const Names kQuestionKeys{"ask", "choices", "answer", "draw"};
const Names kCheckKeys{"metric", "below", "above", "below_run", "above_run", "by"};
constexpr IntRange kActionCount{1, limits::kEpochs};
constexpr size_t kMaxSteps = 64;

struct Context {
  std::string lesson_dir, presets_dir;
};

std::string need_text(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key);
  if (!v) fail(key_path(path, key), "missing");
  std::string s = as_string(*v, key_path(path, key));
  if (s.find_first_not_of(" \t\n") == std::string::npos) fail(key_path(path, key), "must not be empty");
  return s;
}

// "experiment": a preset name, a file beside the lesson, or an experiment written inline.
Experiment read_experiment(const json& v, const std::string& path, const Context& cx, std::string& source) {
  if (v.is_object()) return experiment_from_json(dump(v), path);
  const std::string name = as_string(v, path);
  fs::path file = fs::path(cx.lesson_dir) / name;
  if (!fs::is_regular_file(file)) file = fs::path(cx.presets_dir) / (name + ".json");
  if (!fs::is_regular_file(file))
    fail(path, "no file " + quote(name) + " beside the lesson and no preset of that name in " + cx.presets_dir);
  source = name;
  try {
    return load_experiment(file.string());
  } catch (const Error& e) {
    fail(path, e.what());
  }
}

std::vector<LessonSetting> read_settings(const json& v, const std::string& path) {
  need_object(v, path);
  std::vector<LessonSetting> out;
  for (const auto& [k, val] : v.items()) out.emplace_back(k, dump(val));
  if (out.empty()) fail(path, "names no setting");
  return out;
}

Experiment with_settings(Experiment e, const std::vector<LessonSetting>& s, const std::string& path) {
  for (const auto& [k, v] : s) {
    try {
      e = with_setting(e, k, v);
    } catch (const Error& err) {
      fail(path, err.what());  // with_setting's messages name the setting's path
    }
  }
  return e;
}

LessonAction read_action(const json& v, const std::string& path) {
  need_object(v, path);
  check_keys(v, path, kDoKeys);
  if (v.size() != 1) fail(path, "give one of: " + join(kDoKeys));
  LessonAction a;
  const bool epochs = member(v, "epochs") != nullptr;
  a.kind = epochs ? LessonAction::Kind::epochs : LessonAction::Kind::steps;
  a.count = as_int(*member(v, epochs ? "epochs" : "steps"), key_path(path, epochs ? "epochs" : "steps"), kActionCount);
  return a;
}

LessonQuestion read_question(const json& v, const std::string& path) {
  need_object(v, path);
  check_keys(v, path, kQuestionKeys);
  LessonQuestion q;
  q.ask = need_text(v, "ask", path);
  read(v, "draw", path, q.draw);
  if (const json* c = member(v, "choices")) {
    need_array(*c, key_path(path, "choices"));
    for (size_t i = 0; i < c->size(); ++i) q.choices.push_back(as_string((*c)[i], index_path(key_path(path, "choices"), i)));
  }
  if (q.draw == !q.choices.empty()) fail(path, "give either \"choices\" (with \"answer\") or \"draw\": true");
  if (q.draw) {
    if (member(v, "answer")) fail(key_path(path, "answer"), "a drawn prediction has no answer to mark");
    return q;
  }
  if (q.choices.size() < 2 || q.choices.size() > 6) fail(key_path(path, "choices"), "2 to 6 choices, got " + std::to_string(q.choices.size()));
  const json* a = member(v, "answer");
  if (!a) fail(key_path(path, "answer"), "missing (the index of the right choice, from 0)");
  q.answer = static_cast<int>(as_int(*a, key_path(path, "answer"), {0, static_cast<long long>(q.choices.size()) - 1}));
  return q;
}

LessonCheck read_check(const json& v, const std::string& path) {
  need_object(v, path);
  check_keys(v, path, kCheckKeys);
  LessonCheck c;
  c.metric = need_text(v, "metric", path);
  Names metrics;
  for (const auto& m : lesson_metrics()) metrics.push_back(m.name);
  if (std::find(metrics.begin(), metrics.end(), c.metric) == metrics.end())
    unknown_name(key_path(path, "metric"), "metric", c.metric, metrics);
  int relations = 0;
  for (const char* k : {"below", "above", "below_run", "above_run"}) {
    const json* r = member(v, k);
    if (!r) continue;
    ++relations;
    const std::string rp = key_path(path, k);
    c.above = std::string_view(k).starts_with("above");
    if (std::string_view(k).ends_with("_run")) c.twin = read_settings(*r, rp);
    else c.bound = as_number(*r, rp, {-kInf, kInf});
  }
  if (relations != 1) fail(path, "give one of: below, above, below_run, above_run");
  if (const json* b = member(v, "by")) {
    if (c.twin.empty()) fail(key_path(path, "by"), "only for below_run and above_run");
    c.by = as_number(*b, key_path(path, "by"), kPositive);
  }
  return c;
}

LessonStep read_step(const json& v, const std::string& path, const Experiment* previous, const Context& cx) {
  need_object(v, path);
  check_keys(v, path, kStepKeys);
  LessonStep s;
  s.title = need_text(v, "title", path);
  s.text = need_text(v, "text", path);
  read(v, "observe", path, s.observe);
  read(v, "reset", path, s.reset);
  if (const json* e = member(v, "experiment")) {
    s.experiment = read_experiment(*e, key_path(path, "experiment"), cx, s.source);
    s.loads = true;
  } else if (!previous) {
    fail(key_path(path, "experiment"), "missing: the first step opens an experiment");
  } else {
    s.experiment = *previous;
  }
  if (const json* st = member(v, "set")) {
    s.settings = read_settings(*st, key_path(path, "set"));
    s.experiment = with_settings(s.experiment, s.settings, key_path(path, "set"));
  }
  if (const json* d = member(v, "do")) s.action = read_action(*d, key_path(path, "do"));
  if (const json* q = member(v, "question")) s.question = read_question(*q, key_path(path, "question"));
  if (const json* c = member(v, "check")) {
    need_array(*c, key_path(path, "check"));
    for (size_t i = 0; i < c->size(); ++i) {
      s.checks.push_back(read_check((*c)[i], index_path(key_path(path, "check"), i)));
      for (const auto& t : s.checks.back().twin)  // a twin's settings must make a valid experiment
        with_settings(s.experiment, {t}, index_path(key_path(path, "check"), i));
    }
    if (!s.checks.empty() && s.action.kind == LessonAction::Kind::none)
      fail(key_path(path, "check"), "checks measure what \"do\" does; this step does nothing");
  }
  return s;
}

// One step's translation, checked against the step it translates.
LessonStepText read_step_text(const json& v, const std::string& path, const LessonStep& step) {
  need_object(v, path);
  check_keys(v, path, kStepTextKeys);
  LessonStepText t;
  read(v, "title", path, t.title);
  read(v, "text", path, t.text);
  read(v, "observe", path, t.observe);
  read(v, "ask", path, t.ask);
  if (!step.question && member(v, "ask")) fail(key_path(path, "ask"), "the step asks no question");
  if (step.observe.empty() && !t.observe.empty()) fail(key_path(path, "observe"), "the step has no \"observe\"");
  if (const json* c = member(v, "choices")) {
    const std::string cp = key_path(path, "choices");
    need_array(*c, cp);
    const size_t want = step.question ? step.question->choices.size() : 0;
    if (c->size() != want)
      fail(cp, std::to_string(c->size()) + " choices, but the step's question has " + std::to_string(want));
    for (size_t i = 0; i < c->size(); ++i) t.choices.push_back(as_string((*c)[i], index_path(cp, i)));
  }
  return t;
}

// "translations": { "zh": {...} }, read after the steps: each translated step is checked
// against its step (same count, same number of choices).
std::map<std::string, LessonText> read_translations(const json& v, const std::vector<LessonStep>& steps) {
  need_object(v, "translations");
  check_keys(v, "translations", Names(kTranslationLanguages.begin(), kTranslationLanguages.end()));
  std::map<std::string, LessonText> out;
  for (const auto& [lang, t] : v.items()) {
    const std::string p = key_path("translations", lang);
    need_object(t, p);
    check_keys(t, p, kTextKeys);
    LessonText& x = out[lang];
    read(t, "title", p, x.title);
    read(t, "topic", p, x.topic);
    read(t, "summary", p, x.summary);
    const json* st = member(t, "steps");
    if (!st) continue;
    const std::string sp = key_path(p, "steps");
    need_array(*st, sp);
    if (st->size() != steps.size())
      fail(sp, std::to_string(st->size()) + " steps, but the lesson has " + std::to_string(steps.size()));
    for (size_t i = 0; i < st->size(); ++i) x.steps.push_back(read_step_text((*st)[i], index_path(sp, i), steps[i]));
  }
  return out;
}

Lesson parse_lesson(const json& doc, const Context& cx) {
  const json* version = member(doc, "descent_lesson");
  if (!version) fail("descent_lesson", "missing (a lesson file starts with \"descent_lesson\": 1)");
  if (as_int(*version, "descent_lesson", {LLONG_MIN, LLONG_MAX}) != 1)
    fail("descent_lesson", "unsupported lesson version (this build reads 1)");
  check_keys(doc, "", kLessonKeys);
  Lesson l;
  l.title = need_text(doc, "title", "");
  read(doc, "topic", "", l.topic);
  read(doc, "summary", "", l.summary);
  const json* steps = member(doc, "steps");
  if (!steps) fail("steps", "missing");
  need_array(*steps, "steps");
  if (steps->empty() || steps->size() > kMaxSteps)
    fail("steps", "1 to " + std::to_string(kMaxSteps) + " steps, got " + std::to_string(steps->size()));
  for (size_t i = 0; i < steps->size(); ++i)
    l.steps.push_back(read_step((*steps)[i], index_path("steps", i), i ? &l.steps.back().experiment : nullptr, cx));
  if (const json* t = member(doc, "translations")) l.translations = read_translations(*t, l.steps);
  return l;
}

}  // namespace

namespace {
const LessonText* translation(const Lesson& l, std::string_view lang) {
  const auto it = l.translations.find(std::string(lang));
  return it == l.translations.end() ? nullptr : &it->second;
}
const std::string& either(const std::string& translated, const std::string& english) {
  return translated.empty() ? english : translated;
}
}  // namespace

const std::string& shown_title(const Lesson& l, std::string_view lang) {
  const LessonText* t = translation(l, lang);
  return t ? either(t->title, l.title) : l.title;
}

LessonStepText shown_step(const Lesson& l, size_t step, std::string_view lang) {
  const LessonStep& s = l.steps[step];
  LessonStepText out{s.title, s.text, s.observe, s.question ? s.question->ask : "", s.question ? s.question->choices : std::vector<std::string>{}};
  const LessonText* t = translation(l, lang);
  if (!t || step >= t->steps.size()) return out;
  const LessonStepText& x = t->steps[step];
  out.title = either(x.title, out.title);
  out.text = either(x.text, out.text);
  out.observe = either(x.observe, out.observe);
  out.ask = either(x.ask, out.ask);
  if (!x.choices.empty()) out.choices = x.choices;
  return out;
}

Lesson lesson_from_json(std::string_view text, const std::string& where, const std::string& lesson_dir,
                        const std::string& presets_dir) {
  try {
    return parse_lesson(parse_document(text), {lesson_dir, presets_dir});
  } catch (const Error& err) {
    throw Error(where + ": " + err.what());
  } catch (const json::exception& err) {  // not expected: every access is type-checked
    throw Error(where + ": " + err.what());
  }
}

Lesson load_lesson(const std::string& path, const std::string& presets_dir) {
  const fs::path dir = fs::path(path).parent_path();
  const std::string text = read_file(path, limits::kExperimentFileBytes);
  const fs::path sibling = (dir.empty() ? fs::path("..") : dir.parent_path()) / "presets";
  return lesson_from_json(text, path, dir.string(), presets_dir.empty() ? sibling.string() : presets_dir);
}

}  // namespace nn
