#!/usr/bin/env bash
# GUI test (issue 14): the language switch.
#   - with LANG in English and no settings, the app starts in English;
#   - 中文 in the help window switches at once: the state dump says zh, the fonts carry every
#     glyph the Chinese table uses (none drawn as '?'), a marked button's text changes (its
#     width), and settings.json says "language": "zh";
#   - the next run with the same settings starts in Chinese, LANG notwithstanding;
#   - English in the help window switches back (the button as wide as before), remembered;
#   - with no settings, LANG=zh_CN.UTF-8 starts the app in Chinese;
#   - in Chinese, the engine's reasons are Chinese: the divergence banner (lr-too-high) says what
#     happened and what to try, with the rates, and follows the rate ÷ 10; the range test's end.
# Usage: bash test_language.sh <descent-binary> <source-dir>
source "$(dirname "$0")/lib.sh"
gui_test "$@"
settings="$XDG_CONFIG_HOME/descent/settings.json"
export LANG=en_US.UTF-8
unset LC_ALL LC_MESSAGES

# width NAME: the width of a marked widget, once the layout file has it.
width() {
  wait_rect "$1" 20
  rect "$1" | awk '{ print $3 }'
}

# expect_width NAME OP W WHAT: wait (up to 10 s) until NAME's width compares OP (== or !=) W.
expect_width() {
  local i w
  for i in $(seq 1 40); do
    w=$(rect "$1" | awk '{ print $3 }')
    if [ -n "$w" ] && awk -v a="$w" -v b="$3" -v op="$2" 'BEGIN { exit !(op == "==" ? a == b : a != b) }'; then
      note "$4: $1 is $w px wide"
      return 0
    fi
    sleep 0.25
  done
  fail "$4: $1 is $w px wide, expected $2 $3"
}

note "English at first (LANG=$LANG, no settings)"
start_app --exit-after 120
expect language en "LANG in English: English"
key F1
expect help_open true "F1 opens the help"
english=$(width help_export_history)
[ "$(live glyphs_missing)" = 0 ] || fail "English text drawn with missing glyphs: $(live glyphs_missing)"

note "中文 in the help window"
click_on language_zh
expect language zh "中文 switches to Chinese"
expect glyphs_missing 0 "the rebuilt fonts have every glyph of the Chinese table"
expect_width help_export_history '!=' "$english" "the button's text is Chinese"
chinese=$(width help_export_history)
[ "$(jq -r .language "$settings")" = zh ] || fail "settings.json does not remember zh: $(cat "$settings")"
quit_app

note "the next run, same settings: still Chinese"
start_app --exit-after 120
expect language zh "the next run starts in Chinese"
expect glyphs_missing 0 "with the Chinese glyphs from the start"
key F1
expect help_open true "F1 opens the help"
expect_width help_export_history '==' "$chinese" "the button is as in the first run's Chinese"

note "English again"
click_on language_en
expect language en "English switches back"
expect_width help_export_history '==' "$english" "the button's text is English again"
quit_app
[ "$(jq -r .language "$settings")" = en ] || fail "settings.json does not remember en: $(cat "$settings")"

note "no settings, LANG=zh_CN.UTF-8"
rm -f "$settings"
LANG=zh_CN.UTF-8 start_app --exit-after 120
expect language zh "LANG in Chinese: Chinese"
expect glyphs_missing 0 "with the Chinese glyphs"
quit_app
[ ! -e "$settings" ] || [ "$(jq -r '.language // "none"' "$settings")" = none ] ||
  fail "LANG's language was written as a choice: $(cat "$settings")"
note "Chinese: the engine's reasons (a divergence, the range test's end) in Chinese"
LANG=zh_CN.UTF-8 start_app "$SRC/assets/presets/lr-too-high.json" --play --exit-after 120
expect language zh "LANG in Chinese: Chinese"
expect state diverged "lr-too-high diverges"
note "banner: $(jqs .banner_head) $(jqs .banner_hint)"
expect_true '.banner_head | contains("发散")' "the banner says in Chinese what happened"
expect_true '.banner_hint == "学习率 3 对这个网络太大了；试试 0.03。"' "the banner's advice is Chinese, with the rates"
expect_true '(.banner_head + .banner_hint) | test("[A-Za-z]{4}") | not' "no English words in the banner"
expect_true '.divergence.hint | startswith("A learning rate of 3 is too high")' "the state's engine words stay English"
click_on banner_lr_down
expect_true '.banner_hint | startswith("学习率现在是 0.3（原来是 3）")' "the advice follows the rate, in Chinese"
click_tool lr_find_button
expect_jq '.lr_find.done' true "the range test finished"
note "range test: $(jqs .lr_find.stopped_shown) ($(jqs .lr_find.stop): $(jqs .lr_find.stopped))"
expect_true '.lr_find.stopped_shown != .lr_find.stopped and (.lr_find.stopped_shown | test("[A-Za-z]{4}") | not)' \
  "the range test's end is said in Chinese"
quit_app
echo "PASS: 中文 and English from the help window, at once and remembered; LANG by default; the engine's reasons in Chinese"
