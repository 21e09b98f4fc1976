#!/usr/bin/env bash
# dev.sh — set up, build, run and test Descent on Debian 12.
#
#   ./dev.sh app [ARGS...]     install what is missing, build, start the app (default experiment)
#   ./dev.sh test              install what is missing, build, run the whole test suite (ctest)
#   ./dev.sh build             install what is missing and build (build/), no tests
#   ./dev.sh deps              install what every command here needs (CI, before lanes run at once)
#   ./dev.sh sanitize address|thread|clang   build with ASan+UBSan (GCC), TSan, or ASan+UBSan
#                              with clang (whose UBSan checks more, e.g. offsets of null pointers)
#                              and run the engine tests
#   ./dev.sh fuzz [SECONDS]    build tests/fuzz with clang (libFuzzer, ASan+UBSan) and run each
#                              harness for SECONDS (default 60; $JOBS at a time) on a copy of
#                              its seed corpus
#   ./dev.sh bench [ARGS...]   build and run tests/bench (descent_bench)
#   ./dev.sh march LEVEL...    build the engine with -march=LEVEL (x86-64, x86-64-v2, x86-64-v3,
#                              x86-64-v4, native, ...) and run its tests, each in build-march-LEVEL
#   ./dev.sh arm64             cross-compile the engine for arm64 and run its tests under qemu
#   ./dev.sh arm64-gui         cross-compile the whole app for arm64 (compile only), with the arm64
#                              libraries of Debian's multiarch (adds arm64 to dpkg's architectures)
#   ./dev.sh package           build the portable .deb in build/ (-march=$DESCENT_MARCH, default the
#                              architecture's baseline) and check it installs and runs (tests/install)
#
# Packages come from Debian only; apt-get runs as root, through sudo otherwise, and only for
# packages that are not installed yet.
set -euo pipefail
cd "$(dirname "$0")"

ENGINE_PKGS=(cmake g++ make pkg-config libeigen3-dev nlohmann-json3-dev catch2 libbenchmark-dev libgif-dev python3)
ARM64_PKGS=(g++-aarch64-linux-gnu qemu-user libc6-arm64-cross libstdc++6-arm64-cross file)
# `arm64-gui`: the app's libraries for arm64, installed beside the amd64 ones (multiarch).
ARM64_GUI_PKGS=(libglfw3-dev:arm64 libimgui-dev:arm64 libepoxy-dev:arm64 libgif-dev:arm64 libgl-dev:arm64)
GUI_PKGS=(libglfw3-dev libimgui-dev libepoxy-dev libstb-dev libgl-dev libx11-dev fonts-dejavu-core fonts-wqy-microhei xvfb xauth xdotool imagemagick jq librsvg2-bin)
# `package`: CPack's DEB generator (dpkg-shlibdeps, file), and what tests/install checks with.
PACKAGE_PKGS=(dpkg-dev file binutils gzip man-db groff-base desktop-file-utils)
# clang and its runtime (libFuzzer, sanitizers), and Dear ImGui's headers for the settings harness.
CLANG_PKGS=(clang libclang-rt-14-dev libimgui-dev)
GUI=${DESCENT_GUI:-ON}
CLANG=${CLANG:-OFF}
JOBS=${JOBS:-$(nproc)}

install_missing() {  # [extra packages...]
  local want=("${ENGINE_PKGS[@]}" "$@")
  [ "$GUI" = ON ] && want+=("${GUI_PKGS[@]}")
  [ "$CLANG" = ON ] && want+=("${CLANG_PKGS[@]}")
  local missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  # --no-remove: an install that would take a package away fails instead (multiarch, arm64-gui).
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends --no-remove "${missing[@]}"
}

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -DDESCENT_GUI="$GUI" "$@" >/dev/null
  cmake --build "$dir" -j"$JOBS"
}

