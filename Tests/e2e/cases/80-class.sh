# Live classroom, all on 127.0.0.1 with a free port: serve, a projector in tmux,
# three students answering through pipes, the panel's counts, kill -9 and
# restart with nothing acknowledged lost, and the export against a hand-made table.
CPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
CDB="$WORK/class.sqlite"
CST="$WORK/class-teacher-state"
serve_class() { XDG_STATE_HOME="$CST" "$BIN" class serve --port "$CPORT" --db "$CDB" > "$WORK/serve-$1.out" 2>&1 & CPID=$!; }
wait_served() { for _ in $(seq 300); do grep -q "Join code:" "$WORK/serve-$1.out" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
serve_class 1
if wait_served 1; then ok "class serve prints a join code"; else fail "class serve prints a join code" "$(cat "$WORK/serve-1.out")"; fi
CODE=$(sed -n 's/^Join code: *//p' "$WORK/serve-1.out")
check "the join code has six characters" bash -c "[[ '$CODE' =~ ^[A-Z2-9]{6}$ ]]"
check "the teacher token file is mode 0600" bash -c "[ \"\$(stat -c %a '$CST/qkdtutor/class-teacher.json')\" = 600 ]"
check "serve binds loopback by default" bash -c "grep -q 'on 127.0.0.1:$CPORT' '$WORK/serve-1.out'"

# The projector opens the lesson and waits in the first question's countdown.
start 100 40 "XDG_STATE_HOME='$CST' '$BIN' demo polarization --class 127.0.0.1:$CPORT --plain --pause-at never --countdown 60"
expect_screen "the projector shows the live panel" "class: 0 answered" 40

student() { # name, answers...
  local name=$1; shift
  printf '%s\n' "$@" ":quit" | XDG_STATE_HOME="$WORK/student-$name" "$BIN" class join "127.0.0.1:$CPORT" --code "$CODE" --name "$name" --plain > "$WORK/join-$name.out" 2>&1
}
student Ann b
student Bob a b
student Cy c c c
check "a student is told all answers arrived" grep -q "All your answers reached the class" "$WORK/join-Cy.out"
check "the student's token file is mode 0600" bash -c "[ \"\$(stat -c %a '$WORK/student-Ann/qkdtutor/class-join.json')\" = 600 ]"
expect_screen "the panel counts three students" "class: 3 answered" 10
# First votes: Bob a, Ann b, Cy c: one each.
expect_screen "the panel's bars count the first votes" "a\) .* 1" 5
if screen | grep -qE "b\) .* 1" && screen | grep -qE "c\) .* 1"; then ok "each option has its one vote"; else fail "each option has its one vote" "$(screen)"; fi
check "a student's output shows no other student's name" bash -c "! grep -qE 'Bob|Cy' '$WORK/join-Ann.out'"
T send-keys q

check "a wrong code is refused with one line" bash -c "out=\$(printf ':quit\\n' | XDG_STATE_HOME='$WORK/eve' '$BIN' class join 127.0.0.1:$CPORT --code ZZZZZZ --name Eve 2>&1); [ \$? -ne 0 ] && echo \"\$out\" | grep -q 'wrong join code'"
check "the roster lists the three students" bash -c "XDG_STATE_HOME='$CST' '$BIN' class watch --once --plain | grep -c -E '^(Ann|Bob|Cy) ' | grep -qx 3"

# kill -9 and restart with the same database: the session resumes, nothing acknowledged is lost.
kill -9 "$CPID"; wait "$CPID" 2>/dev/null
serve_class 2
if wait_served 2; then ok "the server restarts on the same database"; else fail "the server restarts on the same database" "$(cat "$WORK/serve-2.out")"; fi
check "the restarted server resumes the session and its code" bash -c "grep -q 'resumed' '$WORK/serve-2.out' && grep -q 'Join code: *$CODE' '$WORK/serve-2.out'"
student Dee b
check "a student joins the resumed session" grep -q "All your answers reached the class" "$WORK/join-Dee.out"
XDG_STATE_HOME="$CST" "$BIN" class export --db "$CDB" --attempts "$WORK/class.csv" --csv "$WORK/class-progress.csv" >/dev/null 2>&1
cat > "$WORK/class-expected.csv" <<'CSV'
student,lesson,question,attempt,answer,correct,first_try_right,hints,revealed
Ann,polarization,all-pass,1,b,1,1,0,0
Bob,polarization,all-pass,1,a,0,0,0,0
Bob,polarization,all-pass,2,b,1,0,0,0
Cy,polarization,all-pass,1,c,0,0,0,0
Cy,polarization,all-pass,2,c,0,0,0,0
Cy,polarization,all-pass,3,c,0,0,0,1
Dee,polarization,all-pass,1,b,1,1,0,0
CSV
check "the attempts export equals the hand-computed table" bash -c "tr -d '\r' < '$WORK/class.csv' | sed 's/,[^,]*\$//' | diff - '$WORK/class-expected.csv'"
# Progress format: Bob's row has score 0 (wrong first), the question's wrong answers as JSON.
cat > "$WORK/check-progress.py" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
fixed = "student,student_id,lesson,title,attempt,attempt_id,mode,content_hash,seed,started,updated,completed,score,total,hints,revealed,skipped".split(",")
assert list(rows[0].keys())[:len(fixed)] == fixed, list(rows[0].keys())
by = {r["student"]: r for r in rows}
q = "q:polarization/all-pass:"
assert (by["Ann"]["score"], by["Ann"][q + "first_try"], by["Ann"][q + "wrong"]) == ("1", "1", ""), by["Ann"]
assert (by["Bob"]["score"], by["Bob"][q + "first_try"], by["Bob"][q + "wrong"]) == ("0", "0", '["a"]'), by["Bob"]
assert (by["Cy"]["revealed"], by["Cy"][q + "revealed"], by["Cy"][q + "wrong"]) == ("1", "1", '["c","c","c"]'), by["Cy"]
assert by["Ann"]["objective:polarization/malus"] == "~" and by["Ann"]["total"] == "11", by["Ann"]
PY
check "the progress export has the tutor's columns and the hand-computed cells" python3 "$WORK/check-progress.py" "$WORK/class-progress.csv"

# The teacher's server dies mid-lesson: the student finishes alone, the answer
# waits in the local queue and reaches the class when the student joins again.
start 100 40 "XDG_STATE_HOME='$WORK/student-Eli' '$BIN' class join 127.0.0.1:$CPORT --code $CODE --name Eli --plain"
expect_screen "a student in a terminal reaches the first question" "answer>" 30
kill -9 "$CPID"; wait "$CPID" 2>/dev/null
T send-keys b Enter
expect_screen "without the server the lesson goes on" "Correct" 10
T send-keys :quit Enter
expect_screen "the student is told the answer is queued" "could not be delivered yet" 30
serve_class 3
wait_served 3
printf ':quit\n' | XDG_STATE_HOME="$WORK/student-Eli" "$BIN" class join "127.0.0.1:$CPORT" --code "$CODE" --name Eli --plain > "$WORK/join-Eli-2.out" 2>&1
check "on the next join the queued answer reaches the class" grep -q "All your answers reached the class" "$WORK/join-Eli-2.out"
check "the export holds the queued answer once" bash -c "XDG_STATE_HOME='$CST' '$BIN' class export --db '$CDB' --attempts - | grep -c '^Eli,polarization,all-pass,1,b,1,1,' | grep -qx 1"
kill "$CPID" 2>/dev/null; wait "$CPID" 2>/dev/null
