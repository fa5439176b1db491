#!/usr/bin/env python3
"""Rebuilds the step tables of real provincial decisions from their plain-text flattening
(each cell on its own lines between `|` lines; see real-sources/README.md) and writes each
decision as a minimal .docx (merged cells as w:gridSpan / w:vMerge) and as HTML (colspan /
rowspan), the test data of `qmsdoc import` (tests/import.rs).

    scripts/gen-import-fixtures.py [SOURCES_DIR] [OUT_DIR]

Defaults: ../shared/real-sources and tests/fixtures/import. Also writes the hand-made Word
fixtures (content controls, gridSpan, vMerge, soft breaks, list numbering) and the bad inputs.
The rebuilding of merged cells is a heuristic that fits these sources; it is test tooling, not
part of the product.
"""
import html
import os
import re
import sys
import zipfile

DECISIONS = {
    "vinh-long-2682-qd-ubnd": "2682/QĐ-UBND",
    "ha-noi-1594-qd-ttpvhcc": "1594/QĐ-TTPVHCC",
    "dong-nai-2811-qd-ubnd": "2811/QĐ-UBND",
    "son-la-2969-qd-ubnd": "2969/QĐ-UBND",
    "cao-bang-1948-qd-ubnd": "1948/QĐ-UBND",
    "lang-son-2487-qd-ubnd": "2487/QĐ-UBND",
    "son-la-2929-qd-ubnd": "2929/QĐ-UBND",
    "nghe-an-3760-qd-ubnd": "3760/QĐ-UBND",
    "bac-ninh-1490-qd-ubnd": "1490/QĐ-UBND",
    "ha-tinh-2916-qd-ubnd": "2916/QĐ-UBND",
    "cao-bang-2028-qd-ubnd": "2028/QĐ-UBND",
    "bac-ninh-1582-qd-ubnd": "1582/QĐ-UBND",
    "dong-nai-2776-qd-ubnd": "2776/QĐ-UBND",
    "dong-thap-138-2025-qd-ubnd": "138/2025/QĐ-UBND",
    "ha-tinh-3005-qd-ubnd": "3005/QĐ-UBND",
}

STEP = re.compile(r"^(Bước\s*\d+|B\d+|\d+(\s+\d+)?)$", re.I)
ROMAN = re.compile(r"^([IVX]+|\d+\.\d+\.?|[a-z]\))\.?$")
TIME = re.compile(r"^(\d[\d,./]*\s*(ngày|giờ)|Giờ hành chính|Không tính|Không quy định|Trong thời gian|Theo thỏa thuận)", re.I)
JUNK = ("## Văn bản liên quan", "Văn bản này chưa cập nhật", "Văn bản liên quan")
BULLET = re.compile(r"^([-+•]\s|\d+\.\s|[a-zđ]\)\s)")


def strip_marks(s):
    return s.replace("**", "").replace("*", "").replace("__", "")


def cell_text(lines):
    """Joins wrapped lines of a cell; items ("- ", "+ ", "1. ", "a) ") keep their own line."""
    out = []
    for raw in lines:
        line = " ".join(strip_marks(raw).split())
        if not line:
            continue
        if out and not BULLET.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


def cells_of(text):
    """The file as [cell lines, number of `|` lines after it, kind]: the prose before the
    first `|` line is one "prose" cell."""
    cells, cur = [], []
    for line in text.split("\n"):
        if line.strip() != "|":
            cur.append(line)
            continue
        if not cells:
            cells.append([cur, 1, "prose"])
        elif any(l.strip() for l in cur):
            cells.append([cur, 1, "cell"])
        else:
            cells[-1][1] += 1
        cur = []
    if any(l.strip() for l in cur):
        cells.append([cur, 1, "cell"])
    return cells


def role(text):
    f = text.lower()
    if "thời gian" in f or "thời hạn" in f:
        return "time"
    if "nội dung" in f or "trình tự" in f:
        return "task"
    return None


