# Classroom demo: unattended playback of every lesson, and the presenter keys
# in a real terminal in line mode (--plain); 70-demo-studio.sh covers the studio.
for lesson in "$HERE"/../../Lessons/*.lesson; do
  id=$(basename "$lesson" .lesson)
  check "demo $id --auto --plain plays to the end" bash -c "'$BIN' demo '$id' --auto --plain --speed 1000 --countdown 0 > '$WORK/demo-$id.txt' && grep -q 'Lesson complete' '$WORK/demo-$id.txt'"
done
check "demo recordings and handouts are identical for the same seed" bash -c "
  '$BIN' demo bb84 --auto --speed 1000 --record '$WORK/a.cast' --transcript '$WORK/a.md' >/dev/null &&
  '$BIN' demo bb84 --auto --speed 1000 --record '$WORK/b.cast' --transcript '$WORK/b.md' >/dev/null &&
  cmp '$WORK/a.cast' '$WORK/b.cast' && cmp '$WORK/a.md' '$WORK/b.md' && head -1 '$WORK/a.cast' | grep -q '\"version\": 2'"

start 100 30 "'$BIN' demo polarization --plain --pause-at never --speed 3; echo \"[exit \$?]\"; stty -a | tr ' ' '\n' | grep -x -- '-\?icanon'"
expect_screen "demo starts typing a command" '\$ [a-z]' 25
T send-keys p
sleep 0.4
a=$(screen); sleep 1.2; b=$(screen)
if [ "$a" = "$b" ]; then ok "p pauses the typing"; else fail "p pauses the typing" "$(diff <(echo "$a") <(echo "$b"))"; fi
T send-keys Space
sleep 1
c=$(screen)
if [ "$c" != "$b" ]; then ok "Space (advance) resumes"; else fail "Space (advance) resumes" "$c"; fi
T send-keys ]
expect_screen "] jumps to the next step marker" "Step 2 of" 10
T send-keys q
expect_screen "q quits" "\[exit 0\]" 10
expect_screen "the terminal is restored (canonical mode)" "^icanon$" 5
