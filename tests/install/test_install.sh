#!/usr/bin/env bash
# tests/install/test_install.sh BUILD_DIR [PACKAGE.deb]
#
# Descent installed as a user gets it, checked from the outside:
#   1. the .deb (PACKAGE.deb, else `cpack -G DEB` in BUILD_DIR): its control fields, its
#      Depends named by installed Debian packages, unpacked into a throw-away root (dpkg -x);
#   2. `cmake --install BUILD_DIR --prefix TMP`, then the whole tree moved elsewhere.
# In each: exactly the expected files; the desktop entry valid and pointing at the installed
# binary and icon; the icons' PNG sizes; the man page rendering without a warning and naming
# every flag of `descent --help`; no path of the build machine in the binary; and, from cwd /
# with only the installed bin/ on PATH, `descent --list-presets` listing every preset and
# `descent --headless playground-default` training to its bar, with the history the build
# tree's binary gives, byte for byte, and every lesson checked by `descent --headless --lesson`. With the window: the installed app opens the installed
# default preset and its window has WM_CLASS "descent" (the desktop entry's StartupWMClass).
set -euo pipefail

build=$(cd "${1:?usage: test_install.sh BUILD_DIR [PACKAGE.deb]}" && pwd)
deb=${2:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "test_install: FAIL: $*" >&2; exit 1; }
note() { echo "test_install: $*"; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
version_of() { "$1" --version | head -1 | awk '{ print $1, $2 }'; }  # "descent X.Y.Z"

gui=$(cache DESCENT_GUI)
mapfile -t presets < <(cd "$src/assets/presets" && ls -- *.json | sed 's/\.json$//')
mapfile -t lessons < <(cd "$src/assets/lessons" && ls -- *.json | sed 's/\.json$//')
[ ${#lessons[@]} -ge 12 ] || fail "expected the 12 lessons in $src/assets/lessons, found ${#lessons[@]}"
[ ${#presets[@]} -ge 12 ] || fail "expected the 12 presets in $src/assets/presets, found ${#presets[@]}"
icon_sizes=(16 22 24 32 48 64 128 256)

expected_files() {  # the installed tree, relative to the prefix
  echo bin/descent
  for p in "${presets[@]}"; do echo "share/descent/assets/presets/$p.json"; done
  for l in "${lessons[@]}"; do echo "share/descent/assets/lessons/$l.json"; done
  echo share/man/man1/descent.1.gz
  if [ "$gui" = ON ]; then
    echo share/applications/descent.desktop
    echo share/icons/hicolor/scalable/apps/descent.svg
    for s in "${icon_sizes[@]}"; do echo "share/icons/hicolor/${s}x${s}/apps/descent.png"; done
  fi
}

# The build tree's own history of the default preset: what every installed copy must give.
(cd "$tmp" && env -u DESCENT_ASSETS "$build/descent" --headless playground-default --quiet \
   --csv "$tmp/build-tree.csv" >/dev/null) || fail "the build tree's descent cannot run playground-default"

check_prefix() {  # check_prefix WHAT PREFIX
  local what=$1 prefix=$2 bin=$2/bin/descent
  note "$what: checking $prefix"

  diff <(expected_files | sort) <(cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) \
    || fail "$what: installed files differ from the expected list (< expected, > installed)"
  [ -x "$bin" ] || fail "$what: $bin is not executable"
  file -b "$bin" | grep -q '^ELF 64-bit LSB .*executable' || fail "$what: $bin is not an ELF executable: $(file -b "$bin")"

  # No path of the build machine: neither the sources' nor the build directory's.
  local leak
  for leak in "$src" "$build"; do
    ! strings "$bin" | grep -F -- "$leak" || fail "$what: $bin contains the build machine's path $leak"
  done

  # The man page: renders without a warning and names every flag of --help.
  local page=$prefix/share/man/man1/descent.1.gz err
  err=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >"$tmp/man.txt") || fail "$what: man -l $page failed: $err"
  [ -z "$err" ] || fail "$what: man -l $page warns: $err"
  grep -q '^NAME' "$tmp/man.txt" || fail "$what: the man page has no NAME section"
  grep -qF "$(version_of "$bin")" "$tmp/man.txt" || fail "$what: the man page is not for $(version_of "$bin")"
  local flags flag
  flags=$("$bin" --help | grep -oE -- '(^|[ [|])--?[a-z][a-z-]*' | sed 's/^[ [|]//' | sort -u)
  [ "$(wc -l <<<"$flags")" -ge 14 ] || fail "$what: expected at least 14 flags in descent --help, got: $flags"
  zcat "$page" | sed 's/\\-/-/g' >"$tmp/man.roff"  # the source: rendering may hyphenate a flag
  for flag in $flags; do
    grep -qE -- "(^|[^a-z-])$flag([^a-z-]|$)" "$tmp/man.roff" || fail "$what: the man page does not document $flag"
  done

  if [ "$gui" = ON ]; then
    local entry=$prefix/share/applications/descent.desktop
    desktop-file-validate "$entry" || fail "$what: desktop-file-validate $entry"
    grep -qx 'Exec=descent %f' "$entry" || fail "$what: the desktop entry does not run descent with a file"
    grep -qx 'Icon=descent' "$entry" || fail "$what: the desktop entry's icon is not 'descent'"
    grep -qx 'StartupWMClass=descent' "$entry" || fail "$what: the desktop entry has no StartupWMClass=descent"
    local s
    for s in "${icon_sizes[@]}"; do
      file -b "$prefix/share/icons/hicolor/${s}x${s}/apps/descent.png" | grep -q "^PNG image data, $s x $s," \
        || fail "$what: the ${s}x${s} icon is not a $s x $s PNG"
    done
    file -b "$prefix/share/icons/hicolor/scalable/apps/descent.svg" | grep -q 'SVG' \
      || fail "$what: the scalable icon is not an SVG"
  fi

  # From PATH, in /, with no DESCENT_ASSETS: the installed presets.
  local run=(env -i "PATH=$prefix/bin:/usr/bin:/bin" "HOME=$tmp/home" "LANG=C.UTF-8")
  [ "$(cd / && "${run[@]}" sh -c 'command -v descent')" = "$bin" ] || fail "$what: descent on PATH is not $bin"
  local list
  list=$(cd / && "${run[@]}" descent --list-presets) || fail "$what: descent --list-presets failed"
  [ "$(wc -l <<<"$list")" -eq ${#presets[@]} ] || fail "$what: --list-presets printed $(wc -l <<<"$list") lines for ${#presets[@]} presets: $list"
  ! grep -q '(invalid' <<<"$list" || fail "$what: --list-presets found an invalid preset: $list"
  local p
  for p in "${presets[@]}"; do
    grep -qE "^$p +[^ ]" <<<"$list" || fail "$what: --list-presets does not list $p with its title: $list"
  done

  local out
  out=$(cd / && "${run[@]}" descent --headless playground-default --quiet --csv "$tmp/installed.csv") \
    || fail "$what: descent --headless playground-default failed: $out"
  [ "$(wc -l <<<"$out")" -eq 1 ] || fail "$what: --quiet printed more than the final line: $out"
  [[ $out =~ ^finished\ after\ [0-9]+\ epochs.*test\ accuracy\ ([0-9.]+)%$ ]] \
    || fail "$what: unexpected final line: $out"
  awk -v a="${BASH_REMATCH[1]}" 'BEGIN { exit !(a >= 95) }' \
    || fail "$what: playground-default ends below its 95 % bar: $out"
  cmp -s "$tmp/build-tree.csv" "$tmp/installed.csv" \
    || fail "$what: the installed descent's history differs from the build tree's"
  out=$(cd / && "${run[@]}" descent --headless playground-default --epochs 1)
  grep -qF "$prefix/bin/../share/descent/assets/presets/playground-default.json" <<<"$out" \
    || fail "$what: the preset was not found in the installed tree: $out"

  # The installed lessons: each loads and its claims hold (`--headless --lesson`, by name).
  local l
  for l in "${lessons[@]}"; do
    out=$(cd / && "${run[@]}" descent --headless --lesson "$l" --quiet 2>&1) \
      || fail "$what: descent --headless --lesson $l failed: $out"
  done
  grep -qF "$prefix/bin/../share/descent/assets/lessons/" <<<"$out" \
    || fail "$what: the lesson was not found in the installed tree: $out"

  if [ "$gui" = ON ] && command -v xvfb-run >/dev/null; then check_window "$what" "$prefix"; fi
}

check_window() {  # the installed app, started from / with no file: the installed default preset
  local what=$1 prefix=$2
  cat >"$tmp/window.sh" <<'EOF'
set -u
descent --exit-after 5 --print-state >"$1/state.json" 2>"$1/app.err" &  # the clock starts with the window
app=$!
timeout 60 xdotool search --sync --classname '^descent$' >/dev/null; found=$?
wait "$app"; code=$?
echo "$found $code" >"$1/window.result"
EOF
  rm -f "$tmp/state.json" "$tmp/window.result"
  (cd / && env -i "PATH=$prefix/bin:/usr/bin:/bin" "HOME=$tmp/home" \
     timeout 120 xvfb-run -a -s '-screen 0 1280x800x24' bash "$tmp/window.sh" "$tmp") || true
  [ -s "$tmp/window.result" ] || fail "$what: the app under Xvfb did not finish: $(cat "$tmp/app.err" 2>/dev/null)"
  read -r found code <"$tmp/window.result"
  [ "$code" -eq 0 ] || fail "$what: the installed app exited $code: $(cat "$tmp/app.err")"
  [ "$found" -eq 0 ] || fail "$what: no window with WM_CLASS descent"
  grep -qF "\"current_path\":\"$prefix/bin/../share/descent/assets/presets/playground-default.json\"" \
    <(tr -d ' \n' <"$tmp/state.json") \
    || fail "$what: the app did not open the installed default preset: $(head -c 400 "$tmp/state.json")"
}

# 1. The package.
if [ -z "$deb" ]; then
  (cd "$build" && cpack -G DEB -B "$tmp/cpack" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
  deb=$(ls "$tmp"/cpack/descent_*.deb)
fi
note "package: $deb"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = descent ] || fail "package name: $(field Package)"
[ "$(field Section)" = science ] || fail "section: $(field Section)"
[ "descent $(field Version)" = "$(version_of "$build/descent")" ] || fail "version $(field Version), binary: $(version_of "$build/descent")"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] && [ -n "$(field Description)" ] || fail "no maintainer or description"
! field Description | grep -F ';' || fail "the description holds a CMake list separator"
depends=$(field Depends)
note "Depends: $depends"
want_deps=(libc6 libstdc++6)
[ "$gui" = ON ] && want_deps+=(libglfw3 libepoxy0)
for d in "${want_deps[@]}"; do
  tr ',' '\n' <<<"$depends" | grep -qE "^ *${d//+/\\+}( |$)" || fail "Depends lacks $d: $depends"
done
for d in $(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*)//; s/ //g'); do  # each a real Debian package
  dpkg-query -W "$d" >/dev/null 2>&1 || fail "Depends names $d, which is no installed Debian package"
  [[ $d != *-dev ]] || fail "Depends names a -dev package: $d"
done
# The fonts the interface draws with, Latin and Chinese: recommended (the app falls back without).
for f in fonts-dejavu-core fonts-wqy-microhei; do
  field Recommends | tr ',' '\n' | grep -qE "^ *$f( |$)" || fail "Recommends lacks $f: $(field Recommends)"
done
! dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -v '^\./usr/' || fail "the package installs outside /usr"
dpkg-deb -x "$deb" "$tmp/root"
check_prefix "deb" "$tmp/root/usr"

# 2. cmake --install, then the tree moved: nothing in it may depend on where it was put.
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir -p "$tmp/moved"
mv "$tmp/prefix" "$tmp/moved/elsewhere"
check_prefix "cmake --install" "$tmp/moved/elsewhere"

note "ok"
