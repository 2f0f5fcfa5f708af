# The REPL in a real terminal: typing, completion, history, errors, Ctrl-C, Ctrl-D.
start 110 40 "'$BIN'"
expect_last_line "welcome and first prompt" "^qkd\[seed 1\]>$"
T send-keys "bb84 --photons 2000 --seed 4" Enter
expect_screen "a command prints its result" "verdict +KEEP"
T send-keys "clear" Enter
sleep 0.2
T send-keys "bb" Tab
expect_screen "Tab completes bb into bb84" "> bb84$"
T send-keys -- "--pho" Tab
expect_screen "Tab completes an option" "> bb84 --photons$"
T send-keys "10 --eve int" Tab
expect_screen "Tab completes an option value" "> bb84 --photons 10 --eve intercept-resend$"
T send-keys C-u "clear" Enter
T send-keys Up
expect_screen "Up recalls the previous line" "> clear$"
T send-keys C-u "bb84 --photon 5" Enter
expect_screen "a bad command gives one error line with a hint" "Unknown option '--photon'. Did you mean '--photons'"
expect_last_line "the prompt comes back after an error" "^qkd\[seed 1\]>$"
T send-keys "clear" Enter
T send-keys "bb84 --photons 100000000" Enter
sleep 0.5
T send-keys C-c
t0=$SECONDS
if wait_for "cancelled" 2; then ok "Ctrl-C cancels a 10^8-photon run within a second"; else fail "Ctrl-C cancels a 10^8-photon run" "$(screen)"; fi
expect_last_line "prompt back after the cancel" "^qkd\[seed 1\]>$" 2
T send-keys "half a line"
expect_screen "typing shows" "> half a line$"
T send-keys C-c
expect_screen "Ctrl-C at the prompt shows ^C" "half a line\^C"
expect_last_line "Ctrl-C at the prompt clears the line" "^qkd\[seed 1\]>$"
T send-keys C-d
expect_screen "Ctrl-D exits with status 0" "\[exit 0\]"
if [ -s "$WORK/state/qkdtutor/history" ] && grep -q "bb84 --photons 2000" "$WORK/state/qkdtutor/history"; then
  ok "the history file exists afterwards"; else fail "history file" "$(ls -la "$WORK/state/qkdtutor" 2>&1)"; fi

# Piped scripts: same numbers as the interactive run with the same seed.
check "piped script gives the same numbers as the command line" bash -c "
  a=\$(printf 'set seed 9\nbb84 --photons 3000 --json\n' | '$BIN' | python3 -c 'import json,sys; t=sys.stdin.read(); t=t[t.index(\"{\"):]; print(json.loads(t)[\"qber\"], json.loads(t)[\"sifted\"])');
  b=\$('$BIN' run bb84 --photons 3000 --seed 9 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[\"qber\"], d[\"sifted\"])');
  [ \"\$a\" = \"\$b\" ]"
check "--strict stops at the first error with its line number" bash -c "
  out=\$(printf 'bb84 --photons 10\nbogus\nbb84 --photons 10\n' | '$BIN' --strict 2>&1); rc=\$?;
  [ \$rc -ne 0 ] && echo \"\$out\" | grep -q 'line 2: col 1: unknown command' && [ \$(echo \"\$out\" | grep -c '^BB84') -eq 1 ]"
check "an unwritable history gives a warning, not a crash" bash -c "
  mkdir -p '$WORK/ro/qkdtutor' && touch '$WORK/ro/qkdtutor/history' && chmod 000 '$WORK/ro/qkdtutor/history';
  printf 'quit\n' | XDG_STATE_HOME='$WORK/ro' '$BIN' >/dev/null 2>&1"
