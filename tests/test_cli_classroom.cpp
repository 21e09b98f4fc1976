// The classroom on the command line: `--lesson` checks a lesson (exit 2 with one line naming
// the step when it does not load or a claim fails), `--gif` writes the run as an animated GIF
// (decoded here with giflib: frame count, size, delays), the same bytes for the same seed.
#include <catch2/catch.hpp>
#ifdef DESCENT_TEST_HAS_GUI  // giflib comes with the app's build (CMakeLists.txt)
#include <gif_lib.h>
#endif

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/launcher.h"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code = -1;
  std::string out;
};

Result descent(const std::string& args) {
  const std::string cmd = test_launcher() + "'" DESCENT_BINARY "' " + args + " 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/descent-classroom-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  fs::path path;
};

#ifdef DESCENT_TEST_HAS_GUI
struct GifInfo {
  int width = 0, height = 0, frames = 0, delay_cs = -1;
};

[[maybe_unused]] GifInfo decode(const std::string& path) {
  int err = 0;
  GifFileType* g = DGifOpenFileName(path.c_str(), &err);
  REQUIRE(g != nullptr);
  REQUIRE(DGifSlurp(g) == GIF_OK);
  GifInfo info{g->SWidth, g->SHeight, g->ImageCount, -1};
  GraphicsControlBlock gcb;
  if (g->ImageCount > 0 && DGifSavedExtensionToGCB(g, 0, &gcb) == GIF_OK) info.delay_cs = gcb.DelayTime;
  DGifCloseFile(g, &err);
  return info;
}
#endif

[[maybe_unused]] std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kLessons = std::string(DESCENT_SOURCE_DIR) + "/assets/lessons/";

}  // namespace

#ifdef DESCENT_TEST_HAS_GUI  // --gif draws with the app's colour maps: builds with the app only
TEST_CASE("headless --gif writes the run's output view as a GIF: one frame every K epochs from epoch 0, 256 x 256") {
  TempDir t;
  const Result r = descent("--headless playground-default --epochs 20 --every 5 --gif " + t.file("run.gif"));
  REQUIRE(r.code == 0);
  const GifInfo g = decode(t.file("run.gif"));
  CHECK(g.width == 256);
  CHECK(g.height == 256);
  CHECK(g.frames == 5);  // epochs 0, 5, 10, 15, 20
  CHECK(g.delay_cs == 10);
}

TEST_CASE("headless --gif without --every takes about 100 frames, and the same seed gives the same bytes") {
  TempDir t;
  REQUIRE(descent("--headless xor-without-cross --epochs 200 --gif " + t.file("a.gif")).code == 0);
  REQUIRE(descent("--headless xor-without-cross --epochs 200 --gif " + t.file("b.gif")).code == 0);
  CHECK(decode(t.file("a.gif")).frames == 101);  // every 2 epochs, 0..200
  CHECK(slurp(t.file("a.gif")) == slurp(t.file("b.gif")));
}

TEST_CASE("headless --gif: a bad output path or --every is one line and exit 2, before training") {
  TempDir t;
  Result r = descent("--headless playground-default --gif " + t.file("no/such/dir/run.gif"));
  CHECK(r.code == 2);
  CHECK(r.out.find("descent: ") == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  r = descent("--headless playground-default --every 0 --gif " + t.file("run.gif"));
  CHECK(r.code == 2);
  CHECK(r.out.find("--every: expected a whole number of epochs >= 1, got 0") != std::string::npos);
  r = descent("playground-default --gif " + t.file("run.gif"));
  CHECK(r.code == 2);
  CHECK(r.out.find("--gif and --every need --headless") != std::string::npos);
  CHECK_FALSE(fs::exists(t.file("run.gif")));
}

#endif

TEST_CASE("headless --lesson by name or path: every step and claim is listed, exit 0") {
  const Result r = descent("--headless --lesson 04-gradient-descent");
  CHECK(r.code == 0);
  CHECK(r.out.find("step 2/3 Stochastic gradient descent") != std::string::npos);
  CHECK(r.out.find("holds: loss_noise") != std::string::npos);
  CHECK(r.out.find("every step loads; 2 claims hold") != std::string::npos);
}

TEST_CASE("headless --lesson: a lesson with a bad key, or a claim that does not hold, is one line and exit 2") {
  TempDir t;
  {
    std::ofstream f(t.file("typo.json"));
    f << R"({"descent_lesson": 1, "title": "T", "steps": [{"title": "S", "text": "x", "experiment": "playground-default", "chek": []}]})";
  }
  Result r = descent("--headless --lesson " + t.file("typo.json"));
  CHECK(r.code == 2);
  CHECK(r.out == "descent: " + t.file("typo.json") + ": steps[0].chek: unknown key; did you mean \"check\"?\n");
  {
    std::ofstream f(t.file("false.json"));
    f << R"({"descent_lesson": 1, "title": "T", "steps": [{"title": "S", "text": "x", "experiment": "lr-too-high",
             "do": {"epochs": 5}, "check": [{"metric": "diverged", "below": 0.5}]}]})";
  }
  r = descent("--headless --lesson " + t.file("false.json") + " --quiet");
  CHECK(r.code == 2);
  CHECK(r.out == "descent: " + t.file("false.json") + ": steps[0].check[0]: the claim does not hold: diverged 1 < 0.5\n");
  r = descent("--headless --lesson " + t.file("missing.json"));
  CHECK(r.code == 2);
  CHECK(r.out.find("descent: " + t.file("missing.json")) == 0);
}
