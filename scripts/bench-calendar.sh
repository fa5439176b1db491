#!/usr/bin/env bash
# Measures what the working calendar costs (release build):
#  1. `qmsdoc check` on N synthetic procedures whose TTHC limits are in working days (no
#     calendar comparison) and the same with the limits in calendar days ("15 ngày lịch": every
#     procedure compared on the calendar, worst start date over 2024–2026);
#  2. `qmsdoc due` on docs-example (the whole process: load the QMS and the calendar, answer).
# usage: scripts/bench-calendar.sh [N=10000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
runs="${2:-5}"
cargo build --release --quiet
bin="$PWD/target/release/qmsdoc"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 scripts/gen-synthetic.py "$n" "$tmp/working" >/dev/null
cp -r "$tmp/working" "$tmp/calendar"
sed -i 's/time_limit: 2 ngày làm việc/time_limit: 15 ngày lịch/' "$tmp/calendar/tthc/catalog.yaml"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # runs a command RUNS times, prints the median wall time in ms
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); "$@" >/dev/null || true; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done | median | awk '{printf "%.1f ms", $1/1000}'
}
echo "check, $n procedures, statutory limits in working days: $(timed "$bin" check "$tmp/working")"
echo "check, $n procedures, statutory limits in calendar days: $(timed "$bin" check "$tmp/calendar")"
echo "findings on the calendar variant (expect none):"
"$bin" check "$tmp/calendar" | tail -1
runs=$(( runs * 4 ))
echo "due on docs-example ($runs runs): $(timed "$bin" due QT-HT-01 --root docs-example --from '2026-02-13 15:10')"
echo "calendar 2026 ($runs runs): $(timed "$bin" calendar 2026)"
