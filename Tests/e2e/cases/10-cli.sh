# The command line through pipes: JSON, limits, errors, doctor.
check "polarization --json reports cos²22.5° within 5σ" bash -c "
  '$BIN' run polarization --source 0 --analyzer 22.5 --photons 100000 --seed 1 --json |
  python3 -c 'import json,sys,math; d=json.load(sys.stdin); p=math.cos(math.radians(22.5))**2; n=d[\"photons\"];
assert abs(d[\"observedFraction\"]-p) <= 5*math.sqrt(p*(1-p)/n), d; assert d[\"probability\"]==p or abs(d[\"probability\"]-p)<1e-12'"
check "bb84 --json has the documented fields" bash -c "
  '$BIN' run bb84 --photons 20000 --seed 3 --show 5 --json |
  python3 -c 'import json,sys; d=json.load(sys.stdin);
[d[k] for k in (\"photons\",\"detected\",\"sifted\",\"sampleBits\",\"qber\",\"trueQber\",\"aborted\",\"eveKnownBits\",\"seed\",\"rows\")]; assert len(d[\"rows\"])==5'"
check "same seed, same bytes" bash -c "cmp <('$BIN' run bb84 --photons 5000 --seed 9 --json) <('$BIN' run bb84 --photons 5000 --seed 9 --json)"
check "10^12 photons refused with the limit named" bash -c "
  out=\$('$BIN' run bb84 --photons 1000000000000 2>&1); rc=\$?; [ \$rc -ne 0 ] && echo \"\$out\" | grep -q '100,000,000' && [ \$(echo \"\$out\" | wc -l) -eq 1 ]"
check "a bad angle gets a one-line error" bash -c "
  out=\$('$BIN' run polarization --source Q 2>&1); [ \$? -ne 0 ] && [ \$(echo \"\$out\" | wc -l) -eq 1 ] && echo \"\$out\" | grep -q 'not a polarization'"
check "doctor in a pipe exits 0" bash -c "'$BIN' doctor | grep -q 'not a terminal'"
check "NO_COLOR and --color never give no escapes" bash -c "! NO_COLOR=1 '$BIN' run bb84 --photons 1000 --color auto | grep -q \$'\\e'"
check "--color always gives escapes" bash -c "'$BIN' run bb84 --photons 1000 --eve intercept-resend --color always | grep -q \$'\\e\\['"
check "ASCII glyphs without a UTF-8 locale" bash -c "LANG=C LC_ALL=C '$BIN' run bb84 --photons 10 --show 10 | grep -qv '[↔↕⤢⤡]' && ! LANG=C LC_ALL=C '$BIN' run bb84 --photons 10 --show 10 | grep -q '↔'"
check "--version" bash -c "'$BIN' --version | grep -qE '^[0-9]+\.[0-9]+'"

start 100 30 "'$BIN' doctor"
expect_screen "doctor in a terminal shows its size" "terminal +100x30"
expect_screen "doctor exits 0 in a terminal" "\[exit 0\]"
