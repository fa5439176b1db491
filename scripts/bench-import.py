#!/usr/bin/env python3
"""Benchmark of `qmsdoc import` on a decision of N step tables (default 100) as .docx.

Builds the release binary, writes the decision (each table: a heading with its TTHC code, a
header row, 12 steps with multi-paragraph task cells, a phase row merged across the table, a
shared time cell merged down (w:vMerge), a total row), then times into a fresh QMS: the first
import (writes N procedures and the catalog) and a re-import of the same file (nothing
changes). Best and median of --runs.

With --real, times instead the largest real decision of the test data, Đồng Tháp 138/2025 (88
step tables, 570 step rows; tests/fixtures/import/dong-thap-138-2025-qd-ubnd.{docx,html}),
with --dry-run: it prints no TTHC code, so every table is refused, after being read whole.

usage: scripts/bench-import.py [N] [--runs R] [--no-build] [--exe PATH] [--real]
Target (issue): under 1 s for a 100-table decision.
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
sys.path.insert(0, os.path.join(ROOT, "scripts"))
gen = __import__("gen-import-fixtures")


def table(i):
    head = ["TT", "Nội dung công việc", "Trách nhiệm", "Thời gian (ngày làm việc)", "Kết quả"]
    rows = [head]
    for s in range(1, 7):
        rows.append([f"Bước {s}", f"Tiếp nhận, kiểm tra hồ sơ số {i}\n- Trường hợp hồ sơ đủ: chuyển bước sau\n- Trường hợp thiếu: hướng dẫn bổ sung", "Công chức Bộ phận Một cửa", "0,5", "Phiếu kiểm soát"])
    rows.append(["Quy trình nội bộ tại UBND tỉnh"])
    rows.append(["Bước 7", "Văn phòng tiếp nhận, phân công", "Văn phòng UBND tỉnh", "3", "Văn bản"])
    for s in range(8, 13):
        rows.append([f"Bước {s}", "Thẩm tra, trình ký", "Lãnh đạo Văn phòng"])
    rows.append(["Tổng thời gian giải quyết", "6 ngày làm việc"])
    return rows


def decision(n, path):
    parts = [gen.w_para("Số: 100/QĐ-UBND")]
    for i in range(n):
        parts.append(gen.w_para(f"{i + 1}. Thủ tục thử nghiệm số {i + 1} (Mã TTHC: 1.{i + 1:06d})"))
        parts.append(gen.docx_table(gen.grid_of(table(i))))
    gen.write_docx(path, "".join(parts))


AGENCY = "Ủy ban nhân dân xã Thử Nghiệm"


def timed(cmd, cwd, ok=(0,)):
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if p.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return dt, p.stdout


def real(exe, work, runs):
    q = os.path.join(work, "qms")
    subprocess.run([exe, "init", "--agency", AGENCY, q], check=True, capture_output=True)
    for ext in ("docx", "html"):
        path = os.path.join(ROOT, "tests", "fixtures", "import", f"dong-thap-138-2025-qd-ubnd.{ext}")
        times = []
        for _ in range(runs):
            # Exit 1: tables refused (no TTHC code), as expected.
            dt, _ = timed([exe, "import", "--dry-run", "--root", q, path], work, ok=(0, 1))
            times.append(dt)
        print(f"Đồng Tháp 138 .{ext} ({os.path.getsize(path)} bytes), --dry-run: "
              f"best {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms")
    shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--exe", help="the binary to time [default: target/release/qmsdoc]")
    ap.add_argument("--real", action="store_true", help="time the real Đồng Tháp 138 decision")
    a = ap.parse_args()
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.abspath(a.exe) if a.exe else os.path.join(ROOT, "target", "release", "qmsdoc")
    work = tempfile.mkdtemp(prefix="qmsdoc-bench-import-")
    if a.real:
        real(exe, work, a.runs)
        return
    docx = os.path.join(work, "decision.docx")
    decision(a.n, docx)
    first, again = [], []
    for _ in range(a.runs):
        q = os.path.join(work, "qms")
        shutil.rmtree(q, ignore_errors=True)
        subprocess.run([exe, "init", "--agency", AGENCY, q], check=True, capture_output=True)
        dt, out = timed([exe, "import", "--root", q, docx], work)
        first.append(dt)
        dt, out2 = timed([exe, "import", "--root", q, docx], work)
        again.append(dt)
    added = out.count("\n  thêm ")
    unchanged = out2.count("\n  không đổi ")
    print(f"{a.n} tables, {os.path.getsize(docx)} bytes: {added} procedures added, then {unchanged} unchanged")
    print(f"first import: best {min(first):.3f} s, median {statistics.median(first):.3f} s")
    print(f"re-import:    best {min(again):.3f} s, median {statistics.median(again):.3f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
