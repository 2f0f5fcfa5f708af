# Ctrl-C during a long distillation returns to the prompt (issues 13, 18).
start 110 40 "'$BIN'"
expect_last_line "distill: first prompt" "^qkd\[seed 1\]>$"
for wait in 3 8; do
  T send-keys "clear" Enter
  T send-keys "bb84 --photons 50000000 --misalignment 0.02 --distill" Enter
  sleep "$wait"
  T send-keys C-c
  if wait_for "cancelled" 2; then ok "Ctrl-C after ${wait} s of bb84 --photons 50000000 --distill stops it within 2 s"
  else fail "Ctrl-C after ${wait} s of a 5×10^7-photon distillation" "$(screen)"; fi
  expect_last_line "distill: prompt back after the cancel (${wait} s)" "^qkd\[seed 1\]>$" 2
done
T send-keys C-d
expect_screen "distill: Ctrl-D exits" "\[exit 0\]"
