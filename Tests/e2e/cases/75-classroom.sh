# Classroom readiness (issue 13): a presentation clicker never quits a demo,
# SIGHUP and SIGTERM restore the terminal, Ctrl-C stops a long distillation,
# demo output files are checked before playing and never replace a device.
settle
pane_flag() { T display -p "#{$1}"; }
# After the program the pane prints the exit status, whether the tty is
# canonical and echoing, then sleeps: capture it then.
AFTER="s=\$?; stty -a | tr ' ;' '\n\n' | grep -x -- '-*icanon'; stty -a | tr ' ;' '\n\n' | grep -x -- '-*echo'; (exit \$s)"

clicker() { # label: → ×5, PageDown ×5, ← then check the demo is still running
  for _ in 1 2 3 4 5; do T send-keys Right; sleep 0.15; done
  for _ in 1 2 3 4 5; do T send-keys PageDown; sleep 0.15; done
  T send-keys Left
  sleep 1
  if screen | grep -q '\[exit'; then fail "$1: the clicker sequence never exits the demo" "$(screen)"
  else ok "$1: the clicker sequence never exits the demo"; fi
  if screen | grep -q '\^\[\[\|~$'; then fail "$1: no escape sequence leaks on screen" "$(screen)"
  else ok "$1: no escape sequence leaks on screen"; fi
  T send-keys q
  expect_screen "$1: q quits, exit 0" "\[exit 0\]" 10
  expect_screen "$1: the terminal is canonical again" "^icanon$" 5
}

start 100 30 "'$BIN' demo bb84 --plain --speed 4; $AFTER"
expect_screen "clicker (line mode): the demo starts" "Step 1 of" 15
clicker "clicker (line mode)"
if [ "$(screen | grep -c 'Demo stopped')" = 1 ]; then ok "line mode: 'Demo stopped' is printed once"
else fail "line mode: 'Demo stopped' is printed once" "$(screen)"; fi

settle
start 100 30 "'$BIN' demo bb84 --speed 4; $AFTER"
expect_screen "clicker (studio): the demo starts" "Step 1 of" 15
clicker "clicker (studio)"
if [ "$(screen | grep -c 'Demo stopped')" = 1 ]; then ok "studio: 'Demo stopped' is printed once"
else fail "studio: 'Demo stopped' is printed once" "$(screen)"; fi

# b blanks the screen; the next key brings it back.
settle
start 100 30 "'$BIN' demo polarization --pause-at steps --speed 4; $AFTER"
expect_screen "blank: the demo starts" "Step 1 of" 15
T send-keys b
sleep 0.5
if [ -z "$(screen | tr -d ' \n')" ]; then ok "b blanks the studio screen"; else fail "b blanks the studio screen" "$(screen)"; fi
T send-keys Right
expect_screen "a key brings the screen back" "Step 1 of|Step 2 of" 5
T send-keys q
expect_screen "blank: q quits" "\[exit 0\]" 10

settle
start 100 30 "'$BIN' demo polarization --plain --pause-at steps --speed 4; $AFTER"
expect_screen "blank (line mode): the demo starts" "Step 1 of" 15
T send-keys .
sleep 0.5
if [ "$(pane_flag alternate_on)" = 1 ] && [ -z "$(screen | tr -d ' \n')" ]; then ok ". blanks the line-mode screen"; else fail ". blanks the line-mode screen" "$(screen)"; fi
T send-keys Right
sleep 0.5
if [ "$(pane_flag alternate_on)" = 0 ] && screen | grep -q "Step 1 of"; then ok "line mode: a key brings the text back"; else fail "line mode: a key brings the text back" "$(screen)"; fi
T send-keys q
expect_screen "blank (line mode): q quits" "\[exit 0\]" 10

# A demo's view moves with the script: more than step 1 before the first question.
settle
start 100 30 "'$BIN' demo bb84 --pause-at questions --countdown 0 --speed 2; $AFTER"
expect_screen "demo view: the first question arrives" "Question 1" 90
if screen | grep -E ' step ([2-9]|[1-9][0-9]+)/' >/dev/null; then ok "demo view: the view is past step 1 at the first question"
else fail "demo view: the view is past step 1 at the first question" "$(screen)"; fi
T send-keys q
expect_screen "demo view: q quits" "\[exit 0\]" 10

