// tests/cli_support.h — what the command-line tests share: running the built `descent` with
// its output captured, a temporary directory, reading files back.
#pragma once

#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/launcher.h"

namespace cli {

namespace fs = std::filesystem;

inline const std::string kPresets = std::string(DESCENT_SOURCE_DIR) + "/assets/presets/";

// `s` in single quotes for the shell.
inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
  std::vector<std::string> lines() const {
    std::vector<std::string> v;
    std::istringstream in(out);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  }
};

// Runs a shell command, appends its standard output to `out`; returns its wait status.
inline int run_shell(const std::string& cmd, std::string& out) {
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  return pclose(p);
}

// Runs `descent ARGS` (ARGS already quoted as needed) with stdout+stderr captured.
// $DESCENT_TEST_LAUNCHER goes first when set: the arm64 build's tests run it under qemu.
inline Result descent(const std::string& args) {
  Result r;
  const int status = run_shell(test_launcher() + quote(DESCENT_BINARY) + " " + args + " 2>&1", r.out);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A fresh directory under /tmp, removed with everything in it at the end of the test.
struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/descent-cli-XXXXXX";
    const char* d = mkdtemp(tmpl);
    REQUIRE(d != nullptr);
    path = d;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }
  fs::path path;
};

inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> v;
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

}  // namespace cli
