//! The rules' identities: code, name, default severity, summary and long explanation, and
//! the registry of all of them. A leaf module: the reader, the workspace and the reports name
//! rules from here without depending on the checks, which live in `rules/`, one file per
//! family. The explanations are `src/rule/docs/<CODE>.{vi,en}.md` (`qmsdoc rules CODE`,
//! docs/rules.md).

use crate::i18n::tr;

/// How serious a finding is; `Off` turns a rule off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match crate::text::fold_key(s).as_str() {
            "off" | "tat" | "bo_qua" | "none" | "ignore" => Some(Severity::Off),
            "info" | "note" | "thong_tin" | "ghi_chu" => Some(Severity::Info),
            "warning" | "warn" | "canh_bao" => Some(Severity::Warning),
            "error" | "loi" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Off => tr("tắt", "off"),
            Severity::Info => tr("thông tin", "info"),
            Severity::Warning => tr("cảnh báo", "warning"),
            Severity::Error => tr("lỗi", "error"),
        }
    }
}

pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub default: Severity,
    pub summary_vi: &'static str,
    pub summary_en: &'static str,
    pub doc_vi: &'static str,
    pub doc_en: &'static str,
}

impl Rule {
    pub fn summary(&self) -> &'static str {
        tr(self.summary_vi, self.summary_en)
    }
    pub fn doc(&self) -> &'static str {
        tr(self.doc_vi, self.doc_en)
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

/// Declares a rule; its long explanation is read from `src/rules/docs/<CODE>.{vi,en}.md`.
macro_rules! rule {
    ($ident:ident, $code:literal, $name:literal, $sev:ident, $vi:literal, $en:literal) => {
        pub static $ident: $crate::rule::Rule = $crate::rule::Rule {
            code: $code,
            name: $name,
            default: $crate::rule::Severity::$sev,
            summary_vi: $vi,
            summary_en: $en,
            doc_vi: include_str!(concat!("docs/", $code, ".vi.md")),
            doc_en: include_str!(concat!("docs/", $code, ".en.md")),
        };
    };
}

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &NO_FRONT_MATTER,
    &UNTERMINATED_FRONT_MATTER,
    &YAML_SYNTAX,
    &DUPLICATE_KEY,
    &UNKNOWN_KEY,
    &WRONG_TYPE,
    &NOT_UTF8,
    &EMPTY_FILE,
    &INPUT_TOO_LARGE,
    &INVALID_VALUE,
    &UNREADABLE,
    &MISSING_CONFIG,
    &OUTSIDE_ROOT,
    &MISSING_FIELD,
    &STEP_MISSING_FIELD,
    &RECORD_MISSING_FIELD,
    &PHASE_WITHOUT_STEPS,
    &INVALID_CALENDAR,
    &UNFILLED_AGENCY,
    &INVALID_CASE,
    &CASE_WITHOUT_STEPS,
    &INVALID_DURATION,
    &STEPS_EXCEED_TIME_LIMIT,
    &EXCEEDS_STATUTORY_LIMIT,
    &MIXED_TIME_BASES,
    &PHASES_EXCEED_TIME_LIMIT,
    &WORKFLOW_LIMIT_DIFFERS,
    &WORKFLOW_STEP_MISSING,
    &WORKFLOW_STEP_EXTRA,
    &WORKFLOW_STEP_ORDER,
    &WORKFLOW_STEP_TIME,
    &WORKFLOW_STEP_ROLE,
    &WORKFLOW_STEPS_EXCEED_LIMIT,
    &WORKFLOW_NOT_CONFIGURED,
    &WORKFLOW_UNKNOWN,
    &DUPLICATE_CODE,
    &UNKNOWN_FORM,
    &UNKNOWN_LEGAL_BASIS,
    &LEGAL_BASIS_NOT_IN_FORCE,
    &UNKNOWN_TTHC,
    &TTHC_NOT_COVERED,
    &FEE_MISMATCH,
    &MISSING_SECTION,
    &SECTION_ORDER,
    &NO_RECORDS,
    &OBJECTIVE_NOT_MEASURABLE,
    &DUPLICATE_STEP_LABEL,
    &PENDING_PUBLICATION,
    &LEGAL_UPDATE_OVERDUE,
    &LEGAL_UPDATE_DUE_SOON,
    &INTERNAL_AUDIT_MISSED,
    &INTERNAL_AUDIT_DUE,
    &MANAGEMENT_REVIEW_MISSED,
    &MANAGEMENT_REVIEW_DUE,
    &OBJECTIVES_MISSING,
    &REVIEW_OVERDUE,
    &REVIEW_DUE_SOON,
    &RECORD_IN_FUTURE,
    &CORRECTIVE_ACTION_OVERDUE,
    &AUDIT_WITHOUT_FINDINGS,
    &CORRECTIVE_ACTION_AFTER_INSPECTION,
];