# SIGHUP and SIGTERM restore the terminal in the studio, a view, the REPL and a demo.
for sig in HUP TERM; do
  for what in "studio" "" "demo polarization --speed 2"; do
    name="SIG$sig in '${what:-repl}'"
    settle
    start 100 30 "sh -c 'echo \$\$ > \"$WORK/pid\"; exec \"$BIN\" $what'; $AFTER"
    if [ "$what" = "" ]; then
      expect_screen "$name: prompt" "qkd\[seed 1\]>" 10
      T send-keys "bb84 --photons 200 --show 5" Enter "show bb84" Enter
      expect_screen "$name: a view is open" "BB84 timeline" 10
    else
      expect_screen "$name: running" "qkd\[seed 1\]>|Step 1 of" 15
    fi
    sleep 0.3
    kill -"$sig" "$(cat "$WORK/pid")"
    expect_screen "$name: the process ends" "\[exit 1[2-4][0-9]\]" 10
    expect_screen "$name: canonical mode is back" "^icanon$" 5
    expect_screen "$name: echo is back" "^echo$" 5
    if [ "$(pane_flag alternate_on)" = 0 ]; then ok "$name: off the alternate screen"; else fail "$name: off the alternate screen"; fi
    if [ "$(pane_flag cursor_flag)" = 1 ]; then ok "$name: the cursor is visible"; else fail "$name: the cursor is visible"; fi
  done
done

# Ctrl-C stops a long distillation within 2 s (needs the engines' loops to poll
# the cancellation token: the finitekey branch).
for where in repl studio; do
  settle
  if [ $where = repl ]; then start 120 40 "'$BIN'"; else start 120 40 "'$BIN' studio"; fi
  expect_screen "Ctrl-C ($where): prompt" "qkd\[seed 1\]>" 10
  T send-keys "bb84 --photons 50000000 --distill" Enter
  sleep 2
  T send-keys C-c
  t0=$SECONDS
  expect_last_line "Ctrl-C ($where): back at the prompt within 2 s" "^qkd\[seed 1\]> ?$" 2
  T send-keys C-d
done

# The report pane: F2 opens the run's full text report; PageDown scrolls it; the wheel too.
settle
start 80 24 "'$BIN' studio"
expect_screen "report pane: prompt" "qkd\[seed 1\]>" 10
T send-keys "e91 --pairs 20000 --settings ekert" Enter
expect_screen "report pane: the e91 view" "S meter|E91" 10
T send-keys F2
expect_screen "report pane: F2 opens it with the text report" "Report  lines 1" 5
expect_screen "report pane: the CHSH line of the text report" "CHSH S +[0-9]\.[0-9]{4}" 5
T send-keys F2 "bb84 --photons 2000 --show 40" Enter
expect_screen "report pane: closed, the bb84 view" "BB84 timeline" 10
T send-keys F2
expect_screen "report pane: a long report" "Report  lines 1.17 of 48" 10
T send-keys PageDown
expect_screen "report pane: PageDown scrolls it" "Report  lines ([2-9]|[1-9][0-9])" 5
printf '\033[<64;10;5M' | T load-buffer - && T paste-buffer
expect_screen "report pane: the wheel scrolls back up" "Report  lines 1" 5
T send-keys F2
sleep 0.3
if screen | grep -q "Report  lines"; then fail "report pane: F2 closes it" "$(screen)"; else ok "report pane: F2 closes it"; fi
T send-keys C-d

# Keys the screen names: "Space or →" steps the studio's view; "press q" leaves the too-small screen.
settle
start 100 30 "'$BIN' studio"
expect_screen "named keys: prompt" "qkd\[seed 1\]>" 10
T send-keys "bb84 --photons 200 --show 10" Enter
expect_screen "named keys: the view names Space or →" "Press Space or →" 10
T send-keys Right
expect_screen "named keys: → on an empty line steps the view" "bb84 step 2/12" 5
T send-keys "ab" Left Left Right "X" Enter
expect_screen "named keys: → inside a line still moves the cursor" "aXb" 5
T send-keys C-d
settle
start 60 20 "'$BIN' studio"
expect_screen "too small: the screen says press q" "press q" 10
T send-keys q
expect_screen "too small: q leaves" "\[exit 0\]" 5

