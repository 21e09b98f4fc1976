// app/headless_lesson.cpp — `descent --headless --lesson FILE`: every step of a lesson loads,
// and what each step claims to show holds (nn/lesson.h's checks), measured on the same
// Session the app trains.
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/cli.h"
#include "nn/lesson.h"
#include "nn/message.h"

namespace fs = std::filesystem;

namespace descent {

std::string resolve_lesson(const std::string& s) {
  if (fs::exists(s)) return s;
  if (s.find('/') == std::string::npos && fs::path(s).extension() != ".json") {
    const fs::path p = fs::path(assets_dir()) / "lessons" / (s + ".json");
    if (fs::exists(p)) return p.string();
  }
  return s;  // loading it will say what is wrong
}

int run_lesson(const HeadlessOptions& o) {
  const std::string path = resolve_lesson(o.lesson);
  nn::Lesson lesson;
  std::vector<nn::LessonCheckResult> results;
  try {
    lesson = nn::load_lesson(path, (fs::path(assets_dir()) / "presets").string());
    results = nn::check_lesson(lesson);
  } catch (const std::exception& ex) {
    const std::string what = ex.what();
    std::fprintf(stderr, "descent: %s\n", nn::one_line(what.starts_with(path) ? what : path + ": " + what).c_str());
    return 2;
  }
  if (!o.quiet) std::printf("%s: %zu steps\n", lesson.title.c_str(), lesson.steps.size());
  size_t next = 0;
  for (size_t i = 0; i < lesson.steps.size(); ++i) {
    if (!o.quiet) std::printf("  step %zu/%zu %s\n", i + 1, lesson.steps.size(), lesson.steps[i].title.c_str());
    for (; next < results.size() && results[next].step == i; ++next) {
      const auto& r = results[next];
      if (!o.quiet) std::printf("    %s %s\n", r.ok ? "holds:" : "FAILS:", r.claim.c_str());
    }
  }
  for (const auto& r : results)
    if (!r.ok) {
      std::fprintf(stderr, "descent: %s: steps[%zu].check[%zu]: the claim does not hold: %s\n", path.c_str(),
                   r.step, r.index, r.claim.c_str());
      return 2;
    }
  std::printf("%s: every step loads; %zu claims hold\n", path.c_str(), results.size());
  return 0;
}

}  // namespace descent
