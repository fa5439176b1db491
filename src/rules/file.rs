//! Rules about reading files: the front matter, YAML, encoding and size.
//! They are emitted while a file is read (`workspace`, `frontmatter`, `model::reader`).

use super::rule;

rule!(
    NO_FRONT_MATTER,
    "F001",
    "no-front-matter",
    Error,
    "Tệp Markdown không có phần đầu YAML (front matter)",
    "Markdown file has no YAML front matter"
);
rule!(
    UNTERMINATED_FRONT_MATTER,
    "F002",
    "unterminated-front-matter",
    Error,
    "Phần đầu YAML không có dòng `---` đóng",
    "Front matter has no closing `---` line"
);
rule!(
    YAML_SYNTAX,
    "F003",
    "yaml-syntax",
    Error,
    "Lỗi cú pháp YAML",
    "YAML syntax error"
);
rule!(
    DUPLICATE_KEY,
    "F004",
    "duplicate-key",
    Error,
    "Khóa bị khai báo hai lần",
    "Key given twice"
);
rule!(
    UNKNOWN_KEY,
    "F005",
    "unknown-key",
    Error,
    "Khóa không có trong định dạng tài liệu",
    "Key not part of the document format"
);
rule!(
    WRONG_TYPE,
    "F006",
    "wrong-type",
    Error,
    "Giá trị sai kiểu (ví dụ danh sách thay vì văn bản)",
    "Value of the wrong type (e.g. a list where text is expected)"
);
rule!(
    NOT_UTF8,
    "F007",
    "not-utf8",
    Error,
    "Tệp không được mã hóa UTF-8",
    "File is not UTF-8"
);
rule!(
    EMPTY_FILE,
    "F008",
    "empty-file",
    Error,
    "Tệp rỗng",
    "File is empty"
);
rule!(
    INPUT_TOO_LARGE,
    "F009",
    "input-too-large",
    Error,
    "Tệp hoặc YAML vượt giới hạn an toàn (kích thước, lồng nhau, bí danh)",
    "File or YAML over the safety limits (size, nesting, aliases)"
);
rule!(
    INVALID_VALUE,
    "F010",
    "invalid-value",
    Error,
    "Giá trị không hợp lệ (loại, trạng thái, ngày…)",
    "Value not allowed (kind, status, date…)"
);
rule!(
    UNREADABLE,
    "F011",
    "unreadable",
    Error,
    "Không đọc được tệp hoặc thư mục",
    "File or folder cannot be read"
);
rule!(
    MISSING_CONFIG,
    "F012",
    "missing-config",
    Warning,
    "Không tìm thấy qms.yaml ở thư mục gốc của HTQLCL",
    "No qms.yaml at the root of the QMS"
);
rule!(
    OUTSIDE_ROOT,
    "F013",
    "outside-root",
    Error,
    "Đường dẫn ra ngoài thư mục gốc của HTQLCL (liên kết tượng trưng, ảnh trong qms.yaml)",
    "A path that leaves the QMS root (a symbolic link, an image in qms.yaml)"
);
