// The test runner's main(), compiled here rather than linked from Debian's prebuilt
// libCatch2WithMain.a, so that the engine tests also cross-compile (arm64, run under qemu).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
