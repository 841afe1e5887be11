#!/usr/bin/env bash
# Drives the real app (`tutor`, real packs, real store) in tmux at 80x24 with the keyboard only:
# home, open an exercise, a right entry (✓), a wrong one (✗), an unreadable one (?), a hint,
# the answer revealed after confirmation, help, the side panel, a resize to 60x20 and back,
# quit, restart and `c` (continue) to check that the entries and glyphs came back.
#
# Usage: tests/tutor/tmux_drive.sh [LOG_DIR]    (exit status 0 when every step was seen)
# Each step's screen is saved in LOG_DIR (default: a fresh temporary directory).
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
TUTOR="$ROOT/.venv/bin/tutor"
LOG=${1:-$(mktemp -d -t tutor-tmux-XXXX)}
DATA=$(mktemp -d -t tutor-data-XXXX)
SESSION="tutor-drive-$$"
FAILED=0
STEP=0

command -v tmux >/dev/null || { echo "tmux is not installed: skipped"; exit 0; }
mkdir -p "$LOG"

start() {
    tmux new-session -d -s "$SESSION" -x 80 -y 24 \
        "TERM=xterm-256color $TUTOR --data-dir '$DATA'; sleep 30"
}

screen() { tmux capture-pane -t "$SESSION" -p; }

# expect TEXT [SECONDS]: wait until TEXT is on screen; save the screen either way.
expect() {
    local text=$1 limit=${2:-10} waited=0
    STEP=$((STEP + 1))
    while ! screen | grep -qF -- "$text"; do
        sleep 0.2
        waited=$((waited + 1))
        if [ "$waited" -ge $((limit * 5)) ]; then
            screen >"$LOG/$(printf %02d $STEP)-MISSING.txt"
            echo "step $STEP: did not see: $text"
            FAILED=1
            return 1
        fi
    done
    screen >"$LOG/$(printf %02d $STEP).txt"
    echo "step $STEP: saw: $text"
}

keys() { tmux send-keys -t "$SESSION" "$@"; sleep 0.3; }
type_entry() { tmux send-keys -t "$SESSION" -l -- "$1"; sleep 0.1; keys Enter; }

start
expect "Autodiff by hand" 20
keys Enter
expect "a = x + y ❯"
type_entry "3"                      # right: a = 1 + 2
expect "✓  a = x + y"
type_entry "5"                      # wrong: b = y + 1 = 3
expect "✗ incorrect"
type_entry "3 +"                    # unreadable
expect "? unreadable"
keys C-u
keys F2                             # first rung of the hint ladder
expect "Hint 1:"
for _ in 1 2 3 4 5 6 7 8; do        # ... up the ladder to the answer, which asks first
    screen | grep -qF "Show the answer" && break
    keys F2
done
expect "Show the answer"
keys y
expect "revealed"
keys F1                             # help over the worksheet
expect "Keys here"
keys Escape
keys F5                             # the side panel replaces the blanks at 80 columns
expect "↑ y"
keys F5
tmux resize-window -t "$SESSION" -x 60 -y 20 2>/dev/null || tmux resize-pane -t "$SESSION" -x 60 -y 20
sleep 1
expect "❯"
tmux resize-window -t "$SESSION" -x 80 -y 24 2>/dev/null || tmux resize-pane -t "$SESSION" -x 80 -y 24
sleep 1
expect "a = x + y"
keys C-q
sleep 1
tmux kill-session -t "$SESSION" 2>/dev/null

start                               # progress comes back after a restart
expect "Continue where you left off" 20
keys c
expect "✓  a = x + y"
expect "revealed"
keys C-q
sleep 1
tmux kill-session -t "$SESSION" 2>/dev/null
rm -rf "$DATA"

echo "screens saved in $LOG"
if [ "$FAILED" -ne 0 ]; then
    echo "tmux drive: FAILED"
    exit 1
fi
echo "tmux drive: all steps seen"
