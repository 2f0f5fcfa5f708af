# The course (issue 14): 'lessons' is a course map, and every bundled lesson
# plays to the end with 'demo --auto', in line mode and in the studio, with the
# same handout either way.
LESSON_IDS=$(grep -v '^#' "$HERE/../../Lessons/course.txt" | sed '/^$/d')
check "course: 'lessons' shows the map with prerequisites and the next step" bash -c "
  out=\$(XDG_STATE_HOME='$WORK/course-state' '$BIN' lessons --plain) &&
  printf '%s\n' \"\$out\" | grep -q '10  hack-proof' &&
  printf '%s\n' \"\$out\" | grep -q 'after backbone' &&
  printf '%s\n' \"\$out\" | grep -q '^Next: qkdtutor lesson polarization'"
for id in $LESSON_IDS; do
  check "course: $id plays to the end in line mode" bash -c "
    '$BIN' demo $id --auto --plain --speed 1000 --countdown 0 --transcript '$WORK/$id-line.md' >'$WORK/$id-line.out' 2>&1 &&
    grep -q 'Lesson complete' '$WORK/$id-line.out' && ! grep -q '^error' '$WORK/$id-line.out'"
  start 100 30 "'$BIN' demo $id --auto --speed 1000 --countdown 0 --transcript '$WORK/$id-studio.md'"
  expect_screen "course: $id plays to the end in the studio" "\[exit 0\]" 120
  check "course: $id has the same handout in the studio and line mode" cmp "$WORK/$id-studio.md" "$WORK/$id-line.md"
done