# A progress line shows during a long run in the REPL (stage/time and "Ctrl-C to stop").
settle
start 120 40 "'$BIN'"
expect_screen "progress: prompt" "qkd\[seed 1\]>" 10
T send-keys "e91 --pairs 20000000" Enter
expect_screen "progress: a long run shows its stage and 'Ctrl-C to stop'" "e91: measuring 20,000,000 pairs  [0-9]+ s  Ctrl-C to stop" 10
T send-keys C-c
expect_last_line "progress: the line is gone at the prompt" "^qkd\[seed 1\]> ?$" 20
T send-keys C-d
settle
start 120 40 "'$BIN' studio"
expect_screen "progress (studio): prompt" "qkd\[seed 1\]>" 10
T send-keys "e91 --pairs 20000000" Enter
expect_screen "progress (studio): the status bar says 'Ctrl-C to stop'" "e91: measuring .*[0-9]+ s  Ctrl-C to stop" 10
T send-keys C-c
expect_screen "progress (studio): stopped, the status bar is back" "error: cancelled" 20
check "progress: nothing on a pipe" bash -c "! (echo 'e91 --pairs 3000000' | '$BIN' 2>&1 | grep -q 'Ctrl-C to stop')"

# Demo outputs: checked before playing, never replacing a device, through symlinks.
check "demo: a directory as --transcript fails before playing" bash -c "
  mkdir -p '$WORK/adir'; out=\$('$BIN' demo bb84 --auto --speed 1000 --transcript '$WORK/adir' 2>&1); s=\$?
  [ \$s -ne 0 ] && echo \"\$out\" | grep -q 'cannot write .*adir: Is a directory' && ! echo \"\$out\" | grep -q 'Lesson complete'"
check "demo: --transcript /dev/full is an error and /dev/full stays a device" bash -c "
  out=\$('$BIN' demo bb84 --auto --plain --speed 1000 --countdown 0 --record '$WORK/full.cast' --transcript /dev/full 2>&1); s=\$?
  [ \$s -eq 1 ] && echo \"\$out\" | grep -q 'cannot write /dev/full: No space left on device' && [ -c /dev/full ] && [ ! -e '$WORK/full.cast' ]"
check "demo: --transcript through a symlink writes its target and keeps the link" bash -c "
  : > '$WORK/target.md'; ln -sf '$WORK/target.md' '$WORK/link.md'
  '$BIN' demo bb84 --auto --plain --speed 1000 --countdown 0 --transcript '$WORK/link.md' >/dev/null &&
  [ -L '$WORK/link.md' ] && grep -q '^# ' '$WORK/target.md'"
check "demo: --worksheet has the questions and no answers" bash -c "
  '$BIN' demo bb84 --auto --plain --speed 1000 --countdown 0 --transcript '$WORK/key.md' --worksheet '$WORK/sheet.md' >/dev/null &&
  grep -q '^\*\*Question 1' '$WORK/sheet.md' && ! grep -q '^\*Answer:\* \`' '$WORK/sheet.md' && grep -q '^\*Answer:\* \`' '$WORK/key.md'"
for lesson in "$HERE"/../../Lessons/*.lesson; do
  id=$(basename "$lesson" .lesson)
  check "handout fences balanced: $id" bash -c "
    '$BIN' demo '$id' --auto --plain --speed 1000 --countdown 0 --transcript '$WORK/h-$id.md' --worksheet '$WORK/w-$id.md' >/dev/null &&
    [ \$(( \$(grep -c '^\`\`\`' '$WORK/h-$id.md') % 2 )) -eq 0 ] && [ \$(( \$(grep -c '^\`\`\`' '$WORK/w-$id.md') % 2 )) -eq 0 ]"
done
