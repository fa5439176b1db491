#!/usr/bin/env python3
"""Benchmark of the publication plan: a repository with N documents (default 1,000) and C
commits (default 10,000) after the last publication tag, built with `git fast-import`.

usage: scripts/bench-publish.py [N] [--commits C] [--runs R]
Target (issue 4): `qmsdoc publish` (the plan) under 1 s.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, GIT_AUTHOR_NAME="Thu ky ISO", GIT_AUTHOR_EMAIL="iso@example.gov.vn",
           GIT_COMMITTER_NAME="Thu ky ISO", GIT_COMMITTER_EMAIL="iso@example.gov.vn")


def git(repo, *args, **kw):
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--commits", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "qmsdoc")
    repo = os.path.join(tempfile.mkdtemp(prefix="qmsdoc-bench-publish-"), "qms")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-synthetic.py"), str(args.n), repo], check=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Khởi tạo HTQLCL")
    git(repo, "tag", "-a", "qms/1", "-m", "Quyết định số 01/QĐ-UBND ngày 05/01/2026")

    # C commits, each editing the body of one procedure, streamed through fast-import.
    head = git(repo, "rev-parse", "HEAD", capture_output=True, text=True).stdout.strip()
    paths = sorted(
        os.path.relpath(os.path.join(d, f), repo)
        for d, _, fs in os.walk(os.path.join(repo, "procedures")) for f in fs
    )
    texts = {p: open(os.path.join(repo, p), encoding="utf-8").read() for p in paths}
    stream = []
    t0 = 1_780_000_000
    for i in range(args.commits):
        p = paths[i % len(paths)]
        texts[p] += f"\nGhi chú sửa đổi lần {i}.\n"
        data = texts[p].encode()
        msg = f"Sửa {os.path.basename(p)[:-3]}: ghi chú {i}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Thu ky ISO <iso@example.gov.vn> {t0 + i} +0700\n".encode())
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        if i == 0:
            stream.append(f"from {head}\n".encode())
        stream.append(f"M 100644 inline {p}\n".encode())
        stream.append(b"data %d\n%s\n" % (len(data), data))
    git(repo, "fast-import", "--quiet", input=b"".join(stream))
    git(repo, "reset", "-q", "--hard", "main")
    count = git(repo, "rev-list", "--count", "HEAD", capture_output=True, text=True).stdout.strip()

    cmd = [exe, "publish", "--format", "json"]
    subprocess.run(cmd, cwd=repo, check=True, stdout=subprocess.DEVNULL)  # warm
    walls = []
    for _ in range(args.runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, cwd=repo, check=True, stdout=subprocess.PIPE)
        walls.append(time.perf_counter() - t)
    import json
    plan = json.loads(p.stdout)
    print(f"qmsdoc publish (plan), {args.n} documents, {count} commits, {len(plan['changed'])} changed:")
    print(f"  wall: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s ({args.runs} runs)")

    # The full apply on docs-example, each run on a fresh copy: check, edits, decision, the PDF
    # of every document in force and of the register, the decision signed with an RSA-2048
    # key, manifest and index, one commit and a tag.
    import shutil
    keydir = tempfile.mkdtemp(prefix="qmsdoc-bench-key-")
    key, cert = os.path.join(keydir, "key.pem"), os.path.join(keydir, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "30", "-subj", "/CN=Nguyen Van An",
                    "-addext", "keyUsage=digitalSignature,nonRepudiation"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    applies = []
    for _ in range(args.runs):
        ex = os.path.join(tempfile.mkdtemp(prefix="qmsdoc-bench-apply-"), "qms")
        shutil.copytree(os.path.join(ROOT, "docs-example"), ex)
        git(ex, "init", "-q", "-b", "main")
        git(ex, "add", ".")
        git(ex, "commit", "-qm", "Khởi tạo")
        t = time.perf_counter()
        subprocess.run([exe, "publish", "--apply", "--number", "01", "--date", "2026-01-05",
                        "--key", key, "--cert", cert], cwd=ex, env=ENV,
                       check=True, stdout=subprocess.DEVNULL)
        applies.append(time.perf_counter() - t)
        shutil.rmtree(os.path.dirname(ex))
    shutil.rmtree(keydir)
    print("qmsdoc publish --apply on docs-example (check, edits, decision, 57 PDFs rendered, decision signed, bundle, commit, tag):")
    print(f"  wall: best {min(applies):.3f} s, median {statistics.median(applies):.3f} s ({args.runs} runs)")


if __name__ == "__main__":
    main()
