#!/usr/bin/env bash
# Measures `qmsdoc export bpmn` and `qmsdoc compare --bpmn` on N synthetic procedures (release
# build): the whole process (load the QMS, build the workflows, write or read N files), the
# median of RUNS runs, each export into a fresh folder.
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

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk '{printf "%.1f ms", $1/1000}'; }
export_times() {
  for i in $(seq "$runs"); do
    s=$(date +%s%N); "$bin" export bpmn --root "$tmp/qms" -o "$tmp/out$i" 2>/dev/null; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done
}
compare_times() {
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); "$bin" compare --root "$tmp/qms" --bpmn "$tmp/out1" >/dev/null 2>&1; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done
}
echo "export bpmn, $n procedures: $(export_times | median | ms) (median of $runs)"
echo "  files: $(ls "$tmp/out1" | wc -l), $(du -sh "$tmp/out1" | cut -f1)"
echo "compare --bpmn, $n procedures: $(compare_times | median | ms) (median of $runs)"
echo "findings (expect none):"
"$bin" compare --root "$tmp/qms" --bpmn "$tmp/out1" 2>&1 | tail -1
