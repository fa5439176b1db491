#!/usr/bin/env python3
"""Benchmark of `qmsdoc export opencps` and `qmsdoc compare --opencps` on N synthetic TTHC
procedures (default 1,000; scripts/gen-synthetic.py, 6 steps each).

Builds the release binary, generates the QMS and gives its one unit an OpenCPS role code,
then times the export of every procedure to one zip and the comparison of that zip with the
procedures (which must find nothing). Best and median of --runs.

usage: scripts/bench-opencps.py [N] [--runs R] [--no-build] [--exe PATH]
Target: under 1 s each for 1,000 procedures.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ROLES = """opencps:
  roles:
    - { who: Công chức Bộ phận Một cửa, role: MOTCUA }
"""


def timed(cmd, cwd):
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return dt, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--exe", help="the binary to time [default: target/release/qmsdoc]")
    a = ap.parse_args()
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.abspath(a.exe) if a.exe else os.path.join(ROOT, "target", "release", "qmsdoc")
    work = tempfile.mkdtemp(prefix="qmsdoc-bench-opencps-")
    qms = os.path.join(work, "qms")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-synthetic.py"), str(a.n), qms],
                   check=True, capture_output=True)
    with open(os.path.join(qms, "qms.yaml"), "a", encoding="utf-8") as f:
        f.write(ROLES)
    zip_path = os.path.join(work, "backup.zip")
    exports, compares = [], []
    for _ in range(a.runs):
        dt, _ = timed([exe, "export", "opencps", "--root", qms, "-o", zip_path], work)
        exports.append(dt)
        dt, p = timed([exe, "compare", "--root", qms, "--opencps", zip_path, "--format", "json"], work)
        compares.append(dt)
    if '"findings": []' not in p.stdout:
        sys.exit(f"compare found differences:\n{p.stdout[:2000]}")
    print(f"{a.n} procedures, zip of {os.path.getsize(zip_path)} bytes; compare found no difference")
    print(f"export opencps:    best {min(exports):.3f} s, median {statistics.median(exports):.3f} s")
    print(f"compare --opencps: best {min(compares):.3f} s, median {statistics.median(compares):.3f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
