#!/usr/bin/env python3
"""Renders and signs the publication decision of docs-example both ways, in one run:

  A. qmsdoc render (Markdown -> PDF) then qmsdoc sign (RSA-2048 PEM key);
  B. LibreOffice (`soffice --headless --convert-to pdf`) from the same decision as a .docx,
     then the pyHanko CLI (`pyhanko sign addsig --use-pades pemder`) with the same key;

and `qmsdoc render --all` of docs-example. Prints wall times (best and median of --runs) and
the ratios. Needs: a release build (cargo build --release), soffice (Debian:
libreoffice-writer-nogui), pyhanko (PyPI: pyhanko-cli), openssl.

usage: scripts/bench-render.py [--runs R]
"""
import argparse
import html
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QMSDOC = os.path.join(ROOT, "target", "release", "qmsdoc")
DECISION = os.path.join(ROOT, "benches", "fixtures", "QD-05-2026.md")


def timed(cmd, runs, cwd=None, env=None):
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
    return min(walls), statistics.median(walls)


def inline(s):
    s = html.escape(s)
    s = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", s)
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", s)


def markdown_to_html(md):
    """The decision's Markdown as the HTML a clerk's Word file would hold (for the .docx)."""
    body = md.split("\n---\n", 1)[1]
    out, rows = [], []
    for line in body.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= set(":-") for c in cells):
                rows.append(cells)
            continue
        if rows:
            out.append("<table border=1>" + "".join(
                "<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in rows) + "</table>")
            rows = []
        if line.startswith("## "):
            out.append(f"<h2>{inline(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{inline(line[2:])}</h1>")
        elif line.startswith("- "):
            out.append(f"<p>{inline(line)}</p>")
        elif line.strip():
            out.append(f"<p style='text-align:justify'>{inline(line)}</p>")
    if rows:
        out.append("<table border=1>" + "".join(
            "<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in rows) + "</table>")
    return ("<html><head><meta charset='utf-8'><style>body{font-family:'Times New Roman';font-size:14pt}"
            "</style></head><body>" + "\n".join(out) + "</body></html>")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    for tool in ("soffice", "pyhanko", "openssl"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed (see the docstring)")
    work = tempfile.mkdtemp(prefix="qmsdoc-bench-render-")
    env = dict(os.environ, HOME=work)  # LibreOffice keeps its profile there

    key, cert = os.path.join(work, "key.pem"), os.path.join(work, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "30", "-subj", "/CN=Nguyen Van An",
                    "-addext", "keyUsage=digitalSignature,nonRepudiation"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # A. qmsdoc: the decision inside a copy of docs-example.
    qms = os.path.join(work, "qms")
    shutil.copytree(os.path.join(ROOT, "docs-example"), qms)
    os.makedirs(os.path.join(qms, "decisions"))
    shutil.copy(DECISION, os.path.join(qms, "decisions"))
    qd_pdf = os.path.join(work, "qd-qmsdoc.pdf")
    render = timed([QMSDOC, "render", "decisions/QD-05-2026.md", "-o", qd_pdf], args.runs, cwd=qms)
    sign = timed([QMSDOC, "sign", qd_pdf, "-o", os.path.join(work, "qd-qmsdoc-signed.pdf"),
                  "--key", key, "--cert", cert], args.runs, env=env)
    render_all = timed([QMSDOC, "render", "--all", "-o", os.path.join(work, "all")], args.runs, cwd=qms)

    # B. LibreOffice from a .docx of the same decision, then pyHanko.
    src_html = os.path.join(work, "qd.html")
    with open(src_html, "w", encoding="utf-8") as f:
        f.write(markdown_to_html(open(DECISION, encoding="utf-8").read()))
    subprocess.run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", work, src_html],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    docx = os.path.join(work, "qd.docx")
    lo_dir = os.path.join(work, "lo")
    lo = timed(["soffice", "--headless", "--convert-to", "pdf", "--outdir", lo_dir, docx], args.runs, env=env)
    lo_pdf = os.path.join(lo_dir, "qd.pdf")
    # --use-pades: a PAdES (ETSI.CAdES.detached) signature like qmsdoc's, not adbe.pkcs7.detached.
    ph = timed(["pyhanko", "sign", "addsig", "--use-pades", "--field", "Sig1", "pemder", "--key", key, "--cert", cert, "--no-pass",
                lo_pdf, os.path.join(work, "qd-lo-signed.pdf")], args.runs, env=env)

    def show(name, r):
        print(f"  {name:<52} best {r[0] * 1000:8.1f} ms   median {r[1] * 1000:8.1f} ms")

    size = lambda p: os.path.getsize(p) // 1024
    print(f"Decision of docs-example (benches/fixtures/QD-05-2026.md), {args.runs} runs each, wall time:")
    show("qmsdoc render (CLI)", render)
    show("libreoffice --headless --convert-to pdf (.docx)", lo)
    show("qmsdoc sign (CLI, RSA-2048 PEM)", sign)
    show("pyhanko sign addsig --use-pades pemder (CLI)", ph)
    show("qmsdoc render + sign", (render[0] + sign[0], render[1] + sign[1]))
    show("libreoffice + pyhanko", (lo[0] + ph[0], lo[1] + ph[1]))
    print(f"  ratio render: {lo[1] / render[1]:.0f}x, sign: {ph[1] / sign[1]:.0f}x, "
          f"render + sign: {(lo[1] + ph[1]) / (render[1] + sign[1]):.0f}x (medians)")
    print(f"  PDF size: qmsdoc {size(qd_pdf)} KB, LibreOffice {size(lo_pdf)} KB")
    show("qmsdoc render --all docs-example (57 PDFs)", render_all)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