/// Finds a rule by code (`T002`) or name (`steps-exceed-time-limit`), any case.
pub fn find(key: &str) -> Option<&'static Rule> {
    let key = key.trim();
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

// F: reading files (front matter, YAML, encoding, size): emitted while a file is read
// (`workspace`, `frontmatter`, `model::reader`).
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

// M: required fields: checks in rules/required.rs.
rule!(
    MISSING_FIELD,
    "M001",
    "missing-field",
    Error,
    "Thiếu trường bắt buộc của tài liệu",
    "A required document field is missing or empty"
);
rule!(
    STEP_MISSING_FIELD,
    "M002",
    "step-missing-field",
    Error,
    "Bước của quy trình thiếu làm gì / ai làm / làm thế nào / trách nhiệm / thời gian",
    "A procedure step lacks what / who / how / responsible / time"
);
rule!(
    PHASE_WITHOUT_STEPS,
    "M004",
    "phase-without-steps",
    Error,
    "Giai đoạn của quy trình liên thông không có bước nào",
    "A phase of an inter-agency procedure has no steps"
);
rule!(
    RECORD_MISSING_FIELD,
    "M003",
    "record-missing-field",
    Error,
    "Hồ sơ cần lưu thiếu tên, nơi lưu hoặc thời gian lưu",
    "A record lacks its name, keeper or retention"
);

// M005: the agency profile in qms.yaml: checks in rules/agency.rs.
rule!(
    UNFILLED_AGENCY,
    "M005",
    "unfilled-agency-profile",
    Error,
    "Hồ sơ cơ quan trong qms.yaml còn trống hoặc còn chỗ chờ điền (…)",
    "The agency profile in qms.yaml has an empty value or a placeholder (…)"
);

// M006, M007: a procedure's cases: checks in rules/cases.rs.
rule!(
    INVALID_CASE,
    "M006",
    "invalid-case",
    Error,
    "Bước ghi một trường hợp không có trong `cases`, hoặc hai trường hợp trùng mã",
    "A step names a case that `cases` does not declare, or two cases share an id"
);
rule!(
    CASE_WITHOUT_STEPS,
    "M007",
    "case-without-steps",
    Error,
    "Trường hợp của quy trình không có bước nào",
    "A case of the procedure has no steps"
);

// C: the working calendar's data: checked while it is read (`crate::calendar`).
rule!(
    INVALID_CALENDAR,
    "C001",
    "invalid-calendar",
    Error,
    "Lịch làm việc sai: ngày nghỉ hằng tuần, giờ làm việc, ngày hoán đổi hoặc năm không có dữ liệu",
    "The working calendar is wrong: weekly rest days, working hours, swapped days, or a year without data"
);

