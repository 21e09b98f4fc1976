// tests/fuzz/fuzz_common.h — what every harness checks besides "no crash": an error is an
// nn::Error (any other exception escapes and libFuzzer reports it), and its message is one
// line of bounded length (issue 11: messages never echo input at length).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "nn/limits.h"

namespace fuzz {

// Abort (a libFuzzer finding) with a reason.
[[noreturn]] inline void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz: %s: %.300s\n", what, detail.c_str());
  std::abort();
}

inline void check_message(const std::string& m) {
  if (m.empty()) fail("empty error message", m);
  if (m.find('\n') != std::string::npos) fail("error message over several lines", m);
  // one_line keeps ~kMessageBytes plus " … " (5 bytes).
  if (m.size() > nn::limits::kMessageBytes + 8) fail("error message too long", m);
}

// A per-process scratch file for harnesses that go through the file system. In /dev/shm (a
// tmpfs) when there is one: a file rewritten and fsynced thousands of times a second on a
// real disk would make the disk, not the code, what is measured.
// Removed when the fuzzer exits.
struct Scratch {
  explicit Scratch(const char* name)
      : path(std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/descent-fuzz-" +
             std::to_string(getpid()) + "-" + name) {}
  ~Scratch() { unlink(path.c_str()); }
  std::string path;
};

}  // namespace fuzz
