# Role play (issue 15), on 127.0.0.1 with a free port: a server, a game whose
# three roles play themselves (--auto), the projector's reveal in tmux, a
# human Bob's refused moves through a pipe, and the stored game replayed.
RPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
RST="$WORK/rp-teacher"
XDG_STATE_HOME="$RST" "$BIN" class serve --port "$RPORT" --db "$WORK/rp.sqlite" > "$WORK/rp-serve.out" 2>&1 & RPID=$!
for _ in $(seq 300); do grep -q "Join code:" "$WORK/rp-serve.out" 2>/dev/null && break; sleep 0.1; done
RCODE=$(sed -n 's/^Join code: *//p' "$WORK/rp-serve.out")
check "class serve mentions role play" grep -q "Role play:" "$WORK/rp-serve.out"

start 120 60 "XDG_STATE_HOME='$RST' '$BIN' class game bb84 --photons 16 --eve on --seed 4 --auto alice,bob,eve --plain"
expect_screen "the projector shows the reveal photon by photon" "^ 15  [01] [+x]  +[HVDA] +\\| " 30
expect_screen "the reveal gives the QBER against p/4" "expected p/4 = 25.0%" 5
T capture-pane -p -J > "$WORK/rp-projector.txt"   # -J: wrapped lines joined
T capture-pane -p -J -S -500 > "$WORK/rp-projector-all.txt"   # with the lines scrolled off
# An auto game outruns the screen: the first message may have scrolled off by now, so read the history.
check "the projector announces game 1" grep -q "Game 1: BB84, 16 photons, Eve on" "$WORK/rp-projector-all.txt"
check "the projector shows the public channel" grep -q "#1 bob: my bases: " "$WORK/rp-projector-all.txt"
check "the projector lists who holds each role" grep -qE "^seats: alice: auto-alice.*; bob: auto-bob.*; eve: auto-eve" "$WORK/rp-projector-all.txt"

# A human Bob in a game of his own: a bad basis and an out-of-turn move are one line each; the session goes on.
XDG_STATE_HOME="$RST" "$BIN" class game bb84 --photons 8 --plain > "$WORK/rp-game2.out" 2>&1 & GPID=$!
for _ in $(seq 100); do grep -q "Game 2" "$WORK/rp-game2.out" 2>/dev/null && break; sleep 0.1; done
printf 'measure +q\nmeasure random\nhelp\nquit\n' | XDG_STATE_HOME="$WORK/rp-bob" "$BIN" class join "127.0.0.1:$RPORT" --code "$RCODE" --name Bo --role bob --plain > "$WORK/rp-bob.out" 2>&1
check "Bob's session names his role and game" grep -q "You play BOB in game 2" "$WORK/rp-bob.out"
check "a bad basis is one line and the session goes on" grep -q "error: 'q' is not a basis" "$WORK/rp-bob.out"
check "an out-of-turn move is refused by the server" bash -c "grep -q 'error: bob cannot act while preparing' '$WORK/rp-bob.out'"
check "help lists Bob's commands" grep -q "measure random" "$WORK/rp-bob.out"
check "Bob never sees a photon state" bash -c "! grep -qiE 'sent [HVDA]\\b|received [HVDA]\\b|hidden truth' '$WORK/rp-bob.out'"
check "an unknown role is one line" bash -c "out=\$(XDG_STATE_HOME='$WORK/rp-x' '$BIN' class join 127.0.0.1:$RPORT --code $RCODE --name X --role carol 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -q 'role must be alice, bob or eve'"
kill "$GPID" 2>/dev/null; wait "$GPID" 2>/dev/null

# Alice's studio screen (a terminal, no --plain) against an auto Bob: fill at random, send, see Bob's bases arrive.
XDG_STATE_HOME="$RST" "$BIN" class game bb84 --photons 8 --auto bob --plain > "$WORK/rp-game3.out" 2>&1 & GPID=$!
for _ in $(seq 100); do grep -q "Game 3" "$WORK/rp-game3.out" 2>/dev/null && break; sleep 0.1; done
start 100 30 "XDG_STATE_HOME='$WORK/rp-alice' '$BIN' class join 127.0.0.1:$RPORT --code $RCODE --name Al --role alice"
expect_screen "Alice's studio screen opens on her photons" "BB84 ALICE" 20
T send-keys r; sleep 0.3; T send-keys Enter
expect_screen "Bob's bases reach Alice's screen on the public channel" "public channel \\(1 message\\)" 20
T send-keys q
expect_screen "q leaves the screen" "\\[exit 0\\]" 10
kill "$GPID" 2>/dev/null; wait "$GPID" 2>/dev/null