// T: time limits: checks in rules/time.rs.
rule!(
    INVALID_DURATION,
    "T001",
    "invalid-duration",
    Error,
    "Không đọc được thời gian (số và đơn vị)",
    "A duration cannot be read (number and unit)"
);
rule!(
    STEPS_EXCEED_TIME_LIMIT,
    "T002",
    "steps-exceed-time-limit",
    Error,
    "Tổng thời gian các bước vượt thời hạn giải quyết của quy trình (hoặc của giai đoạn)",
    "The steps add up to more than the procedure's (or the phase's) time limit"
);
rule!(
    EXCEEDS_STATUTORY_LIMIT,
    "T003",
    "exceeds-statutory-limit",
    Error,
    "Thời hạn của quy trình dài hơn thời hạn TTHC theo quy định",
    "The procedure's time limit is longer than the statutory limit of its TTHC"
);
rule!(
    MIXED_TIME_BASES,
    "T004",
    "mixed-time-bases",
    Error,
    "Trộn ngày làm việc với ngày lịch mà không có quy tắc quy đổi",
    "Working and calendar days mixed with no rule to convert them"
);
rule!(
    PHASES_EXCEED_TIME_LIMIT,
    "T005",
    "phases-exceed-time-limit",
    Error,
    "Tổng thời hạn các giai đoạn (liên thông) vượt thời hạn giải quyết của quy trình",
    "The phases' time limits add up to more than the procedure's time limit"
);

// E: the electronic workflow ("ISO điện tử"): `qmsdoc compare` checks the one-stop
// software's workflows against the procedures (src/workflow/findings.rs).
rule!(
    WORKFLOW_LIMIT_DIFFERS,
    "E001",
    "workflow-limit-differs",
    Error,
    "Thời hạn giải quyết cấu hình trên phần mềm một cửa khác thời hạn của quy trình",
    "The time limit configured in the one-stop software differs from the procedure's"
);
rule!(
    WORKFLOW_STEP_MISSING,
    "E002",
    "workflow-step-missing",
    Error,
    "Bước của quy trình không có trong quy trình điện tử trên phần mềm một cửa",
    "A step of the procedure is not in the one-stop software's workflow"
);
rule!(
    WORKFLOW_STEP_EXTRA,
    "E003",
    "workflow-step-extra",
    Error,
    "Quy trình điện tử trên phần mềm một cửa có bước không có trong quy trình",
    "The one-stop software's workflow has a step the procedure does not"
);
rule!(
    WORKFLOW_STEP_ORDER,
    "E004",
    "workflow-step-order",
    Error,
    "Thứ tự các bước trên phần mềm một cửa khác thứ tự trong quy trình",
    "The steps are in another order in the one-stop software"
);
rule!(
    WORKFLOW_STEP_TIME,
    "E005",
    "workflow-step-time",
    Error,
    "Thời gian của một bước trên phần mềm một cửa khác thời gian trong quy trình",
    "A step's time in the one-stop software differs from the procedure's"
);
rule!(
    WORKFLOW_STEP_ROLE,
    "E006",
    "workflow-step-role",
    Error,
    "Vai trò thực hiện một bước trên phần mềm một cửa khác người thực hiện trong quy trình",
    "The role doing a step in the one-stop software differs from the procedure's who"
);
rule!(
    WORKFLOW_STEPS_EXCEED_LIMIT,
    "E007",
    "workflow-steps-exceed-limit",
    Error,
    "Tổng thời gian các bước cấu hình trên phần mềm một cửa vượt thời hạn giải quyết",
    "The steps configured in the one-stop software add up to more than the time limit"
);
rule!(
    WORKFLOW_NOT_CONFIGURED,
    "E008",
    "workflow-not-configured",
    Warning,
    "Quy trình có TTHC nhưng không có quy trình điện tử trong bản sao lưu của phần mềm một cửa",
    "A procedure with a TTHC has no workflow in the one-stop software's backup"
);
rule!(
    WORKFLOW_UNKNOWN,
    "E009",
    "workflow-unknown",
    Warning,
    "Quy trình điện tử trên phần mềm một cửa không ứng với quy trình nào của HTQLCL",
    "A workflow of the one-stop software matches no procedure of the QMS"
);

