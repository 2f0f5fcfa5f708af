# Lessons in a real terminal: play, answer, quit, resume; the linter's located errors.
start 100 40 "'$BIN' lesson polarization --plain"
expect_screen "a lesson opens on its first step" "Step 1 of 6: One photon, one polarizer"
expect_last_line "the first question waits for an answer" "^answer>$"
T send-keys "z" Enter
expect_screen "an unreadable answer is explained, not counted" "answer with a letter from a to c"
T send-keys ":hint" Enter
expect_screen "a hint comes from the ladder" "Hint 1/1: Look at the 'passed' line"
T send-keys "b" Enter
expect_screen "a right answer is confirmed with its explanation" "Why: The photons and the analyzer"
T send-keys Enter
expect_screen "Enter goes to the next step" "Step 2 of 6: Malus's law"
expect_last_line "step 2 waits at its pause" "to go on, :help for more >$"
T send-keys ":quit" Enter
expect_screen "quit saves progress, naming the step by its title" "resume at 'Malus's law' \\(step 2 of 6\\)"
expect_screen "quit exits with status 0" "\[exit 0\]"
if grep -q '"step" : "malus"' "$WORK/state/qkdtutor/progress.json"; then ok "progress.json holds the step id"
else fail "progress.json holds the step id" "$(cat "$WORK/state/qkdtutor/progress.json" 2>&1)"; fi

start 100 40 "'$BIN' lesson polarization --plain"
expect_screen "a restart resumes at the same step" "Resuming at 'Malus's law' \(step 2 of 6\)"
expect_screen "the resumed step is shown" "Step 2 of 6: Malus's law"
T send-keys ":restart" Enter
expect_screen "restart asks first" "Start this lesson again"
T send-keys "n" Enter
expect_screen "saying no carries on" "Carrying on"
T send-keys ":quit" Enter
expect_screen "quit again" "\[exit 0\]"

cat > "$WORK/broken.lesson" <<'LESSON'
qkdtutor-lesson 1
id: broken
title: Broken

== a: A
$ bb84 --photons 100 --photon 5
LESSON
check "lint on a broken file prints file:line:col, the line and a caret, and exits 1" bash -c "
  out=\$('$BIN' lint '$WORK/broken.lesson' 2>&1); rc=\$?
  [ \$rc -eq 1 ] && printf '%s\n' \"\$out\" | grep -qE 'broken.lesson:6:22: C001 ' &&
  printf '%s\n' \"\$out\" | grep -qE '^ +\\^\$' || { echo \"rc=\$rc\"; echo \"\$out\"; exit 1; }"
check "the bundled lessons lint clean" "$BIN" lint
check "piped answers play a lesson" bash -c "
  printf 'b\n\n:quit\n' | XDG_STATE_HOME='$WORK/state2' '$BIN' lesson polarization | grep -q 'Correct'"
check "progress lists the lesson" bash -c "XDG_STATE_HOME='$WORK/state' '$BIN' progress | grep -q \"in progress at 'Malus's law'\""
