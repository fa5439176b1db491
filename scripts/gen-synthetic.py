#!/usr/bin/env python3
"""Generates a synthetic QMS with N TTHC procedures (valid: `qmsdoc check` finds nothing).

usage: scripts/gen-synthetic.py N DIR
"""
import os
import sys

STEP = """  - what: Bước {j} - xử lý hồ sơ số {i}, kiểm tra thành phần, đối chiếu dữ liệu
    who: Công chức Bộ phận Một cửa
    how: Phần mềm một cửa điện tử; kiểm tra theo mục 5.2; in Giấy tiếp nhận (BM-01)
    responsible: Công chức Tư pháp - Hộ tịch
    time: 2 giờ làm việc
    output: Hồ sơ đã kiểm tra
    forms: [BM-01]
"""

BODY = """
## 1. Mục đích

Quy định trình tự, cách thức giải quyết thủ tục số {i}.

## 2. Phạm vi

Áp dụng tại Ủy ban nhân dân xã đối với cá nhân, tổ chức có yêu cầu.

## 3. Tài liệu viện dẫn

- Luật Hộ tịch số 60/2014/QH13.

## 4. Định nghĩa và từ viết tắt

- TTHC: Thủ tục hành chính; UBND: Ủy ban nhân dân.

## 5. Nội dung quy trình

### 5.1 Điều kiện thực hiện

Không có.

### 5.2 Thành phần hồ sơ

| TT | Thành phần | Bản chính | Bản sao |
|---|---|---|---|
| 1 | Tờ khai theo mẫu | x | |
| 2 | Giấy tờ tùy thân | | x |

### 5.4 Thời gian xử lý

02 ngày làm việc.

## 6. Biểu mẫu

- BM-01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.

## 7. Hồ sơ cần lưu

| Hồ sơ | Nơi lưu | Thời gian lưu |
|---|---|---|
| Sổ theo dõi | Công chức Tư pháp - Hộ tịch | Vĩnh viễn |
"""


def main():
    n, root = int(sys.argv[1]), sys.argv[2]
    os.makedirs(os.path.join(root, "tthc"), exist_ok=True)
    os.makedirs(os.path.join(root, "legal"), exist_ok=True)
    os.makedirs(os.path.join(root, "forms"), exist_ok=True)
    with open(os.path.join(root, "qms.yaml"), "w") as f:
        f.write("agency:\n  name: Ủy ban nhân dân xã Tổng Hợp\n  parent: Ủy ban nhân dân tỉnh Mẫu\n"
                "  place: Tổng Hợp\n  head: Nguyễn Văn An\n  head_title: Chủ tịch\n"
                "  decision_symbol: QĐ-UBND\nlanguage: vi\n")
    with open(os.path.join(root, "legal", "register.yaml"), "w") as f:
        f.write("documents:\n  - id: luat-ho-tich-2014\n    number: 60/2014/QH13\n"
                "    title: Luật Hộ tịch\n    status: in-force\n")
    with open(os.path.join(root, "forms", "BM-01.md"), "w") as f:
        f.write("---\nkind: form\ncode: BM-01\ntitle: Giấy tiếp nhận hồ sơ\nrevision: 1\n"
                "effective: 2026-01-05\nstatus: in-force\n---\n\n# Giấy tiếp nhận hồ sơ\n")
    with open(os.path.join(root, "tthc", "catalog.yaml"), "w") as cat:
        cat.write("procedures:\n")
        for i in range(n):
            cat.write(f'  - code: "9.{i:06d}"\n    name: Thủ tục số {i}\n    field: Hộ tịch\n'
                      "    time_limit: 2 ngày làm việc\n    fee: Miễn lệ phí\n"
                      "    legal_basis: [luat-ho-tich-2014]\n")
    for i in range(n):
        d = os.path.join(root, "procedures", f"{i // 1000:02d}")
        os.makedirs(d, exist_ok=True)
        steps = "".join(STEP.format(i=i, j=j + 1) for j in range(6))
        front = (f"---\nkind: procedure\ncode: QT-{i:05d}\ntitle: Quy trình giải quyết thủ tục số {i}\n"
                 "revision: 1\neffective: 2026-01-05\nstatus: in-force\n"
                 "owner: Công chức Tư pháp - Hộ tịch\nprepared_by: Công chức Tư pháp - Hộ tịch\n"
                 "reviewed_by: Phó Chủ tịch UBND xã\napproved_by: Chủ tịch UBND xã\n"
                 f'tthc: "9.{i:06d}"\nlegal_basis: [luat-ho-tich-2014]\n'
                 "time_limit: 2 ngày làm việc\nfee: Miễn lệ phí\niso_clauses: [\"8.1\", \"8.5.1\"]\n"
                 f"steps:\n{steps}"
                 "records:\n  - { name: Sổ theo dõi, keeper: Công chức Tư pháp - Hộ tịch, retention: Vĩnh viễn }\n"
                 "---\n")
        with open(os.path.join(d, f"QT-{i:05d}.md"), "w") as f:
            f.write(front + BODY.format(i=i))


if __name__ == "__main__":
    main()
