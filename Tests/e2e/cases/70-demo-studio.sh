# Classroom demo in the studio: commands typed at the bottom row, presenter
# keys from curses, the terminal restored; --auto plays to the end; the
# handout is the same as in line mode.
settle
start 100 30 "'$BIN' demo polarization --pause-at never --speed 3; echo \"[exit \$?]\"; stty -a | tr ' ;' '\n\n' | grep -x -- '-*icanon'"
expect_screen "demo studio: step 1 in the narration pane" "Step 1 of 6" 15
expect_last_line "demo studio: a command is typed at the bottom row" '^\$ [a-z]' 25
T send-keys p
sleep 0.4
a=$(screen); sleep 1.2; b=$(screen)
if [ "$a" = "$b" ]; then ok "demo studio: p pauses the typing"; else fail "demo studio: p pauses the typing" "$(diff <(echo "$a") <(echo "$b"))"; fi
if printf '%s\n' "$b" | grep -q '\[paused\]'; then ok "demo studio: the status bar says paused"; else fail "demo studio: the status bar says paused" "$b"; fi
T send-keys Space
sleep 1
c=$(screen)
if [ "$c" != "$b" ]; then ok "demo studio: Space (advance) resumes"; else fail "demo studio: Space (advance) resumes" "$c"; fi
T send-keys ]
expect_screen "demo studio: ] reaches step 2" "Step 2 of" 10
T send-keys q
expect_screen "demo studio: q exits 0" "\[exit 0\]" 10
expect_screen "demo studio: the terminal is canonical again" "^icanon$" 5

settle
start 100 30 "'$BIN' demo bb84 --auto --speed 1000 --countdown 0 --transcript '$WORK/studio.md'"
expect_screen "demo studio --auto: plays to the end and exits 0" "\[exit 0\]" 60
expect_screen "demo studio --auto: the summary is printed after the screen is restored" "Lesson complete" 2
check "demo studio --auto: the handout matches line mode" bash -c "
  '$BIN' demo bb84 --auto --plain --speed 1000 --countdown 0 --transcript '$WORK/line.md' >/dev/null && cmp '$WORK/studio.md' '$WORK/line.md'"
