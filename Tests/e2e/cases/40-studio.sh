# The studio from the REPL: show a view, step it with keys, resize, leave,
# colour and glyph policy, Ctrl-C and SIGTERM restore the terminal.
settle

start 120 40 "'$BIN'"
expect_last_line "studio: prompt" "^qkd\[seed 1\]>$"
T send-keys "bb84 --photons 200 --show 20" Enter
expect_screen "studio: a bb84 run with rows" "verdict +KEEP"
T send-keys "show bb84" Enter
expect_screen "show bb84 opens the timeline" "BB84 timeline"
expect_screen "status bar at step 1" "bb84 step 1/22"
T send-keys Space
expect_screen "Space steps to the first photon" "sent 1/20"
T send-keys Right
expect_screen "Right steps again" "bb84 step 3/22"
T send-keys Left
expect_screen "Left steps back" "bb84 step 2/22"
T resize-window -x 80 -y 24
expect_screen "resize to 80x24 redraws" "bb84 step 2/22"
check "80x24: the status bar is the last row" bash -c "tmux -S '$WORK/sock' capture-pane -p | sed -n 24p | grep -q 'bb84 step 2/22'"
T resize-window -x 60 -y 20
expect_screen "a small terminal gets the too-small screen" "terminal too small \(need 80×24\)"
T resize-window -x 120 -y 40
expect_screen "resize back to 120x40 redraws" "bb84 step 2/22 +seed 1"
T send-keys "?"
expect_screen "? shows the keys" "press any key to close"
T send-keys x
T send-keys + + + + p
expect_screen "p plays to the end (sifting)" "sifted key" 15
expect_screen "the animation stops at the last step" "bb84 step 22/22.*paused"
check "colour is used when allowed" bash -c "tmux -S '$WORK/sock' capture-pane -p -e | grep -qE $'\e\\\\[[0-9;]*3[1-6]m'"
T send-keys q
expect_last_line "q returns to the prompt" "^qkd\[seed 1\]>$"
T send-keys "vars" Enter
expect_screen "the prompt works after the studio" "last\.bb84\.sifted"
T send-keys "show e91" Enter
expect_screen "show without a report gives a hint" "run e91 first"
T send-keys "e91 --pairs 5000" Enter "show e91" Enter
expect_screen "show e91 opens" "E91 .* 5,000 pairs"
T send-keys End
expect_screen "End jumps to the S meter" "2 classical"
T send-keys C-c
expect_last_line "Ctrl-C leaves the view" "^qkd\[seed 1\]>$"
T send-keys "show e91" Enter
expect_screen "opens again" "E91 .* 5,000 pairs"
T send-keys Escape
expect_last_line "Esc leaves the view" "^qkd\[seed 1\]>$"
T send-keys "show e91" Enter
expect_screen "opens again for SIGTERM" "E91 .* 5,000 pairs"
pid=$(pgrep -P "$(T display -p '#{pane_pid}')" -x qkdtutor | head -n 1)
[ -n "$pid" ] && kill -TERM "$pid"
expect_screen "SIGTERM ends with the terminal restored" "\[exit 143\]"

settle

# NO_COLOR: no colour escapes at all (bold and reverse are fine).
start 100 30 "NO_COLOR=1 '$BIN'"
expect_last_line "NO_COLOR: prompt" "^qkd\[seed 1\]>$"
T send-keys "bb84 --photons 200 --show 20 --eve intercept-resend" Enter "show bb84" Enter End
expect_screen "NO_COLOR: the view opens" "sifted key"
check "NO_COLOR: capture-pane -e shows no colour escapes" bash -c "! tmux -S '$WORK/sock' capture-pane -p -e | grep -qE $'\e\\\\[[0-9;]*(3[0-7]|4[0-7]|9[0-7]|38;|48;)'"
T send-keys q
expect_last_line "NO_COLOR: back at the prompt" "^qkd\[seed 1\]>$"

settle
# LANG=C: ASCII glyphs only.
start 100 30 "LANG=C LC_ALL=C '$BIN'"
expect_last_line "LANG=C: prompt" "^qkd\[seed 1\]>$"
T send-keys "bb84 --photons 200 --show 20" Enter "show bb84" Enter End
expect_screen "LANG=C: ASCII tallies" "\+ kept [0-9]+ +\. discarded"
check "LANG=C: no box-drawing or arrow glyphs" bash -c "! tmux -S '$WORK/sock' capture-pane -p | grep -qE '─|✓|↔|↕|⤢|⤡'"
T send-keys q
expect_last_line "LANG=C: back at the prompt" "^qkd\[seed 1\]>$"
T send-keys C-d
expect_screen "LANG=C: exits cleanly" "\[exit 0\]"