def tables_of(text):
    """[(heading text, [rows of cell texts])] for the step tables of a flattened decision."""
    cells = cells_of(text)
    # header rows: a cell starting a row whose row holds a task and a time header
    starts = []
    for i, (c, _, kind) in enumerate(cells):
        if kind != "cell":
            continue
        t = cell_text(c)
        row_roles = set()
        j = i
        while j < len(cells) and j < i + 8:
            r = role(cell_text(cells[j][0]))
            if r:
                row_roles.add(r)
            if cells[j][1] >= 2:
                break
            j += 1
        prev_end_of_row = i == 0 or cells[i - 1][1] >= 2 or cells[i - 1][2] == "prose"
        first_is_label = bool(re.match(r"^(tt|stt|số tt|bước|các bước|thứ tự|tên bước|bước thực hiện)\b", t.lower())) and not re.search(r"\d", t)
        if {"task", "time"} <= row_roles and (first_is_label or role(t) == "task") and (
            prev_end_of_row or len(t) < 40
        ):
            if not starts or i > starts[-1] + 4:
                starts.append(i)
    out = []
    prev_end = 0
    for n, s in enumerate(starts):
        limit = starts[n + 1] if n + 1 < len(starts) else len(cells)
        between = cells[prev_end:s]
        paras = []
        for c, _, kind in between:
            lines = [strip_marks(l) for l in c]
            paras += heading_paras(lines)
        heading = "\n".join(paras[-200:])
        rows, used = rows_of(cells[s:limit])
        prev_end = s + used
        out.append((heading, rows))
    return out


SECTION = re.compile(r"^(\*\*)?\s*(\d{1,3}(\.\d+)*\.?|[a-zđ][.)]|[IVX]+\.|Điều \d+\.)\s")


def heading_paras(lines):
    """Wrapped lines of text between tables made paragraphs again."""
    out = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        # "Điều" wrapped before its number (Đồng Tháp 138 "**Điều\n9. Công bố …"): one title
        if out and out[-1] == "Điều":
            out[-1] += " " + line
        elif out and out[-1] and line != "Điều" and not SECTION.match(line) and not BULLET.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return [p for p in out if p]


def glued(text):
    """A cell that holds the text after the table (the next heading) rather than a cell."""
    if any(j in text for j in JUNK):
        return True
    lines = [l for l in text.split("\n") if l.strip()]
    return any(SECTION.match(l) and re.search(r"(Thủ tục|thủ tục|Mã|Thời gian giải quyết|Trách nhiệm trả|Quy trình|Lưu đồ|Phụ lục|PHỤ LỤC)", l) for l in lines) and len(text) > 30


def total_at(row):
    """Where a total row's label ("Tổng thời gian…") is: the row's first cell with text. A step's
    task may begin "Tổng hợp…" (Hà Tĩnh 2916 B5): it follows the step's label."""
    first = next((i for i, x in enumerate(row) if x.strip()), None)
    return first if first is not None and row[first].lower().startswith("tổng") else None


def total_done(row):
    """A total row that already holds its value: what follows is the text after the table."""
    i = total_at(row)
    if i is None:
        return False
    return any(y.strip() for y in row[i + 1 :]) or bool(re.search(r":.*\d", row[i]))


def note(lines):
    """A cell of italic notes after the table ("** Trường hợp hồ sơ quá hạn…*", Hà Tĩnh 2916):
    the table it stood in has ended."""
    first = next((l.strip() for l in lines if l.strip()), "")
    return first.startswith("** ")


def form_part(cells, k):
    """Row k opens the next part of a form-style procedure ("3 | BIỂU MẪU", "4 | HỒ SƠ LƯU",
    Hà Tĩnh 3005): the step table it followed has ended."""
    if k + 1 >= len(cells) or not re.fullmatch(r"\d+", cell_text(cells[k][0])):
        return False
    title = cell_text(cells[k + 1][0])
    return title.isupper() and not re.search(r"\d", title)


def section_row(cells, k, row):
    """Cell k is a row of its own that steps follow ("4. Thủ tục … (Mã TTHC: 1.014431)" then
    "Bước 1", Đồng Nai 2776): a procedure's heading inside the table, not the text after it,
    which the flattening glues onto the table's last row."""
    return (
        not any(row)
        and cells[k][1] >= 2
        and k + 1 < len(cells)
        and bool(STEP.match(cell_text(cells[k + 1][0])))
    )


def unpadded(row, width):
    """A step row with empty cells before its label (Hà Tĩnh 3005 table 2: each row after B1
    starts with one) that fits the header once they go."""
    lead = next((i for i, x in enumerate(row) if x), 0)
    return row[lead:] if lead and STEP.match(row[lead]) and len(row) - lead <= width else None


