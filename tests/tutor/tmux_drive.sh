#!/usr/bin/env bash
# Drives the real app (`tutor`, real packs, real store) in tmux at 80x24 with the keyboard only:
# home, open an exercise, a right entry (✓), a wrong one (✗), an unreadable one (?), a hint,
# the answer revealed after confirmation, help, the side panel, a resize to 60x20 and back,
# quit, restart and `c` (continue) to check that the entries and glyphs came back. Then, each
# opened by `tutor REF`: every hint rung of a matrix gradient on screen together at 80x24, the
# reveal asked after the last rung and shown as "revealed"; `sigma(betax)` typed for β; a
# convolution worked with its input and kernel beside the blanks, never leaving the sheet; two
# input channels and a filter's two kernel slices beside the blanks; TERM=linux LANG=C drawing
# nothing but ASCII (sheet, dialog, home) and η, ², ½, ∇ spelled eta, ^2, 1/2, grad; the
# working of a revealed iterate from the student's own gradient, and the worked solution stepped.
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

TERMINAL="TERM=xterm-256color LANG=C.UTF-8 LC_ALL="
start() {  # start [REF]: home, or one exercise, in the terminal $TERMINAL describes
    tmux new-session -d -s "$SESSION" -x 80 -y 24 \
        "$TERMINAL $TUTOR --data-dir '$DATA' ${1:-}; sleep 30"
}

# drawn_in_ascii: no box, block, arrow, mark or bullet on the screen (ASCII mode's promise).
drawn_in_ascii() {
    STEP=$((STEP + 1))
    local left
    left=$(screen | "$ROOT/.venv/bin/python" -c 'import sys
print("".join(sorted({c for c in sys.stdin.read() if c in "·•…–—"
      or 0x2190 <= ord(c) <= 0x21FF or 0x2500 <= ord(c) <= 0x27BF or ord(c) >= 0x1F300})))')
    if [ -n "$left" ]; then
        screen >"$LOG/$(printf %02d $STEP)-MISSING.txt"
        echo "step $STEP: drawing characters left in ASCII mode: $left"
        FAILED=1
        return 1
    fi
    screen >"$LOG/$(printf %02d $STEP).txt"
    echo "step $STEP: saw nothing but ASCII drawing"
}

stop() { keys C-q; sleep 1; tmux kill-session -t "$SESSION" 2>/dev/null; }

# together TEXT...: every TEXT on one screen at once (nothing scrolled away); saved either way.
together() {
    STEP=$((STEP + 1))
    local shown missing=""
    shown=$(screen)
    for text in "$@"; do
        printf '%s' "$shown" | grep -qF -- "$text" || missing="$missing [$text]"
    done
    if [ -n "$missing" ]; then
        printf '%s\n' "$shown" >"$LOG/$(printf %02d $STEP)-MISSING.txt"
        echo "step $STEP: not on one screen:$missing"
        FAILED=1
        return 1
    fi
    printf '%s\n' "$shown" >"$LOG/$(printf %02d $STEP).txt"
    echo "step $STEP: saw together: $*"
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

start derivatives/quadratic-form    # a matrix gradient: the longest hint ladder
expect "shape of ∇_x f ❯" 20
keys Down
expect "∇_x f ❯"
keys F2
keys F2
keys F2
expect "Hint 3:"
together "accepted:" "Hint 1: Write the differential" "denominator layout)." "Hint 2: Rules:" \
    "Hint 3: x appears in" "transposing where needed."
keys F2                             # only now the answer, and it asks first
expect "Show the answer to ∇_x f"
keys y
expect "◇ revealed"
together "◇  ∇_x f" "the answer was shown; the blank counts as revealed"
stop

start derivatives/softplus-symbolic # β typed as beta on a plain keyboard
expect "∂f/∂x ❯" 20
type_entry "sigma(betax)"
expect "Done: Softplus with a symbolic β"  # the only blank: the summary comes up
keys Escape
expect "✓ correct"
together "read as σ(β·x)" "type β as beta"
stop

start convnets/laplacian-5x5        # input and kernel beside the blanks at 80 columns
expect "output shape [rows, columns] ❯" 20
expect "input (padded)"
together "input (padded)" "kernel" "  0  -1   0" "  -1   4  -1" "shape to find"
type_entry "5x5"
expect "✓  output shape"
together "out[0, 0] reads the marked window" "[0][0][1]"
type_entry "-1"                     # the window's centre is 0, its right neighbour 1
expect "✓  out[0, 0]"
type_entry "2"                      # out[0, 1]: 4·1 - 0 - 0 - 1 - 1 = 2
expect "✓  out[0, 1]"
stop

start convnets/two-channels-two-filters  # two channels, two filters: all beside the blanks
expect "output shape [channels, rows, columns] ❯" 20
keys Down
expect "out[0, 0, 0] ❯"
together "channel 0     channel 1" "[1][0]" "[0][2]" "kernel of filter 0" "bias 1"
stop

TERMINAL="TERM=linux LANG=C LC_ALL="   # the Linux console: ASCII mode by itself
start convnets/edge-5x5
expect "output shape [rows, columns] >" 20
drawn_in_ascii
keys F3                             # a dialog's frame
expect "Show the solution"
drawn_in_ascii
keys n
keys Escape                         # home: bars, legend, scrollbar, footer
expect "Autodiff by hand" 10
drawn_in_ascii
stop
start optimizers/step-size-0-5      # the exercise's own signs spelled as they are typed
expect "g(0) = grad f(w(0)) >" 20
together "Step size eta = 0.5" "1/2(wx - y)^2"
stop
TERMINAL="TERM=xterm-256color LANG=C.UTF-8 LC_ALL="

start optimizers/step-size-0-5      # the working: in a reveal, then the solution step by step
expect "g(0) = ∇f(w(0)) ❯" 20
type_entry "-90"                    # g(0) = 0 - 100 = -100: the student slips
keys Down
for _ in 1 2 3 4 5 6; do
    screen | grep -qF "Show the answer" && break
    keys F2
done
keys y
expect "Working:"
together "◇  w(1)" "= 0 - 0.5·(-90)" "= 45" "the key is"  # from the student's own g(0)
keys F3
expect "step by step"
keys y
expect "1 of 12 steps shown"
together "Worked solution" "at w = 0" "∂f/∂w = w - 100" "= 0 - 100" "= -100"
keys n                              # the next step: w(1), now from the revealed g(0)
together "= 0 - 0.5·(-100)" "= 50" "3 of 12 steps shown"
keys a                              # every step: w(2) is revealed with the rest
keys Escape
expect "◇  w(2)"
stop
rm -rf "$DATA"

echo "screens saved in $LOG"
if [ "$FAILED" -ne 0 ]; then
    echo "tmux drive: FAILED"
    exit 1
fi
echo "tmux drive: all steps seen"