XDG_STATE_HOME="$RST" "$BIN" class replay 1 --plain > "$WORK/rp-replay.txt" 2>&1
check "the replay shows every move" grep -q "Move 1: alice send" "$WORK/rp-replay.txt"
check "the replay ends with the same reveal" bash -c "grep -E '^( +[0-9]+  |Sifted QBER|Eve measured)' '$WORK/rp-replay.txt' > '$WORK/a'; grep -E '^( +[0-9]+  |Sifted QBER|Eve measured)' '$WORK/rp-projector.txt' > '$WORK/b'; [ -s '$WORK/b' ] && diff '$WORK/a' '$WORK/b'"
XDG_STATE_HOME="$RST" "$BIN" class replay --plain > "$WORK/rp-list.txt" 2>&1
check "the replay list gives game 1's date, photons, Eve and whether they caught her" grep -qE '^game 1 \| 20[0-9-]+T[0-9:]+Z \| bb84 \| 16 photons \| Eve on \| authentication on \| [0-9]+ moves \| (finished|aborted), QBER [0-9.]+% \| Eve caught: (yes|no)' "$WORK/rp-list.txt"
check "the replay list marks an unfinished game" grep -qE '^game 2 \| .*\| 8 photons \| Eve off \| .*\| not finished$' "$WORK/rp-list.txt"
check "replay --json holds the moves and the reveal" bash -c "XDG_STATE_HOME='$RST' '$BIN' class replay 1 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"moves\"] and d[\"reveal\"][\"qber\"][\"sifted\"] > 0'"
# The replay on the studio projector (a terminal, no --plain): moves forward and back, then the reveal.
start 100 30 "XDG_STATE_HOME='$RST' '$BIN' class replay 1"
expect_screen "the studio replay opens at the start" "Replay of game 1 \\| move 0 of [0-9]+: the start" 20
T send-keys Space
expect_screen "Space steps to the first move" "move 1 of [0-9]+: alice send" 5
T send-keys Left
expect_screen "Left steps back a move" "move 0 of [0-9]+: the start" 5
T send-keys End
expect_screen "End reaches the reveal's summary: QBER against p/4" "expected p/4 = 25.0%" 5
T send-keys Left
expect_screen "Left steps back through the reveal photon by photon" "The hidden truth, photon 15 of 15" 5
T send-keys q
expect_screen "q leaves the replay" "\\[exit 0\\]" 10
# class watch --game: another projector, the studio screen under the list of seats.
start 100 30 "XDG_STATE_HOME='$RST' '$BIN' class watch --game 1"
expect_screen "class watch --game opens the studio projector" "BB84 role play \\| projector \\| finished" 20
expect_screen "the watch names who held each role" "Game 1 \\| alice: auto-alice.*\\| eve: auto-eve" 5
T send-keys q
expect_screen "q leaves the watch" "\\[exit 0\\]" 10
# A noisy channel: a bad value is one line naming the range; a game with D announces it and its reveal counts noise errors.
check "a bad --depolarization is one line with its range" bash -c "out=\$('$BIN' class game bb84 --depolarization=1.5 2>&1); [ \$? -ne 0 ] && [ \$(echo \"\$out\" | wc -l) -eq 1 ] && echo \"\$out\" | grep -q 'depolarization must be 0 to 1'"
XDG_STATE_HOME="$RST" timeout 60 "$BIN" class game bb84 --photons 64 --depolarization 0.5 --seed 3 --auto alice,bob --plain > "$WORK/rp-noise.out" 2>&1
check "the noisy game announces its depolarization" grep -q "Game 4: BB84, 64 photons, authentication on, depolarization 50.0%" "$WORK/rp-noise.out"
check "the noisy game's reveal expects (1-d)p/4 + d/2 and marks noise errors" bash -c "grep -q 'channel depolarization d = 50.0% = 25.0%' '$WORK/rp-noise.out' && grep -qE ' ERR noise$' '$WORK/rp-noise.out' && ! grep -qE ' ERR eve$' '$WORK/rp-noise.out'"
kill "$RPID" 2>/dev/null; wait "$RPID" 2>/dev/null
