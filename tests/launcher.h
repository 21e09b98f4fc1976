// tests/launcher.h — how the engine tests start the `descent` binary they test.
#pragma once

#include <cstdlib>
#include <string>

// $DESCENT_TEST_LAUNCHER and a space (the arm64 build's tests run the binary under qemu,
// `./dev.sh arm64`), or nothing.
inline std::string test_launcher() {
  const char* l = std::getenv("DESCENT_TEST_LAUNCHER");
  return l && *l ? std::string(l) + " " : std::string();
}