cmd=${1:-app}
[ $# -gt 0 ] && shift
case "$cmd" in
  app)
    install_missing
    build build
    if [ "$GUI" = ON ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      exec ./build/descent "$@"
    fi
    [ "$GUI" = ON ] && echo "dev.sh: no display here; running the default experiment headless instead"
    exec ./build/descent --headless "$@"
    ;;
  build)
    install_missing
    build build
    ;;
  deps)
    CLANG=ON
    install_missing "${ARM64_PKGS[@]}" "${PACKAGE_PKGS[@]}"
    ;;
  test)
    install_missing
    build build
    # Engine tests in parallel, then the GUI tests one at a time: each drives a real window
    # on llvmpipe, and two at once on a 2-core machine make frames slow enough to eat input.
    ctest --test-dir build --output-on-failure --no-tests=error -j"$JOBS" -LE gui
    if [ "$GUI" = ON ]; then ctest --test-dir build --output-on-failure --no-tests=error -j1 -L gui; fi
    ;;
  sanitize)
    kind=${1:?usage: dev.sh sanitize address|thread|clang}
    GUI=OFF
    if [ "$kind" = clang ]; then
      CLANG=ON
      install_missing
      CXX=clang++ build build-clang -DDESCENT_SANITIZE=address -DDESCENT_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
      kind=clang
    else
      install_missing
      build "build-$kind" -DDESCENT_SANITIZE="$kind" -DDESCENT_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
    fi
    export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    # Under clang the kernels' builds fuse multiply-adds where clang chooses, not where GCC
    # does, so avx2 and avx512 agree to the last bit only in the GCC builds that ship: the
    # clang lane looks for memory errors and undefined behaviour, not for that.
    skip=()
    [ "$kind" = clang ] && skip=(-E "builds with fused multiply-adds")
    ctest --test-dir "build-$kind" --output-on-failure --no-tests=error -j"$JOBS" -L engine "${skip[@]}"
    ;;
  march)
    [ $# -gt 0 ] || { echo "usage: ./dev.sh march LEVEL..." >&2; exit 2; }
    GUI=OFF
    install_missing
    for level in "$@"; do
      echo "dev.sh: engine with -march=$level"
      build "build-march-$level" -DDESCENT_MARCH="$level" -DDESCENT_BENCH=OFF
      ctest --test-dir "build-march-$level" --output-on-failure --no-tests=error -j"$JOBS" -L 'engine|kernels'
    done
    ;;
  arm64-gui)
    # Compiled, not run: a window under qemu-user would need arm64's Mesa and X stack too, and the
    # engine's tests already run under qemu in `arm64`. apt may bring amd64 libraries to the
    # arm64 ones' version (multiarch wants them equal); it removes nothing (--no-remove).
    GUI=OFF
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      sudo=(); [ "$(id -u)" -ne 0 ] && sudo=(sudo)
      "${sudo[@]}" dpkg --add-architecture arm64  # install_missing's apt-get update then lists arm64
    fi
    install_missing "${ARM64_PKGS[@]}" "${ARM64_GUI_PKGS[@]}"
    GUI=ON build build-arm64-gui -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-gui.cmake -DDESCENT_BENCH=OFF \
      -DBUILD_TESTING=OFF
    file build-arm64-gui/descent | grep -q "ARM aarch64" || { echo "dev.sh: build-arm64-gui/descent is not arm64" >&2; exit 1; }
    echo "dev.sh: build-arm64-gui/descent: $(file -b build-arm64-gui/descent | cut -d, -f1-2)"
    ;;
  arm64)
    GUI=OFF
    install_missing "${ARM64_PKGS[@]}"
    build build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake -DDESCENT_BENCH=OFF
    file build-arm64/descent | grep -q "ARM aarch64" || { echo "dev.sh: build-arm64/descent is not arm64" >&2; exit 1; }
    # Tests that start the binary start it under qemu too. The whole engine suite runs (a few
    # minutes under emulation); the kernels comparison does not, as arm64 has one build (neon).
    export DESCENT_TEST_LAUNCHER="qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib"
    ctest --test-dir build-arm64 --output-on-failure --no-tests=error -j"$JOBS" -L engine
    # The same numbers as x86-64, byte for byte (needs the x86-64 build: ./dev.sh test makes it).
    if [ -x build/descent ] && DESCENT_KERNELS=avx2 build/descent --version 2>/dev/null | grep -q 'kernels: avx2'; then
      tests/kernels/same_bits_arm64.sh build/descent build-arm64/descent .
    else
      echo "dev.sh: no x86-64 build with avx2 kernels here; the arm64 = x86-64 comparison is skipped"
    fi
    ;;
  fuzz)
    seconds=${1:-60}
    GUI=OFF
    CLANG=ON
    install_missing
    CXX=clang++ build build-fuzz -DDESCENT_FUZZ=ON -DBUILD_TESTING=OFF -DDESCENT_BENCH=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    failed=()
    # The harnesses run $JOBS at a time (each is one process on one core), so four of them
    # take about two rounds of SECONDS on a 2-core machine.
    fuzz_one() {  # HARNESS: runs it, its output to build-fuzz/fuzz_HARNESS.log; returns its exit code
      local h=$1 work=build-fuzz/corpus/$1 rc=0
      # New inputs go to a scratch copy; the committed seed corpus stays as it is.
      mkdir -p "$work" build-fuzz/artifacts
      "build-fuzz/tests/fuzz/fuzz_$h" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$h-" \
        "$work" "tests/fuzz/corpus/$h" $([ "$h" = experiment ] && echo tests/data/bad) \
        >"build-fuzz/fuzz_$h.log" 2>&1 || rc=$?
      return "$rc"
    }
    pids=() names=()
    for h in experiment csv settings train; do
      echo "dev.sh: fuzz_$h for ${seconds}s"
      fuzz_one "$h" & pids+=($!) names+=("$h")
      if [ ${#pids[@]} -ge "$JOBS" ]; then wait "${pids[0]}" || failed+=("${names[0]}"); pids=("${pids[@]:1}") names=("${names[@]:1}"); fi
    done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${names[$i]}"); done
    for h in experiment csv settings train; do
      echo "dev.sh: fuzz_$h:"
      grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::number_of_executed_units|^stat::average_exec_per_sec|ERROR|SUMMARY|^fuzz:' \
        "build-fuzz/fuzz_$h.log" || true
    done
    for h in "${failed[@]}"; do echo "dev.sh: fuzz_$h found a problem (see build-fuzz/fuzz_$h.log)" >&2; done
    [ ${#failed[@]} -eq 0 ]
    ;;
  bench)
    install_missing
    build build
    exec ./build/tests/bench/descent_bench "$@"
    ;;
  package)
    install_missing "${PACKAGE_PKGS[@]}"
    # The default build is the portable one (baseline -march, kernels picked at run time), so
    # the package comes from the same tree the tests ran on: after `./dev.sh test` no rebuild.
    build build -DDESCENT_MARCH="${DESCENT_MARCH:-}" -DCMAKE_BUILD_TYPE=Release
    rm -f build/descent_*.deb
    (cd build && cpack -G DEB >/dev/null)
    deb=$(ls build/descent_*.deb)
    tests/install/test_install.sh build "$deb"
    echo "dev.sh: built $deb; install it with: sudo apt install ./$deb"
    ;;
  *)
    echo "usage: ./dev.sh app|test|build|deps|sanitize address|thread|clang|fuzz [SECONDS]|march LEVEL...|arm64|arm64-gui|bench|package" >&2
    exit 2
    ;;
esac
