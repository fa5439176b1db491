#!/usr/bin/env bash
# Builds a git history for docs-example in a new folder: a first publication (March 2025, when
# Nghị định 61/2018/NĐ-CP was the one-stop decree in force) and a re-publication (January 2026,
# after Nghị định 118/2025/NĐ-CP replaced it), so that `history`, `diff` and `publish` can be
# tried at once. docs-example itself lives inside qmsdoc's own repository and stays untouched.
#
# usage: scripts/demo-history.sh [DEST]     (default: a new temporary folder)
#        QMSDOC=path/to/qmsdoc to use a given binary; by default the `qmsdoc` on PATH (README's
#        `cargo install`), else one built here.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-"$(mktemp -d)/htqlcl"}
if [ -z "${QMSDOC:-}" ]; then
  if command -v qmsdoc >/dev/null 2>&1; then
    QMSDOC=$(command -v qmsdoc)
  else
    cargo build --release --quiet --manifest-path "$here/Cargo.toml"
    QMSDOC="$here/target/release/qmsdoc"
  fi
fi
if [ -e "$dest" ]; then
  echo "$dest already exists" >&2
  exit 2
fi
cp -r "$here/docs-example" "$dest"
cd "$dest"
git init -q -b main
git config user.name "Thư ký ISO"
git config user.email "iso@tanhoa.example"

# 1. Early 2025: 61/2018 in force, 118/2025 not issued yet.
python3 - <<'PY'
import re
p = "legal/register.yaml"
s = open(p, encoding="utf-8").read()
s = re.sub(r"  - id: nd-118-2025\n(?:    .*\n)+\n?", "", s)
s = s.replace("    status: replaced\n    replaced_by: nd-118-2025\n    changed: 2025-07-01\n", "    status: in-force\n")
open(p, "w", encoding="utf-8").write(s)
PY
for f in $(grep -rl "nd-118-2025" --include=*.md .); do
  sed -i 's/nd-118-2025/nd-61-2018/g' "$f"
done
git add -A
git commit -qm "Khởi tạo HTQLCL"
"$QMSDOC" publish --apply --number 12 --date 2025-03-03

# 2. July 2025: Nghị định 118/2025/NĐ-CP replaces 61/2018; the register and the citing
# procedures are updated, then the QMS is re-published.
cp "$here/docs-example/legal/register.yaml" legal/register.yaml
git commit -qam "Danh mục văn bản: Nghị định 118/2025/NĐ-CP thay thế Nghị định 61/2018/NĐ-CP"
for f in $(grep -rl "nd-61-2018" --include=*.md procedures manual policy 2>/dev/null); do
  sed -i 's/nd-61-2018/nd-118-2025/g' "$f"
  git commit -qam "Cập nhật căn cứ $(basename "$f" .md): Nghị định 118/2025/NĐ-CP"
done
echo
"$QMSDOC" publish
echo
"$QMSDOC" publish --apply --number 05 --date 2026-01-05
echo
git --no-pager tag -n
echo
echo "Thử / Try:  cd $dest && $QMSDOC history ST-01 && $QMSDOC diff ST-01"
echo "            $QMSDOC verify publish/qms/2    # bộ niêm yết / the posting bundle: PDFs, manifest.json, index.html"
