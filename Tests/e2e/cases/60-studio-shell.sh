# `qkdtutor studio`: readline inside ncurses. Commands update the view in
# place; completion, history, resize, Ctrl-C, Ctrl-D with the terminal
# restored; a lesson played in the studio.
settle
expect_row() { # name row pattern: poll until screen row `row` matches
  local deadline=$((SECONDS + 10))
  while [ $SECONDS -lt $deadline ]; do
    screen | sed -n "$2p" | grep -qE -- "$3" && { ok "$1"; return; }
    sleep 0.1
  done
  fail "$1" "$(screen)"
}

# After the studio the pane prints whether the tty is canonical again.
start 120 40 "'$BIN' studio; s=\$?; stty -a | tr ' ;' '\n\n' | grep -x -- '-*icanon'; (exit \$s)"
expect_last_line "shell: the command line is the last row" "^qkd\[seed 1\]>$"
expect_screen "shell: an empty view pane says what to type" "No view yet"
T send-keys "bb84 --photons 200 --show 20" Enter
expect_screen "shell: bb84 shows the timeline in place" "BB84 timeline"
expect_screen "shell: the status bar counts the steps" "bb84 step 1/22"
T send-keys PageDown
expect_screen "shell: PageDown steps the view" "bb84 step 2/22"
T send-keys Space
expect_screen "shell: Space on an empty line steps too" "bb84 step 3/22"
T send-keys PageUp
expect_screen "shell: PageUp steps back" "bb84 step 2/22"
T send-keys "bb" Tab
expect_last_line "shell: Tab completes bb to bb84" "^qkd\[seed 1\]> bb84$"
T send-keys C-c
expect_last_line "shell: Ctrl-C clears the line" "^qkd\[seed 1\]>$"
T send-keys Up
expect_last_line "shell: Up recalls the last command" "^qkd\[seed 1\]> bb84 --photons 200 --show 20$"
T send-keys C-c
expect_last_line "shell: cleared again" "^qkd\[seed 1\]>$"
T send-keys "e91 --pairs 50000000" Enter
sleep 0.5
T send-keys C-c
expect_screen "shell: Ctrl-C stops a long run" "error: cancelled" 20
expect_last_line "shell: and the prompt is back" "^qkd\[seed 1\]>$"
T send-keys "bb85" Enter
expect_screen "shell: an error is one line in the narration" "error: .*unknown command 'bb85'"
T send-keys "show distill" Enter
expect_screen "shell: show switches the view" "distill step 1/"
T send-keys "e91 --pairs 5000" Enter
expect_screen "shell: e91 picks the E91 view" "E91 .* 5,000 pairs"
T send-keys "help" Enter
expect_screen "shell: text output goes to the view pane" "Simulations \(each takes"
T resize-window -x 80 -y 24
expect_screen "shell: resize to 80x24 redraws" "text step 1/"
expect_row "shell: 80x24 keeps the command line on row 24" 24 '^qkd\[seed 1\]>'
expect_row "shell: 80x24 keeps the status bar on row 23" 23 'text step'
T resize-window -x 120 -y 40
expect_screen "shell: resize back to 120x40" "Simulations \(each takes"
expect_row "shell: 120x40 command line on row 40" 40 '^qkd\[seed 1\]>'
T send-keys "show bb84" Enter
expect_screen "shell: the prompt still works after resizing" "bb84 step 1/22"
T send-keys C-d
expect_screen "shell: Ctrl-D leaves with status 0" "\[exit 0\]"
expect_screen "shell: the terminal is canonical again (icanon)" "^icanon$"
if grep -q '^bb84 --photons 200 --show 20$' "$WORK/state/qkdtutor/history" 2>/dev/null; then ok "shell: the history file keeps the commands"
else fail "shell: the history file keeps the commands" "$(cat "$WORK/state/qkdtutor/history" 2>&1)"; fi

settle
start 100 30 "'$BIN' studio"
expect_last_line "shell: Up recalls from the history file in a new session" "^qkd\[seed 1\]>$"
T send-keys Up
expect_last_line "shell: history survives the restart" "^qkd\[seed 1\]> show bb84$"
T send-keys C-c "quit" Enter
expect_screen "shell: quit leaves with status 0" "\[exit 0\]"

settle
start 100 30 "'$BIN' studio"
expect_last_line "shell: up for SIGTERM" "^qkd\[seed 1\]>$"
pid=$(pgrep -P "$(T display -p '#{pane_pid}')" -x qkdtutor | head -n 1)
[ -n "$pid" ] && kill -TERM "$pid"
expect_screen "shell: SIGTERM ends with the terminal restored" "\[exit 143\]"

settle
# A lesson in the studio: questions at the command line, :next, Enter for the next step.
start 100 30 "'$BIN' lesson polarization --restart"
expect_screen "lesson studio: step 1 in the narration pane" "Step 1 of 6: One photon, one polarizer"
expect_screen "lesson studio: status bar names the lesson step" "step 1/6"
expect_last_line "lesson studio: the question waits at the command line" "^answer>$"
expect_screen "lesson studio: the step's run opens on its result" "after 1,000 of 1,000"
T send-keys PageUp
expect_screen "lesson studio: PageUp walks the view back" "polarization step 44/45"
T send-keys ":hint" Enter
expect_screen "lesson studio: a hint appears" "Hint 1/1:"
T send-keys ":next" Enter
expect_screen "lesson studio: :next skips the question" "Skipped. The answer"
expect_last_line "lesson studio: then waits for Enter" "for the next step>$"
T send-keys Enter
expect_screen "lesson studio: Enter advances to step 2" "Step 2 of 6: Malus's law"
expect_screen "lesson studio: status bar follows" "step 2/6"
T send-keys ":quit" Enter
expect_screen "lesson studio: quit prints where to resume after the screen is restored" "resume at 'Malus's law' \\(step 2 of 6\\)"
expect_screen "lesson studio: exits 0" "\[exit 0\]"

settle
# Too small for the studio: line mode.
start 70 20 "'$BIN' lesson polarization --restart"
expect_last_line "lesson: a 70x20 terminal gets line mode" "^answer>\s*$"
T send-keys ":quit" Enter
expect_screen "lesson line mode: quits" "\[exit 0\]"
