// Lessons (nn/lesson.h): the shipped lessons load, cover the course's topics, and what each
// step claims holds; the loader is as strict as the experiment parser (unknown keys with a
// "did you mean", bad settings, bad questions and checks), and a false claim is reported false.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "nn/common.h"
#include "nn/lesson.h"

namespace fs = std::filesystem;

namespace {

const std::string kAssets = std::string(DESCENT_SOURCE_DIR) + "/assets";

nn::Lesson parse(const std::string& text) {
  return nn::lesson_from_json(text, "t.json", kAssets + "/lessons", kAssets + "/presets");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const nn::Error& e) {
    return e.what();
  }
  return "";
}

// A one-step lesson on the default preset with `step_extra` added to the step.
std::string lesson_with(const std::string& step_extra, const std::string& top_extra = "") {
  return R"({"descent_lesson": 1, "title": "T", )" + top_extra + R"("steps": [{"title": "S", "text": "x", "experiment": "playground-default")" +
         (step_extra.empty() ? "" : ", " + step_extra) + "}]}";
}

}  // namespace

TEST_CASE("the shipped lessons: at least 12, one per course topic, every one loads") {
  std::set<std::string> topics;
  int count = 0;
  for (const auto& f : fs::directory_iterator(kAssets + "/lessons")) {
    if (f.path().extension() != ".json") continue;
    INFO(f.path().string());
    const nn::Lesson l = nn::load_lesson(f.path().string());
    ++count;
    CHECK(!l.topic.empty());
    CHECK(topics.insert(l.topic).second);
    CHECK(l.steps.front().loads);
    size_t checks = 0, questions = 0;
    for (const auto& s : l.steps) checks += s.checks.size(), questions += s.question.has_value();
    CHECK(checks >= 1);     // every lesson claims something measurable
    CHECK(questions >= 1);  // and asks the class something
  }
  CHECK(count >= 12);
}

TEST_CASE("a lesson step's settings change the previous step's experiment") {
  const nn::Lesson l = nn::load_lesson(kAssets + "/lessons/04-gradient-descent.json");
  REQUIRE(l.steps.size() == 3);
  CHECK(l.steps[0].experiment.training.batch_size == 0);  // "full"
  CHECK(l.steps[1].experiment.training.batch_size == 1);
  CHECK(l.steps[1].experiment.training.optimizer.lr == 0.03);
  CHECK(l.steps[2].experiment.training.batch_size == 10);
  CHECK(l.steps[2].experiment.training.optimizer.lr == 0.03);  // kept from step 2
  CHECK(l.steps[2].reset);
}

TEST_CASE("lesson files: unknown keys are errors with a did-you-mean, like experiment files") {
  CHECK(error_of(lesson_with(R"("observ": "x")")) == "t.json: steps[0].observ: unknown key; did you mean \"observe\"?");
  CHECK(error_of(lesson_with("", R"("titel": "x", )")).starts_with("t.json: titel: unknown key; did you mean \"title\"?"));
  CHECK(error_of(lesson_with(R"("do": {"epoch": 3})")) == "t.json: steps[0].do.epoch: unknown key; did you mean \"epochs\"?");
  CHECK(error_of(lesson_with(R"("do": {"epochs": 3}, "check": [{"metric": "train_los", "below": 1}])")) ==
        "t.json: steps[0].check[0].metric: unknown metric \"train_los\"; valid: train_loss, test_loss, train_accuracy, "
        "test_accuracy, gap, loss_change, loss_noise, dead_fraction, weight_norm, small_weights, grad_ratio, diverged, "
        "epochs; did you mean \"train_loss\"?");
}

TEST_CASE("lesson files: bad settings, experiments, questions and checks name the step and the field") {
  CHECK(error_of(lesson_with(R"("set": {"training.optimzer.lr": 0.1})")).starts_with("t.json: steps[0].set: training.optimzer"));
  CHECK(error_of(lesson_with(R"("set": {"training.optimizer.lr": -1})")) ==
        "t.json: steps[0].set: training.optimizer.lr: must be > 0, got -1");
  CHECK(error_of(R"({"descent_lesson": 1, "title": "T", "steps": [{"title": "S", "text": "x"}]})") ==
        "t.json: steps[0].experiment: missing: the first step opens an experiment");
  CHECK(error_of(R"({"descent_lesson": 1, "title": "T", "steps": [{"title": "S", "text": "x", "experiment": "no-such"}]})")
            .starts_with("t.json: steps[0].experiment: no file \"no-such\""));
  CHECK(error_of(lesson_with(R"("question": {"ask": "?", "choices": ["a", "b"], "answer": 2})")) ==
        "t.json: steps[0].question.answer: must be 0..1, got 2");
  CHECK(error_of(lesson_with(R"("question": {"ask": "?", "choices": ["a", "b"], "draw": true})")) ==
        "t.json: steps[0].question: give either \"choices\" (with \"answer\") or \"draw\": true");
  CHECK(error_of(lesson_with(R"("check": [{"metric": "gap", "above": 0}])")) ==
        "t.json: steps[0].check: checks measure what \"do\" does; this step does nothing");
  CHECK(error_of(lesson_with(R"("do": {"epochs": 1}, "check": [{"metric": "gap", "above": 0, "below": 1}])")) ==
        "t.json: steps[0].check[0]: give one of: below, above, below_run, above_run");
  CHECK(error_of(lesson_with(R"("do": {"epochs": 1}, "check": [{"metric": "gap", "below_run": {"network.activaton": "relu"}}])"))
            .starts_with("t.json: steps[0].check[0]: network.activaton"));
  CHECK(error_of(R"({"descent_lesson": 2, "title": "T", "steps": []})") ==
        "t.json: descent_lesson: unsupported lesson version (this build reads 1)");
  CHECK(error_of(R"({"descent_lesson": 1, "title": "T", "steps": [)") .starts_with("t.json: invalid JSON at line 1"));
}

TEST_CASE("check_lesson measures claims: a true claim holds, its opposite does not") {
  const std::string step = R"("set": {"training.batch_size": 1}, "do": {"epochs": 30}, "check": [)";
  const nn::Lesson noisy = parse(lesson_with(step + R"({"metric": "loss_noise", "above_run": {"training.batch_size": "full"}}])"));
  const nn::Lesson quiet = parse(lesson_with(step + R"({"metric": "loss_noise", "below_run": {"training.batch_size": "full"}}])"));
  const auto a = nn::check_lesson(noisy), b = nn::check_lesson(quiet);
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0].ok);
  CHECK_FALSE(b[0].ok);
  CHECK(a[0].claim.starts_with("loss_noise "));
  CHECK(a[0].claim.find("training.batch_size = \"full\"") != std::string::npos);
}

TEST_CASE("check_lesson: a metric that has no value in a step is an error naming the step") {
  const nn::Lesson l = parse(lesson_with(R"("do": {"epochs": 2}, "check": [{"metric": "loss_noise", "above": 0}])"));
  CHECK_THROWS_WITH(nn::check_lesson(l), Catch::StartsWith("steps[0]: check[0]: loss_noise has no value here"));
}

TEST_CASE("check_lesson plays steps as the app does: the same numbers as a Session trained alone") {
  const nn::Lesson l = parse(lesson_with(R"("do": {"epochs": 5}, "check": [{"metric": "epochs", "above": 4.5}, {"metric": "train_loss", "below": 1e9}])"));
  const auto r = nn::check_lesson(l);
  REQUIRE(r.size() == 2);
  CHECK(r[0].ok);
  CHECK(r[0].claim == "epochs 5 > 4.5");
  CHECK(r[1].ok);
}
