#!/usr/bin/env python3
"""Benchmark of `qmsdoc sign` against pyHanko on the same ~100 KB PDF and RSA-2048 key.

Makes a test PKI with the openssl CLI and a PDF in a temporary folder, then times:
  - `qmsdoc sign` (release build), wall time per run, and the time spent in the library call
    `sign_pdf` that the binary reports with QMSDOC_TIMING=1 (one cold call per process);
  - `pyhanko sign addsig pemder --no-pass` on the same input, wall time per run.
Every output is checked with `qmsdoc verify --trust root.pem` once.

Usage: scripts/bench-sign.py [--runs N] [--pyhanko-runs N]
The steady-state in-process time (many signatures in one process) comes from
`cargo test --release --test sign -- --ignored --nocapture bench`.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "qmsdoc")

PKI = r"""
set -e
cat > ext.cnf <<'X'
[ca_ext]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
[signer_ext]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
X
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 \
  -subj "/CN=Bench Root" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout key.pem -out signer.csr -utf8 \
  -subj "/CN=Nguyễn Văn An/O=Ủy ban nhân dân xã Tân Hòa" 2>/dev/null
openssl x509 -req -in signer.csr -CA root.pem -CAkey root.key -CAcreateserial -out cert.pem \
  -days 365 -extfile ext.cnf -extensions signer_ext 2>/dev/null
cat cert.pem root.pem > chain.pem
"""


def make_pdf(path, target_size=100_000):
    """A multi-page PDF with an xref table, about `target_size` bytes (uncompressed text)."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>"}
    kids = []
    n = 4
    size = 0
    page = 0
    while size < target_size:
        page += 1
        lines = [b"BT /F1 11 Tf 72 770 Td 13 TL"]
        for i in range(45):
            lines.append(b"(Trang %d dong %d: noi dung van ban mau de do toc do ky so.) '" % (page, i))
        lines.append(b"ET")
        content = b"\n".join(lines)
        objs[n] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objs[n + 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % n)
        kids.append(n + 1)
        size += len(content) + 150
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    xref = len(out)
    count = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % count
    for i in range(1, count):
        out += b"%010d 00000 n\r\n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
    with open(path, "wb") as f:
        f.write(out)
    return len(out)


def timed(cmd, env=None):
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    return elapsed, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--pyhanko-runs", type=int, default=10)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["bash", "-c", PKI], cwd=d, check=True)
        pdf = os.path.join(d, "in.pdf")
        size = make_pdf(pdf)
        env = dict(os.environ, QMSDOC_TIMING="1")
        env.pop("QMSDOC_LANG", None)
        out = os.path.join(d, "out.pdf")
        cli, lib = [], []
        for _ in range(args.runs):
            t, p = timed([BIN, "--lang", "en", "sign", pdf, "-o", out, "--key",
                          os.path.join(d, "key.pem"), "--cert", os.path.join(d, "chain.pem")], env)
            cli.append(t * 1000)
            for line in p.stderr.splitlines():
                if line.startswith("sign_pdf:"):
                    lib.append(float(line.split()[1]))
        v = subprocess.run([BIN, "verify", out, "--trust", os.path.join(d, "root.pem")],
                           capture_output=True, text=True)
        if v.returncode != 0:
            sys.exit("qmsdoc verify rejected the output:\n" + v.stdout + v.stderr)
        hanko = []
        hout = os.path.join(d, "hanko.pdf")
        for _ in range(args.pyhanko_runs):
            if os.path.exists(hout):
                os.remove(hout)
            t, _ = timed(["pyhanko", "sign", "addsig", "--field", "Sig1", "pemder", "--key",
                          os.path.join(d, "key.pem"), "--cert", os.path.join(d, "cert.pem"),
                          "--no-pass", pdf, hout])
            hanko.append(t * 1000)
        med = statistics.median
        print(f"input: {size / 1024:.0f} KB PDF, RSA-2048 key, {args.runs} qmsdoc runs, "
              f"{args.pyhanko_runs} pyHanko runs (median, min)")
        print(f"qmsdoc sign (CLI wall):        {med(cli):8.2f} ms  (min {min(cli):.2f})")
        if lib:
            print(f"qmsdoc sign_pdf (in-process):  {med(lib):8.2f} ms  (min {min(lib):.2f})")
        print(f"pyhanko sign addsig (CLI wall): {med(hanko):7.2f} ms  (min {min(hanko):.2f})")
        print(f"ratio pyHanko / qmsdoc (CLI wall): {med(hanko) / med(cli):.1f}x")


if __name__ == "__main__":
    main()
