#!/usr/bin/env python3
"""Benchmark of signing with a timestamp, revocation checks and long-term validation against
loopback services (release build).

Starts tests/fixtures/pki_responder.py (an RFC 3161 TSA, an OCSP responder and a CRL server on
127.0.0.1, each answer made by the openssl CLI), makes the test PKI of
tests/fixtures/online_pki.sh, and times, with the figures the binary reports under
QMSDOC_TIMING=1 (from the key loaded to the signed bytes ready; the process start and the file
writes excluded):
  - `qmsdoc sign` without TSA or revocation, with the TSA (--offline), with the TSA and the
    revocation checks, and with --ltv (B-LTA);
  - `qmsdoc verify` with revocation from the responders (a B-T file) and from the DSS (B-LTA);
  - `qmsdoc ltv` of a B-T file (DSS and a document timestamp);
and, for comparison, the responders alone: one TSA and one OCSP request by curl.

Usage: scripts/bench-ltv.py [--runs N]
"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "qmsdoc")
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def load_make_pdf():
    spec = importlib.util.spec_from_file_location(
        "bench_sign", os.path.join(ROOT, "scripts", "bench-sign.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_pdf


def timed(args, prefix, env):
    """Runs qmsdoc; the figure of its `prefix: X ms` line."""
    out = subprocess.run([BIN] + args, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"qmsdoc {' '.join(args)} failed:\n{out.stderr}{out.stdout}")
    for line in out.stderr.splitlines():
        if line.startswith(prefix + ": ") and line.endswith(" ms"):
            return float(line[len(prefix) + 2:-3])
    sys.exit(f"no timing line in:\n{out.stderr}")


def curl_ms(url, data_file, ctype):
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", "--data-binary",
         "@" + data_file, "-H", "Content-Type: " + ctype, url],
        capture_output=True, text=True, check=True)
    return float(out.stdout) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    tmp = tempfile.mkdtemp(prefix="qmsdoc-bench-ltv-")
    server = subprocess.Popen([sys.executable, os.path.join(FIXTURES, "pki_responder.py"), tmp],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        subprocess.run(["bash", os.path.join(FIXTURES, "online_pki.sh"), str(port)], cwd=tmp,
                       check=True)
        load_make_pdf()(os.path.join(tmp, "in.pdf"))
        env = dict(os.environ, QMSDOC_TIMING="1", QMSDOC_LANG="en")
        env.pop("QMSDOC_SIGNING_TIME", None)
        env.pop("QMSDOC_TSA", None)
        tsa = f"http://127.0.0.1:{port}/tsa"
        p = lambda name: os.path.join(tmp, name)
        key = ["--key", p("good.key"), "--cert", p("good-chain.pem"), "--trust", p("root.pem")]

        def sign(extra, out):
            return [timed(["sign", p("in.pdf"), "-o", p(out)] + key + extra, "sign", env)
                    for _ in range(a.runs)]

        def verify(name):
            return [timed(["verify", p(name), "--trust", p("root.pem")], "verify_pdf", env)
                    for _ in range(a.runs)]

        rows = [
            ("sign, no TSA, --offline", sign(["--offline"], "z.pdf")),
            ("sign, loopback TSA, --offline", sign(["--tsa", tsa, "--offline"], "a.pdf")),
            ("sign, loopback TSA, revocation checked", sign(["--tsa", tsa], "b.pdf")),
            ("sign --ltv, loopback TSA (B-LTA)", sign(["--tsa", tsa, "--ltv"], "c.pdf")),
            ("verify B-T, revocation from the responders", verify("b.pdf")),
            ("verify B-LTA, revocation from the DSS", verify("c.pdf")),
            ("ltv of the B-T file (DSS + document timestamp)",
             [timed(["ltv", p("b.pdf"), "-o", p("d.pdf"), "--trust", p("root.pem"), "--tsa",
                     tsa], "ltv", env) for _ in range(a.runs)]),
        ]
        subprocess.run(["openssl", "ts", "-query", "-data", p("in.pdf"), "-sha256", "-cert",
                        "-out", p("q.tsq")], check=True, capture_output=True)
        subprocess.run(["openssl", "ocsp", "-issuer", p("int.pem"), "-cert", p("good.pem"),
                        "-reqout", p("o.req"), "-no_nonce"], check=True, capture_output=True)
        rows.append(("responder alone: one TSA request (curl)",
                     [curl_ms(tsa, p("q.tsq"), "application/timestamp-query")
                      for _ in range(a.runs)]))
        rows.append(("responder alone: one OCSP request (curl)",
                     [curl_ms(f"http://127.0.0.1:{port}/ocsp", p("o.req"),
                              "application/ocsp-request") for _ in range(a.runs)]))
        print(f"{a.runs} runs each; milliseconds: median (min)")
        for name, xs in rows:
            print(f"  {name:50} {statistics.median(xs):7.2f} ({min(xs):.2f})")
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