// X: references between files: checks in rules/references.rs.
rule!(
    DUPLICATE_CODE,
    "X001",
    "duplicate-code",
    Error,
    "Hai tài liệu có cùng mã",
    "Two documents have the same code"
);
rule!(
    UNKNOWN_FORM,
    "X002",
    "unknown-form",
    Error,
    "Bước dẫn chiếu biểu mẫu không có trong hệ thống",
    "A step refers to a form that does not exist"
);
rule!(
    UNKNOWN_LEGAL_BASIS,
    "X003",
    "unknown-legal-basis",
    Error,
    "Căn cứ pháp lý không có trong danh mục văn bản (legal/register.yaml)",
    "A legal basis is not in the legal register"
);
rule!(
    LEGAL_BASIS_NOT_IN_FORCE,
    "X004",
    "legal-basis-not-in-force",
    Warning,
    "Căn cứ pháp lý đã bị thay thế hoặc hết hiệu lực",
    "A legal basis was replaced or has expired"
);
rule!(
    UNKNOWN_TTHC,
    "X005",
    "unknown-tthc",
    Error,
    "Mã TTHC không có trong danh mục TTHC (tthc/catalog.yaml)",
    "A TTHC code is not in the catalog"
);
rule!(
    TTHC_NOT_COVERED,
    "X006",
    "tthc-not-covered",
    Error,
    "TTHC trong danh mục chưa có quy trình",
    "A TTHC of the catalog has no procedure"
);
rule!(
    FEE_MISMATCH,
    "X007",
    "fee-mismatch",
    Warning,
    "Phí, lệ phí của quy trình khác với danh mục TTHC",
    "The procedure's fee differs from the catalog"
);

// S: the structure of documents: checks in rules/structure.rs.
rule!(
    MISSING_SECTION,
    "S001",
    "missing-section",
    Error,
    "Quy trình thiếu mục của mô hình khung (Mục đích … Hồ sơ cần lưu)",
    "A procedure lacks a section of the framework model"
);
rule!(
    SECTION_ORDER,
    "S002",
    "section-order",
    Warning,
    "Các mục của quy trình không theo thứ tự của mô hình khung",
    "The procedure's sections are not in the framework order"
);
rule!(
    NO_RECORDS,
    "S003",
    "no-records",
    Error,
    "Quy trình không khai báo hồ sơ cần lưu",
    "A procedure declares no records"
);
rule!(
    OBJECTIVE_NOT_MEASURABLE,
    "S004",
    "objective-not-measurable",
    Error,
    "Mục tiêu chất lượng không đo được (thiếu chỉ tiêu có số, người phụ trách hoặc thời hạn)",
    "A quality objective is not measurable (no numeric target, owner or deadline)"
);
rule!(
    DUPLICATE_STEP_LABEL,
    "S005",
    "duplicate-step-label",
    Warning,
    "Hai bước cùng một nhãn trong một bảng (hoặc một giai đoạn)",
    "Two steps have one label in one table (or phase)"
);

// P: publication: checks in rules/publication.rs.
rule!(
    PENDING_PUBLICATION,
    "P001",
    "pending-publication",
    Warning,
    "Tài liệu thay đổi từ lần công bố trước: cần công bố lại (check --pending)",
    "A document changed since the last publication: a re-publication is due (check --pending)"
);

