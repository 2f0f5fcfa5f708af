#!/usr/bin/env bash
# End-to-end tests of the real binary: through pipes, and in a real terminal
# driven by tmux (send-keys to type, capture-pane to read).
# Usage: Tests/e2e/run.sh PATH/TO/qkdtutor
set -uo pipefail
BIN=$(readlink -f "${1:-.build/debug/qkdtutor}")
HERE=$(cd "$(dirname "$0")" && pwd)
export SWIFT_BACKTRACE=interactive=no
WORK=$(mktemp -d)
trap 'tmux -S "$WORK/sock" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
passed=0; failed=0

ok()   { passed=$((passed+1)); echo "  ok   $1"; }
fail() { failed=$((failed+1)); echo "  FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /' | head -30; }
check() { # name, command...
  local name=$1; shift
  local out; if out=$("$@" 2>&1); then ok "$name"; else fail "$name" "$out"; fi
}

# --- tmux helpers -----------------------------------------------------------
T() { tmux -S "$WORK/sock" "$@"; }
# A dying tmux server unlinks its socket late; wait, or it removes the next server's.
settle() { T kill-server 2>/dev/null; for _ in $(seq 50); do [ -S "$WORK/sock" ] || break; sleep 0.05; done; }
start() { # cols rows command
  settle
  T new-session -d -x "$1" -y "$2" -e LANG=C.UTF-8 -e TERM=tmux-256color \
    -e XDG_STATE_HOME="$WORK/state" -e SWIFT_BACKTRACE=interactive=no -e HOME="$WORK/home" \
    "$3; echo \"[exit \$?]\"; sleep 30"
}
screen() { T capture-pane -p; }
# Deadlines in microseconds: $SECONDS ticks whole seconds, which cut a "2 s" wait to 1.0x s.
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }
wait_for() { # pattern [seconds]
  local deadline=$(( $(now_us) + ${2:-10} * 1000000 ))
  while [ "$(now_us)" -lt $deadline ]; do
    screen | grep -qE -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
last_line() { screen | sed '/^$/d' | tail -n 1; }
expect_last_line() { # name pattern [seconds]: the last non-blank line matches
  local deadline=$(( $(now_us) + ${3:-10} * 1000000 ))
  while [ "$(now_us)" -lt $deadline ]; do
    last_line | grep -qE -- "$2" && { ok "$1"; return; }
    sleep 0.1
  done
  fail "$1" "$(screen)"
}
expect_screen() { # name pattern [seconds] (capture-pane trims trailing blanks)
  if wait_for "$2" "${3:-10}"; then ok "$1"; else fail "$1" "$(screen)"; fi
}

for f in "$HERE"/cases/*.sh; do
  [ -e "$f" ] || continue
  echo "$(basename "$f" .sh)"
  # shellcheck source=/dev/null
  source "$f"
done

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
