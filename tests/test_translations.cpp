// Translated files (issue 14): every preset and every lesson carries its Chinese, complete; the
// loaders are as strict about a translation as about the rest of the file (unknown keys with a
// "did you mean", a step or choice count that does not match, naming the file and the step);
// an experiment's translations survive a save and a load; what is shown falls back to English
// field by field.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "nn/common.h"
#include "nn/experiment.h"
#include "nn/lesson.h"
#include "nn/presets.h"

namespace fs = std::filesystem;

namespace {

const std::string kAssets = std::string(DESCENT_SOURCE_DIR) + "/assets";

// Chinese text: at least one character from the CJK Unified Ideographs block (U+4E00..U+9FFF,
// UTF-8 lead bytes E4..E9), so an English text copied into the translation does not pass.
bool has_chinese(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xE4 && b <= 0xE9) return true;
  }
  return false;
}

std::string experiment_error(const std::string& translations) {
  try {
    nn::experiment_from_json(R"({"descent": 1, "title": "T", "translations": )" + translations + "}", "t.json");
  } catch (const nn::Error& e) {
    return e.what();
  }
  return "";
}

// A two-step lesson on the default preset, the second step asking a two-choice question, with
// `translation` as its "zh".
std::string lesson_with(const std::string& translation) {
  return R"({"descent_lesson": 1, "title": "T", "topic": "P", "summary": "S", "steps": [
    {"title": "A", "text": "a", "experiment": "playground-default", "observe": "o"},
    {"title": "B", "text": "b", "do": {"epochs": 1},
     "question": {"ask": "which?", "choices": ["x", "y"], "answer": 0}}],
    "translations": {"zh": )" + translation + "}}";
}

nn::Lesson parse_lesson(const std::string& text) {
  return nn::lesson_from_json(text, "t.json", kAssets + "/lessons", kAssets + "/presets");
}