def rows_of(cells):
    """The rows of a table from its header on, and how many cells it took: it ends at a cell
    glued with the text after it, after a total row, at the next part of a form, or where a row
    grows wider than the header."""
    rows, row = [], []
    width = None
    used = 0
    for k, (c, pipes, _) in enumerate(cells):
        text = cell_text(c)
        if width and glued("\n".join(c)) and not section_row(cells, k, row):
            break
        if width and total_done(row) and not text.lower().startswith("tổng"):
            break
        if width and not any(row) and (note(c) or form_part(cells, k)):
            break
        used = k + 1
        row.append(text)
        if width and len(row) > width:
            row = unpadded(row, width) or row
        if width and len(row) > width:
            row.pop()
            used = k
            break
        if pipes == 1:
            continue
        extra = pipes - 2
        total_row = total_at(row) is not None
        # an empty cell inside a total row ("Tổng | | 10 ngày"); a total row that already holds
        # its value ends here, and the next total row (one per case) is a row of its own
        if width and total_row and pipes == 2 and len(row) < width - 1 and not total_done(row):
            row.append("")
            continue
        rows.append(row)
        if width is None:
            width = len(row)
        row = [""] * extra
    if row and any(row):
        rows.append(row)
    # empty cells before a step label are noise of the flattening
    fixed = []
    for r in rows:
        lead = next((i for i, x in enumerate(r) if x), 0)
        if lead and STEP.match(r[lead]):
            r = r[lead:]
        if any(x for x in r):
            fixed.append(r)
    return fixed, used


def grid_of(rows):
    """Places the cells: [[('own', text, colspan) | ('up', None, colspan) | None]]."""
    width = len(rows[0])
    time_col = next((i for i, t in enumerate(rows[0]) if role(t) == "time"), width - 1)
    grid = []
    for r in rows:
        n = len(r)
        line = [None] * width
        if n >= width:
            for i in range(width):
                line[i] = ("own", r[i], 1)
        elif n == 1:
            line[0] = ("own", r[0], width)
        elif r[0].lower().startswith("tổng") or (r[0] == "" and len(r) > 1 and r[1].lower().startswith("tổng")):
            # total: the label stretches to the time column, the value to the end
            lab = r[: n - 1]
            for i, t in enumerate(lab[:-1]):
                line[i] = ("own", t, 1)
            li = len(lab) - 1
            line[li] = ("own", lab[-1], max(1, time_col - li))
            line[max(time_col, li + 1)] = ("own", r[-1], width - max(time_col, li + 1))
        elif ROMAN.match(r[0]) and n == 2:
            line[0] = ("own", r[0], 1)
            line[1] = ("own", r[1], width - 1)
        elif STEP.match(r[0]) and TIME.match(r[-1]) and n - 1 <= time_col:
            # label, text… and the time: the last text stretches to the time column
            for i in range(n - 2):
                line[i] = ("own", r[i], 1)
            line[n - 2] = ("own", r[n - 2], time_col - (n - 2))
            line[time_col] = ("own", r[-1], 1)
            for i in range(time_col + 1, width):
                line[i] = ("up", None, 1)
        elif STEP.match(r[0]):
            for i in range(n):
                line[i] = ("own", r[i], 1)
            for i in range(n, width):
                line[i] = ("up", None, 1)
        else:
            # a sub-row: its cells end at the time column, the others come from above
            first = max(1, time_col - n + 1) if TIME.match(r[-1]) else 1
            for i in range(width):
                line[i] = ("up", None, 1)
            for i in range(n):
                if first + i < width:
                    line[first + i] = ("own", r[i], 1)
        grid.append(line)
    return grid


def cover(grid):
    """Rows each own cell covers downwards (its rowspan)."""
    spans = {}
    for ri, line in enumerate(grid):
        for ci, slot in enumerate(line):
            if slot and slot[0] == "own":
                k = ri + 1
                while k < len(grid) and grid[k][ci] and grid[k][ci][0] == "up":
                    k += 1
                spans[(ri, ci)] = k - ri
    return spans


def html_table(grid):
    spans = cover(grid)
    out = ["<table border=\"1\">"]
    for ri, line in enumerate(grid):
        out.append("<tr>")
        for ci, slot in enumerate(line):
            if not slot or slot[0] != "own":
                continue
            attrs = ""
            if slot[2] > 1:
                attrs += f' colspan="{slot[2]}"'
            if spans[(ri, ci)] > 1:
                attrs += f' rowspan="{spans[(ri, ci)]}"'
            body = "<br>".join(html.escape(l) for l in slot[1].split("\n"))
            tag = "th" if ri == 0 else "td"
            out.append(f"<{tag}{attrs}><p>{body}</p></{tag}>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def w_para(text):
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{html.escape(l, quote=False)}</w:t></w:r>' for l in [text]
    )
    return f"<w:p>{runs}</w:p>"


