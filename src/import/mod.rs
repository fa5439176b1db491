//! `qmsdoc import`: the province's decision (.docx or HTML) → one procedure per TTHC table and
//! the TTHC catalog, and on re-import the steps of the procedures it covers updated, the rest
//! of each document left as the agency wrote it.
//!
//! Stages, one module each: read the file (`docx`, `html`) into tables of cells (`table`);
//! recognise the step tables (`heading`, `recognise`); plan the writes against the QMS
//! (`plan`, `write`); the command line applies the plan and prints it.

mod cases;
mod docx;
mod heading;
mod html;
mod numbering;
mod plan;
mod recognise;
mod table;
mod write;

pub(crate) use plan::{Item, Options, Plan, plan};

use std::fmt;

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    NotZip,
    BadZip(String),
    NoDocumentXml,
    TooBig(String),
    BadXml(String),
    /// A Word 97–2003 (.doc) or PDF file: converted first.
    Convert(&'static str),
    Unknown,
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ReadError::NotZip => tr!(
                "không phải tệp .docx (không phải tệp zip)",
                "not a .docx file (not a zip archive)"
            ),
            ReadError::BadZip(p) => tr!(
                "tệp .docx hỏng: không giải nén được {p}",
                "damaged .docx file: cannot inflate {p}"
            ),
            ReadError::NoDocumentXml => tr!(
                "tệp zip không có word/document.xml: không phải tài liệu Word",
                "the zip holds no word/document.xml: not a Word document"
            ),
            ReadError::TooBig(p) => tr!(
                "{p} giải nén ra quá {} MB: từ chối (có thể là zip bomb)",
                "{p} inflates beyond {} MB: refused (possibly a zip bomb)",
                docx::MAX_PART_BYTES / (1024 * 1024)
            ),
            ReadError::BadXml(p) => tr!("{p} không phải XML hợp lệ", "{p} is not well-formed XML"),
            ReadError::Convert(kind) => tr!(
                "tệp {kind} không đọc trực tiếp được; hãy chuyển sang .docx trước:\n  soffice --headless --convert-to docx TỆP\n(hoặc mở bằng Word và Lưu thành .docx; với PDF, lấy bản Word hoặc trang HTML của văn bản)",
                "a {kind} file cannot be read directly; convert it to .docx first:\n  soffice --headless --convert-to docx FILE\n(or open it in Word and Save As .docx; for a PDF, get the Word copy or the decision's HTML page)"
            ),
            ReadError::Unknown => tr!(
                "không nhận ra định dạng: chỉ đọc .docx và .html",
                "unknown format: only .docx and .html are read"
            ),
            ReadError::Io(e) => e.clone(),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for ReadError {}

/// A table, or a row of it, that cannot be turned into a procedure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// 1-based number of the table in the file.
    pub table: usize,
    /// 1-based row of the table.
    pub row: Option<usize>,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    Nested,
    TooManyRows(usize),
    /// The header row's texts, when the columns cannot be told apart.
    Columns(Vec<String>),
    /// The cell's text, and why it cannot be read (`None`: a number without a unit).
    Time(String, Option<String>),
    /// The steps (of one case) add up to other than the table's (or the case's) total.
    Sum {
        case: Option<String>,
        steps: String,
        total: String,
    },
    /// No code; a TTHC of the list whose name is close to the table's, if one is.
    NoCode {
        near: Option<(String, String)>,
    },
    Twice(String),
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ProblemKind::Nested => tr!(
                "bảng có bảng khác lồng bên trong: không xác định được các ô",
                "the table holds another table inside it: its cells cannot be placed"
            ),
            ProblemKind::TooManyRows(n) => tr!(
                "bảng có {n} dòng, quá {} dòng của một bảng trình tự",
                "the table has {n} rows, beyond the {} of a step table",
                recognise::MAX_ROWS
            ),
            ProblemKind::Columns(h) => {
                let h = h.join(" | ");
                tr!(
                    "không nhận ra các cột (cần cột \"Nội dung công việc\"/\"Trình tự thực hiện\" và cột \"Thời gian\"); dòng đầu: {h}",
                    "the columns cannot be identified (a \"Nội dung công việc\"/\"Trình tự thực hiện\" column and a \"Thời gian\" column are needed); first row: {h}"
                )
            }
            ProblemKind::Time(t, Some(why)) => tr!(
                "không đọc được thời gian \"{t}\": {why}",
                "cannot read the time \"{t}\": {why}"
            ),
            ProblemKind::Time(t, None) => tr!(
                "thời gian \"{t}\" chỉ có số, không có đơn vị (tiêu đề cột cũng không nêu)",
                "the time \"{t}\" is a number without a unit (the column header names none either)"
            ),
            ProblemKind::Sum {
                case: None,
                steps,
                total,
            } => tr!(
                "các bước cộng lại {steps}, khác tổng \"{total}\" của bảng",
                "the steps add up to {steps}, not the table's total \"{total}\""
            ),
            ProblemKind::Sum {
                case: Some(id),
                steps,
                total,
            } => tr!(
                "các bước của trường hợp {id} cộng lại {steps}, khác thời hạn \"{total}\" của trường hợp này",
                "the steps of case {id} add up to {steps}, not its time limit \"{total}\""
            ),
            ProblemKind::NoCode { near: None } => tr!(
                "không tìm thấy mã TTHC trong tiêu đề trước bảng (\"Mã TTHC: 1.001806\") hay trong tthc/catalog.yaml theo tên; ghi mã của TTHC (Cổng Dịch vụ công quốc gia) vào tthc/catalog.yaml, dưới đúng tên như tiêu đề bảng, rồi nhập lại",
                "no TTHC code in the heading before the table (\"Mã TTHC: 1.001806\") or by name in tthc/catalog.yaml; write the TTHC's code (National Public Service Portal) into tthc/catalog.yaml under the table's exact title, then import again"
            ),
            ProblemKind::NoCode {
                near: Some((code, name)),
            } => tr!(
                "không tìm thấy mã TTHC trong tiêu đề trước bảng hay theo đúng tên; danh mục có tên gần giống: {code} “{name}”. Nếu là TTHC này, ghi \"Mã TTHC: {code}\" vào tiêu đề bảng hoặc thêm vào tthc/catalog.yaml với đúng tên như tiêu đề bảng, rồi nhập lại",
                "no TTHC code in the heading before the table or by the same name; the list has a close name: {code} “{name}”. If it is this TTHC, write \"Mã TTHC: {code}\" in the table's heading or add it to tthc/catalog.yaml under the table's title, then import again"
            ),
            ProblemKind::Twice(code) => tr!(
                "TTHC {code} đã có ở một bảng trước",
                "TTHC {code} is already in an earlier table"
            ),
        };
        f.write_str(&s)
    }
}

/// The tables of a file and its whole text, by its content (the extension only breaks ties).
pub(crate) fn read_file(
    path: &std::path::Path,
) -> Result<(Vec<table::RawTable>, String), ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF") || ext == "pdf" {
        return Err(ReadError::Convert("PDF"));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || ext == "doc" {
        return Err(ReadError::Convert(".doc (Word 97–2003)"));
    }
    if bytes.starts_with(b"PK") || matches!(ext.as_str(), "docx" | "docm") {
        return docx::read(&bytes);
    }
    let text = String::from_utf8_lossy(&bytes);
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if matches!(ext.as_str(), "html" | "htm" | "xhtml") || head.starts_with('<') {
        return Ok(html::read(&text));
    }
    Err(ReadError::Unknown)
}