std::string lesson_error(const std::string& translation) {
  try {
    parse_lesson(lesson_with(translation));
  } catch (const nn::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("translations: every preset has a Chinese title and notes") {
  const auto presets = nn::scan_presets(kAssets + "/presets");
  REQUIRE(presets.size() >= 12);
  for (const auto& p : presets) {
    INFO(p.path);
    REQUIRE(p.error.empty());
    const nn::Experiment e = nn::load_experiment(p.path);
    REQUIRE(e.translations.count("zh") == 1);
    const nn::ExperimentText& zh = e.translations.at("zh");
    CHECK(has_chinese(zh.title));
    CHECK(has_chinese(zh.notes));
    CHECK(p.translated_titles.at("zh") == zh.title);  // what the presets list shows
    CHECK(nn::shown_notes(e, "zh") == zh.notes);
    CHECK(nn::shown_notes(e, "en") == e.notes);
  }
}

TEST_CASE("translations: every lesson has a complete Chinese translation, step by step") {
  int lessons = 0;
  for (const auto& f : fs::directory_iterator(kAssets + "/lessons")) {
    if (f.path().extension() != ".json") continue;
    INFO(f.path().string());
    const nn::Lesson l = nn::load_lesson(f.path().string());
    ++lessons;
    REQUIRE(l.translations.count("zh") == 1);
    const nn::LessonText& zh = l.translations.at("zh");
    CHECK(has_chinese(zh.title));
    CHECK(has_chinese(zh.topic) == !l.topic.empty());
    CHECK(has_chinese(zh.summary) == !l.summary.empty());
    REQUIRE(zh.steps.size() == l.steps.size());  // the loader refuses another count
    for (size_t i = 0; i < l.steps.size(); ++i) {
      INFO("step " << i + 1);
      const nn::LessonStep& s = l.steps[i];
      const nn::LessonStepText& t = zh.steps[i];
      CHECK(!t.title.empty());  // may be a name kept as it is ("Adam", "Dropout")
      CHECK(has_chinese(t.text));
      CHECK(has_chinese(t.observe) == !s.observe.empty());
      CHECK(has_chinese(t.ask) == s.question.has_value());
      if (!s.question) continue;
      REQUIRE(t.choices.size() == s.question->choices.size());
      for (const std::string& choice : t.choices) CHECK(!choice.empty());
    }
  }
  CHECK(lessons >= 12);
}

TEST_CASE("translations: an experiment's save and load keep them, and without any the file has no such key") {
  nn::Experiment e = nn::playground_experiment();
  CHECK(nn::experiment_to_json(e).find("translations") == std::string::npos);
  e.translations["zh"] = {"圆形", "内圈与外环：一个 2-4-2-1 的 tanh 网络学会边界。"};
  const std::string text = nn::experiment_to_json(e);
  // Next to the English, before the settings.
  CHECK(text.find("\"translations\"") > text.find("\"notes\""));
  CHECK(text.find("\"translations\"") < text.find("\"seed\""));
  const nn::Experiment back = nn::experiment_from_json(text, "t.json");
  CHECK(back == e);
  CHECK(back.translations.at("zh").title == "圆形");
  CHECK(nn::experiment_to_json(back) == text);
  // A translation with only a title: the notes fall back to English.
  e.translations["zh"] = {"圆形", ""};
  const nn::Experiment partial = nn::experiment_from_json(nn::experiment_to_json(e), "t.json");
  CHECK(nn::shown_title(partial, "zh") == "圆形");
  CHECK(nn::shown_notes(partial, "zh") == e.notes);
  CHECK(nn::shown_title(partial, "en") == e.title);
}

TEST_CASE("translations: an experiment file's bad translation is one line naming the key") {
  CHECK(experiment_error(R"({"zh": {"title": "标题", "nots": "x"}})") ==
        "t.json: translations.zh.nots: unknown key; did you mean \"notes\"?");
  CHECK(experiment_error(R"({"cn": {"title": "标题"}})") == "t.json: translations.cn: unknown key; valid keys are: zh");
  CHECK(experiment_error(R"({"zh": {"title": 3}})") == "t.json: translations.zh.title: expected a string, got 3");
  CHECK(experiment_error(R"({"zh": "标题"})").starts_with("t.json: translations.zh: expected an object"));
  CHECK(experiment_error(R"(["zh"])").starts_with("t.json: translations: expected an object"));
  CHECK(experiment_error(R"({"zh": {"title": "标题"}})").empty());
}

TEST_CASE("translations: a lesson's translation must match its steps and choices, naming file and step") {
  const std::string good = R"({"title": "课", "steps": [{"title": "甲", "text": "一", "observe": "看"},
                                                     {"title": "乙", "text": "二", "ask": "哪个？", "choices": ["x1", "y1"]}]})";
  CHECK(lesson_error(good).empty());
  CHECK(lesson_error(R"({"steps": [{"title": "甲"}]})") == "t.json: translations.zh.steps: 1 steps, but the lesson has 2");
  CHECK(lesson_error(R"({"steps": [{}, {"ask": "哪个？", "choices": ["x1", "y1", "z1"]}]})") ==
        "t.json: translations.zh.steps[1].choices: 3 choices, but the step's question has 2");
  CHECK(lesson_error(R"({"steps": [{"choices": ["x1", "y1"]}, {}]})") ==
        "t.json: translations.zh.steps[0].choices: 2 choices, but the step's question has 0");
  CHECK(lesson_error(R"({"steps": [{"txt": "一"}, {}]})") ==
        "t.json: translations.zh.steps[0].txt: unknown key; did you mean \"text\"?");
  CHECK(lesson_error(R"({"steps": [{"ask": "哪个？"}, {}]})") == "t.json: translations.zh.steps[0].ask: the step asks no question");
  CHECK(lesson_error(R"({"steps": [{}, {"observe": "看"}]})") == "t.json: translations.zh.steps[1].observe: the step has no \"observe\"");
  CHECK(lesson_error(R"({"summry": "x"})") == "t.json: translations.zh.summry: unknown key; did you mean \"summary\"?");
  CHECK(lesson_error(R"({"steps": [{}, {"choices": ["x1", 2]}]})") ==
        "t.json: translations.zh.steps[1].choices[1]: expected a string, got 2");
}

TEST_CASE("translations: a lesson shows each field in Chinese where translated, else in English") {
  const nn::Lesson l = parse_lesson(lesson_with(R"({"title": "课", "steps": [{"text": "一"}, {"choices": ["甲", "乙"]}]})"));
  CHECK(nn::shown_title(l, "zh") == "课");
  CHECK(nn::shown_title(l, "en") == "T");
  const nn::LessonStepText a = nn::shown_step(l, 0, "zh");
  CHECK(a.title == "A");  // not translated: English
  CHECK(a.text == "一");
  CHECK(a.observe == "o");
  const nn::LessonStepText b = nn::shown_step(l, 1, "zh");
  CHECK(b.ask == "which?");
  CHECK(b.choices == std::vector<std::string>{"甲", "乙"});
  CHECK(nn::shown_step(l, 1, "en").choices == std::vector<std::string>{"x", "y"});
  // A translation without steps: every step in English.
  const nn::Lesson t = parse_lesson(lesson_with(R"({"title": "课"})"));
  CHECK(nn::shown_step(t, 1, "zh").text == "b");
}
