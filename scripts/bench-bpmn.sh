#!/usr/bin/env bash
# Measures `qmsdoc export bpmn` and `qmsdoc compare --bpmn` on N synthetic procedures (release
# build): the whole process (load the QMS, build the workflows, write or read N files), the
# median of RUNS runs of the wall time and of the CPU time (user + system: on a shared machine
# it varies less), each export into a fresh folder.
# usage: scripts/bench-bpmn.sh [N=1000] [RUNS=5]
# Target: under 1 s each for 1,000 procedures.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
runs="${2:-5}"
cargo build --release --quiet
bin="$PWD/target/release/qmsdoc"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 scripts/gen-synthetic.py "$n" "$tmp/qms" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {printf "%.0f ms", a[int((NR+1)/2)] * 1000}'; }
TIMEFORMAT="%R %U %S"
measure() { # label, then the command with {} for the run number; prints wall and CPU medians
  local label="$1"; shift
  for i in $(seq "$runs"); do
    { time "${@//\{\}/$i}" >/dev/null 2>&1; } 2>&1
  done > "$tmp/times"
  echo "$label: wall $(awk '{print $1}' "$tmp/times" | median), CPU $(awk '{print $2 + $3}' "$tmp/times" | median) (median of $runs)"
}
measure "export bpmn, $n procedures" "$bin" export bpmn --root "$tmp/qms" -o "$tmp/out{}"
echo "  files: $(ls "$tmp/out1" | wc -l), $(du -sh "$tmp/out1" | cut -f1)"
measure "compare --bpmn, $n procedures" "$bin" compare --root "$tmp/qms" --bpmn "$tmp/out1"
echo "findings (expect none):"
"$bin" compare --root "$tmp/qms" --bpmn "$tmp/out1" 2>&1 | tail -1