// Q: keeping the QMS over time (legal updates, yearly audit, review and objectives), against
// the clock of `check --as-of`: checks in rules/compliance.rs.
rule!(
    LEGAL_UPDATE_OVERDUE,
    "Q001",
    "legal-update-overdue",
    Error,
    "Văn bản pháp luật đã thay đổi quá 3 tháng mà tài liệu dẫn chiếu chưa được công bố lại",
    "A legal change took effect more than 3 months ago and the document citing it is not re-published"
);
rule!(
    LEGAL_UPDATE_DUE_SOON,
    "Q002",
    "legal-update-due-soon",
    Warning,
    "Còn dưới một tháng để cập nhật HTQLCL theo văn bản pháp luật đã thay đổi",
    "Less than a month left to take a legal change into the QMS"
);
rule!(
    INTERNAL_AUDIT_MISSED,
    "Q003",
    "internal-audit-missed",
    Error,
    "Năm trước không có báo cáo đánh giá nội bộ",
    "No internal audit report for the previous year"
);
rule!(
    INTERNAL_AUDIT_DUE,
    "Q004",
    "internal-audit-due",
    Warning,
    "Đã đến hạn (mặc định 01/10) mà năm nay chưa có báo cáo đánh giá nội bộ",
    "Past the day set (1 October by default) and no internal audit report this year"
);
rule!(
    MANAGEMENT_REVIEW_MISSED,
    "Q005",
    "management-review-missed",
    Error,
    "Năm trước không có biên bản họp xem xét của lãnh đạo",
    "No management review record for the previous year"
);
rule!(
    MANAGEMENT_REVIEW_DUE,
    "Q006",
    "management-review-due",
    Warning,
    "Đã đến hạn (mặc định 01/10) mà năm nay chưa có biên bản họp xem xét của lãnh đạo",
    "Past the day set (1 October by default) and no management review record this year"
);
rule!(
    OBJECTIVES_MISSING,
    "Q007",
    "objectives-missing",
    Warning,
    "Đã qua 31/01 mà chưa có mục tiêu chất lượng của năm",
    "Past 31 January and no quality objectives for the year"
);
rule!(
    REVIEW_OVERDUE,
    "Q008",
    "review-overdue",
    Warning,
    "Tài liệu quá hạn soát xét định kỳ (review_every)",
    "A document is past its periodic review (review_every)"
);
rule!(
    REVIEW_DUE_SOON,
    "Q009",
    "review-due-soon",
    Info,
    "Tài liệu sắp đến hạn soát xét định kỳ",
    "A document's periodic review is coming up"
);

// R: records (audit, review, corrective action, inspection, report): checks in
// rules/records.rs.
rule!(
    RECORD_IN_FUTURE,
    "R001",
    "record-in-future",
    Error,
    "Hồ sơ ghi ngày sau ngày kiểm tra (--as-of)",
    "A record is dated after the day of the check (--as-of)"
);
rule!(
    CORRECTIVE_ACTION_OVERDUE,
    "R002",
    "corrective-action-overdue",
    Error,
    "Hành động khắc phục chưa hoàn thành đã quá hạn",
    "An open corrective action is past its due date"
);
rule!(
    AUDIT_WITHOUT_FINDINGS,
    "R003",
    "audit-without-findings",
    Error,
    "Báo cáo đánh giá nội bộ không có mục kết quả đánh giá (các phát hiện)",
    "An internal audit report has no findings section"
);
rule!(
    CORRECTIVE_ACTION_AFTER_INSPECTION,
    "R004",
    "corrective-action-after-inspection",
    Warning,
    "Hành động khắc phục theo biên bản kiểm tra có hạn quá 2 tháng, hoặc biên bản không có",
    "A corrective action after an inspection is due more than 2 months after it, or names no known inspection"
);

#[cfg(test)]
mod tests {
    /// Every rule declared here is in [`super::ALL`], the list `qmsdoc rules`, the SARIF
    /// report and the docs use, once; and every code and name is unique.
    #[test]
    fn every_declared_rule_is_in_the_registry_once() {
        let source = include_str!("mod.rs");
        let declared: Vec<&str> = source
            .split("\nrule!(\n")
            .skip(1)
            .filter_map(|decl| decl.lines().nth(1))
            .map(|line| line.trim().trim_end_matches(',').trim_matches('"'))
            .collect();
        assert!(declared.len() >= 30, "{declared:?}");
        let mut listed: Vec<&str> = super::ALL.iter().map(|r| r.code).collect();
        let mut names: Vec<&str> = super::ALL.iter().map(|r| r.name).collect();
        let mut declared_sorted = declared.clone();
        declared_sorted.sort_unstable();
        listed.sort_unstable();
        assert_eq!(declared_sorted, listed);
        listed.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!(listed.len(), super::ALL.len(), "a code is listed twice");
        assert_eq!(names.len(), super::ALL.len(), "a name is used twice");
    }
}
