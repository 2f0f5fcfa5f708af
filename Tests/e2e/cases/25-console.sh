# The prompt's completion of run-time names, the glossary and vars (issue 17),
# and hostile input echoed safely (issue 18).
start 110 40 "'$BIN'"
expect_last_line "console: first prompt" "^qkd\[seed 1\]>$"
T send-keys "network j" Tab
expect_screen "Tab completes a scenario name" "> network jinan-2017 ?$"
T send-keys C-u "satellite --station Xi" Tab
expect_screen "Tab completes a station name" "> satellite --station Xinglong ?$"
T send-keys C-u "satellite --station " Tab Tab
expect_screen "Tab Tab lists the stations" "Delingha +Graz"
T send-keys C-u "explain ch" Tab
expect_screen "Tab completes a glossary term" "> explain chsh ?$"
T send-keys Enter
expect_screen "explain prints the entry with its source" "Source: "
T send-keys "clear" Enter
T send-keys "show d" Tab
expect_screen "Tab completes a view name" "> show distill ?$"
T send-keys C-u "lesson b" Tab
expect_screen "Tab completes a lesson id" "> lesson bb84 ?$"
T send-keys C-u "network secoqc-2008 --from SI" Tab
expect_screen "Tab completes a node of the scenario typed" "> network secoqc-2008 --from SIEM ?$"
T send-keys C-u "bb84 --photons 1000" Enter
T send-keys "vars last.bb84.q" Tab
expect_screen "Tab completes a session value name" "> vars last.bb84.qber ?$"
T send-keys C-u "help vars" Enter
expect_screen "help vars has a page" "vars \[PATTERN \| --all\]"
T send-keys C-d
expect_screen "console: Ctrl-D exits" "\[exit 0\]"

check "vars PATTERN filters and numbers are grouped" bash -c "
  out=\$(printf 'bb84 --photons 20000 --plain\nvars sifted\n' | '$BIN');
  echo \"\$out\" | grep -q '^last.bb84.sifted  *[0-9],[0-9][0-9][0-9]$' && ! echo \"\$out\" | grep -q 'last.bb84.qber'"
check "the first report marks its new terms, --plain does not" bash -c "
  printf 'e91 --pairs 2000\n' | '$BIN' | grep -q 'CHSH S (explain chsh)' &&
  ! printf 'e91 --pairs 2000 --plain\n' | '$BIN' | grep -q 'explain chsh'"
check "an error echoes control bytes escaped, never raw" bash -c "
  err=\$(printf 'bb\x1b]0;pwned\x07\x9b2J84\n' | '$BIN' 2>&1 >/dev/null);
  echo \"\$err\" | grep -q 'unknown command' && ! printf '%s' \"\$err\" | LC_ALL=C grep -q \$'\x1b'"
check "a line over 64 KB is refused, naming the limit" bash -c "
  python3 -c 'print(\"bb84 \" + \"x\" * 70000)' | '$BIN' 2>&1 | grep -q 'the limit is 65,536 (64 KB)'"
check "16,000 repeats of an option are refused at once, in one line" bash -c "
  args=\$(python3 -c 'print(\" \".join([\"--mu 1\"] * 16000))');
  out=\$(timeout 5 '$BIN' run bb84 \$args 2>&1); [ \$? -eq 64 ] && [ \$(echo \"\$out\" | wc -l) -le 2 ] && echo \"\$out\" | grep -q 'words\|given twice'"
check "qkdtutor run: a parse error is one line plus a see line" bash -c "
  out=\$('$BIN' run bb84 --photons x 2>&1); [ \$(echo \"\$out\" | wc -l) -eq 2 ] && echo \"\$out\" | tail -1 | grep -q \"see 'qkdtutor run bb84 --help'\""
check "--photons -1 is named as negative" bash -c "
  '$BIN' run bb84 --photons -1 2>&1 | grep -q 'cannot be negative (got -1)'"
check "satellite without a station lists the stations" bash -c "
  '$BIN' run satellite 2>&1 | grep -q 'Xinglong, Nanshan, Delingha, Lijiang, Graz'"
check "--analyzer with --sweep is refused in one line" bash -c "
  out=\$('$BIN' run polarization --sweep 10 --analyzer 30 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | head -1 | grep -q 'no effect with --sweep'"
check "any subcommand's parse error is one line plus a see line" bash -c "
  out=\$('$BIN' lesson 2>&1); [ \$? -eq 64 ] && [ \$(echo \"\$out\" | wc -l) -eq 2 ] && echo \"\$out\" | tail -1 | grep -q \"see 'qkdtutor lesson --help'\""
check "an unknown run verb is one line plus a see line" bash -c "
  out=\$('$BIN' run bb85 2>&1); [ \$(echo \"\$out\" | wc -l) -eq 2 ] && echo \"\$out\" | grep -q \"Unexpected argument 'bb85'\""
check "reports wrap at word boundaries to the width, losing no word" bash -c "
  narrow=\$(COLUMNS=50 '$BIN' run satellite --station Graz --passes 2 --seed 3); wide=\$(COLUMNS=400 '$BIN' run satellite --station Graz --passes 2 --seed 3);
  [ \"\$(echo \"\$narrow\" | tr -s ' \n' '  ')\" = \"\$(echo \"\$wide\" | tr -s ' \n' '  ')\" ] &&
  echo \"\$narrow\" | python3 -c 'import sys; bad=[l for l in sys.stdin.read().splitlines() if len(l) > 50 and \" \" in l.strip()]; sys.exit(1 if bad else 0)'"