def docx_table(grid):
    spans = cover(grid)
    width = len(grid[0])
    out = ["<w:tbl><w:tblPr><w:tblBorders/></w:tblPr><w:tblGrid>"]
    out += ["<w:gridCol/>"] * width
    out.append("</w:tblGrid>")
    # the origin of each 'up' slot, to repeat its gridSpan
    origin = {}
    for ri, line in enumerate(grid):
        for ci, slot in enumerate(line):
            if slot and slot[0] == "own":
                origin[ci] = slot[2]
    for ri, line in enumerate(grid):
        out.append("<w:tr>")
        ci = 0
        while ci < width:
            slot = line[ci]
            if slot is None:
                ci += 1
                continue
            span = slot[2]
            pr = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if slot[0] == "own":
                if spans[(ri, ci)] > 1:
                    pr += '<w:vMerge w:val="restart"/>'
                paras = "".join(w_para(l) for l in slot[1].split("\n")) or "<w:p/>"
            else:
                pr += "<w:vMerge/>"
                paras = "<w:p/>"
            out.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>")
            ci += span
        out.append("</w:tr>")
    out.append("</w:tbl><w:p/>")
    return "".join(out)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{extra}</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""
NUMBERING_CT = '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"""


def write_docx(path, body, numbering=None):
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        # fixed timestamps: the same input gives the same bytes
        def put(name, data):
            info = zipfile.ZipInfo(name, date_time=(2025, 12, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

        put("[Content_Types].xml", CONTENT_TYPES.format(extra=NUMBERING_CT if numbering else ""))
        put("_rels/.rels", RELS)
        put("word/document.xml", doc)
        if numbering:
            put("word/_rels/document.xml.rels", DOC_RELS)
            put("word/numbering.xml", numbering)


def decision(slug, src, out_dir, amend=None):
    text = open(src, encoding="utf-8").read()
    tables = tables_of(text)
    if amend:
        tables = amend(tables)
    number = DECISIONS[slug]
    title = f"Số: {number}"
    html_parts = [f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(number)}</title></head><body>", f"<p>{html.escape(title)}</p>"]
    docx_parts = [w_para(title)]
    for heading, rows in tables:
        grid = grid_of(rows)
        for l in heading.split("\n"):
            if l.strip():
                html_parts.append(f"<p>{html.escape(l.strip())}</p>")
                docx_parts.append(w_para(l.strip()))
        html_parts.append(html_table(grid))
        docx_parts.append(docx_table(grid))
    html_parts.append("</body></html>")
    name = amend.__name__.replace("_", "-") if amend else slug
    with open(os.path.join(out_dir, f"{name}.html"), "w", encoding="utf-8") as f:
        f.write("\n".join(html_parts) + "\n")
    write_docx(os.path.join(out_dir, f"{name}.docx"), "".join(docx_parts))
    return len(tables)


def cao_bang_1948_amended(tables):
    """The amended copy: steps changed in tables 1, 2 and 3, table 4 removed."""
    out = []
    for i, (h, rows) in enumerate(tables):
        rows = [list(r) for r in rows]
        if i == 0:
            rows[1][1] = rows[1][1] + " Kiểm tra trên Cổng dịch vụ công."
        if i == 1:
            rows[2][2] = "Phòng Hành chính - Tổng hợp"
        if i == 2:
            rows[3][1] = "Thẩm định hồ sơ theo quy định."
        if i == 3:
            continue
        out.append((h, rows))
    return out


def hand_made(out_dir):
    """Word conventions the generated files do not use: a table inside a content control
    (w:sdt), w:gridSpan and w:vMerge written by Word, soft line breaks, list numbering."""
    def p(t):
        return w_para(t)

    def tc(body, pr=""):
        return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"

    num_p = lambda t, num, lvl=0: f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>'
    soft = '<w:p><w:r><w:t>Tiếp nhận hồ sơ;</w:t><w:br/><w:t>quét hồ sơ</w:t></w:r></w:p>'
    header = "<w:tr>" + "".join(tc(p(t)) for t in ["TT", "Nội dung công việc", "Trách nhiệm", "Thời gian"]) + "</w:tr>"
    rows = [
        "<w:tr>" + tc(p("Bước 1")) + tc(soft) + tc(p("Bộ phận Một cửa")) + tc(p("0,5 ngày")) + "</w:tr>",
        "<w:tr>" + tc(p("Bước 2")) + tc(p("Thẩm định hồ sơ:") + num_p("hồ sơ đủ: trình ký", 1) + num_p("hồ sơ thiếu: trả lại", 1) + num_p("thông báo", 2))
        + tc(p("Công chức"), '<w:vMerge w:val="restart"/>') + tc(p("01 ngày")) + "</w:tr>",
        "<w:tr>" + tc(p("Bước 3")) + tc(p("Ký duyệt")) + tc("<w:p/>", "<w:vMerge/>") + tc(p("0,5 ngày")) + "</w:tr>",
        "<w:tr>" + tc(p("Tổng thời gian giải quyết"), '<w:gridSpan w:val="3"/>') + tc(p("02 ngày làm việc")) + "</w:tr>",
    ]
    table = "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>" + header + "".join(rows) + "</w:tbl>"
    body = (
        p("Số: 99/QĐ-UBND")
        + '<w:p><w:r><w:t>1. Thủ tục cấp thử &amp; nghiệm - Mã TTHC: 1.009999</w:t></w:r></w:p>'
        + f"<w:sdt><w:sdtPr/><w:sdtContent>{table}</w:sdtContent></w:sdt>"
    )
    numbering = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W_NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""
    write_docx(os.path.join(out_dir, "word-conventions.docx"), body, numbering)

    # bad inputs
    open(os.path.join(out_dir, "not-a-zip.docx"), "wb").write(b"This is not a zip file.\n")
    with zipfile.ZipFile(os.path.join(out_dir, "zip-bomb.docx"), "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("word/document.xml", date_time=(2025, 12, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w") as f:
            chunk = b" " * (1 << 20)
            for _ in range(80):
                f.write(chunk)
    huge = ["<w:tr>" + "".join(tc(p(t)) for t in ["TT", "Nội dung công việc", "Trách nhiệm", "Thời gian"]) + "</w:tr>"]
    huge += ["<w:tr>" + tc(p(f"Bước {i}")) + tc(p("Việc")) + tc(p("A")) + tc(p("1 giờ")) + "</w:tr>" for i in range(1, 10001)]
    write_docx(os.path.join(out_dir, "huge-table.docx"), p("Mã TTHC: 1.000001") + "<w:tbl>" + "".join(huge) + "</w:tbl>")
    with open(os.path.join(out_dir, "broken.html"), "w", encoding="utf-8") as f:
        f.write(
            "<html><body><p>Số: 7/QĐ-UBND</p>\n"
            "<p>1. Thủ tục A (Mã TTHC: 1.000002)</p>\n"
            "<table><tr><td>TT<td>Nội dung công việc<td>Trách nhiệm<td>Thời gian\n"
            "<tr><td>Bước 1<td>Tiếp nhận<table><tr><td>lồng</td></tr></table><td>Một cửa<td>1 ngày</table>\n"
            "<p>2. Thủ tục B (Mã TTHC: 1.000003)</p>\n"
            "<table><tr><td>Cột một<td>Cột hai<td>Cột ba</tr><tr><td>Bước 1<td>x<td>y</tr></table>\n"
            "<p>3. Thủ tục C (Mã TTHC: 1.000004)</p>\n"
            "<table><tr><th>TT<th>Nội dung công việc<th>Trách nhiệm<th>Thời gian</tr>\n"
            "<tr><td>Bước 1<td>Tiếp nhận &amp; kiểm tra<td>Một cửa<td>vài hôm</tr>\n"
            "<tr><td>Bước 2<td>Ký<td>Lãnh đạo<td>1 ngày\n"
            "</body>\n"
        )
    with open(os.path.join(out_dir, "no-code.html"), "w", encoding="utf-8") as f:
        f.write(
            "<p>Số: 8/QĐ-UBND</p><p>1. Thủ tục không có mã</p>"
            "<table><tr><td>TT</td><td>Nội dung công việc</td><td>Trách nhiệm</td><td>Thời gian</td></tr>"
            "<tr><td>Bước 1</td><td>Tiếp nhận</td><td>Một cửa</td><td>1 ngày</td></tr></table>"
        )


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "real-sources")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "tests", "fixtures", "import")
    os.makedirs(out, exist_ok=True)
    for slug in DECISIONS:
        n = decision(slug, os.path.join(src, slug + ".md"), out)
        print(f"{slug}: {n} tables")
    decision("cao-bang-1948-qd-ubnd", os.path.join(src, "cao-bang-1948-qd-ubnd.md"), out, cao_bang_1948_amended)
    hand_made(out)


if __name__ == "__main__":
    main()
