//! Test helpers: a temporary QMS built file by file, the real `qmsdoc` binary run on it, and
//! its JSON report read back.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) mod harness;
pub(crate) mod pdf;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_qmsdoc");

pub(crate) const QMS_YAML: &str = "\
agency:
  name: Ủy ban nhân dân xã Thử Nghiệm
  parent: Ủy ban nhân dân tỉnh Mẫu
  place: Thử Nghiệm
  head: Nguyễn Văn A
  head_title: Chủ tịch
  decision_symbol: QĐ-UBND
standard: TCVN ISO 9001:2015
language: vi
";

pub(crate) const CATALOG: &str = "\
procedures:
  - code: \"1.001193\"
    name: Thủ tục đăng ký khai sinh
    field: Hộ tịch
    time_limit: 1 ngày làm việc
    fee: Miễn lệ phí
    legal_basis: [luat-ho-tich-2014]
";

pub(crate) const REGISTER: &str = "\
documents:
  - id: luat-ho-tich-2014
    number: 60/2014/QH13
    title: Luật Hộ tịch
    issuer: Quốc hội
    issued: 2014-11-20
    effective: 2016-01-01
    status: in-force
  - id: nd-cu
    number: 01/2010/NĐ-CP
    title: Nghị định cũ
    status: replaced
    replaced_by: luat-ho-tich-2014
";

/// A procedure that passes every rule; tests break one thing at a time.
pub(crate) const PROCEDURE: &str = "\
---
kind: procedure
code: QT-HT-01
title: Đăng ký khai sinh
revision: 1
effective: 2026-01-05
status: in-force
owner: Công chức Tư pháp - Hộ tịch
prepared_by: Công chức Tư pháp - Hộ tịch
reviewed_by: Phó Chủ tịch UBND xã
approved_by: Chủ tịch UBND xã
tthc: \"1.001193\"
legal_basis: [luat-ho-tich-2014]
time_limit: 1 ngày làm việc
fee: Miễn lệ phí
steps:
  - what: Tiếp nhận, kiểm tra hồ sơ
    who: Công chức Bộ phận Một cửa
    how: Kiểm tra thành phần hồ sơ; in Giấy tiếp nhận
    responsible: Công chức Tư pháp - Hộ tịch
    time: 2 giờ làm việc
    forms: [BM-01]
  - what: Thẩm định, trình ký
    who: Công chức Tư pháp - Hộ tịch
    how: Phần mềm đăng ký, quản lý hộ tịch điện tử dùng chung
    responsible: Công chức Tư pháp - Hộ tịch
    time: 4 giờ làm việc
  - what: Ký Giấy khai sinh, trả kết quả
    who: Chủ tịch UBND xã
    how: Ký số trên phần mềm; trả kết quả tại Bộ phận Một cửa
    responsible: Chủ tịch UBND xã
    time: 2 giờ làm việc
records:
  - { name: Sổ đăng ký khai sinh, keeper: Công chức Tư pháp - Hộ tịch, retention: Vĩnh viễn }
---

## 1. Mục đích

Quy định trình tự đăng ký khai sinh.

## 2. Phạm vi

Áp dụng tại UBND xã.

## 3. Tài liệu viện dẫn

- Luật Hộ tịch 2014.

## 4. Định nghĩa và từ viết tắt

- UBND: Ủy ban nhân dân.

## 5. Nội dung quy trình

### 5.2 Thành phần hồ sơ

Tờ khai.

## 6. Biểu mẫu

- BM-01.

## 7. Hồ sơ cần lưu

Sổ đăng ký khai sinh.
";

pub(crate) const FORM: &str = "\
---
kind: form
code: BM-01
title: Giấy tiếp nhận hồ sơ và hẹn trả kết quả
revision: 1
effective: 2026-01-05
status: in-force
---

# Giấy tiếp nhận hồ sơ và hẹn trả kết quả
";

/// A temporary QMS folder.
pub(crate) struct Qms {
    pub dir: tempfile::TempDir,
}

impl Qms {
    /// A copy of the QMS folder `from` (docs-example, a fixture), to edit.
    pub(crate) fn copy_of(from: &Path) -> Self {
        let q = Qms::empty();
        for file in walk(from) {
            let to = q
                .dir
                .path()
                .join(file.strip_prefix(from).expect("under from"));
            std::fs::create_dir_all(to.parent().expect("a parent")).expect("folder");
            std::fs::copy(&file, &to).expect("copy");
        }
        q
    }

    /// An empty folder.
    pub(crate) fn empty() -> Self {
        Qms {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// A valid QMS: qms.yaml, catalog, register, one procedure and its form.
    pub(crate) fn valid() -> Self {
        Qms::empty()
            .file("qms.yaml", QMS_YAML)
            .file("tthc/catalog.yaml", CATALOG)
            .file("legal/register.yaml", REGISTER)
            .file("procedures/QT-HT-01.md", PROCEDURE)
            .file("forms/BM-01.md", FORM)
    }

    pub(crate) fn file(self, path: &str, content: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, content).expect("write fixture");
        self
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn join(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// The procedure with the first `from` replaced by `to` (which must occur).
    pub(crate) fn procedure_with(self, from: &str, to: &str) -> Self {
        self.edit("procedures/QT-HT-01.md", from, to)
    }

    /// Replaces the first `from` in the file at `path` by `to`; `from` must occur.
    pub(crate) fn edit(self, path: &str, from: &str, to: &str) -> Self {
        let current = std::fs::read_to_string(self.join(path)).expect("fixture to edit");
        assert!(current.contains(from), "{path} has no {from:?}");
        let edited = current.replacen(from, to, 1);
        self.file(path, edited)
    }

    /// Runs `qmsdoc ARGS` in the QMS folder.
    pub(crate) fn run(&self, args: &[&str]) -> Out {
        run_in(self.path(), args)
    }

    /// `qmsdoc check --format json .`
    pub(crate) fn check(&self) -> Out {
        self.run(&["check", "--format", "json", "."])
    }
}

pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("QMSDOC_LANG")
        .env("NO_COLOR", "1")
        // A fixed clock for the time-aware rules (Q…, R…): early in 2026, before the yearly
        // deadlines. Tests about time pass their own `--as-of`.
        .env("QMSDOC_AS_OF", "2026-01-20")
        .output()
        .expect("run qmsdoc");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[derive(Debug)]
pub(crate) struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One finding of the JSON report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct F {
    pub rule: String,
    pub severity: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Out {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    pub(crate) fn findings(&self) -> Vec<F> {
        self.json()["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .map(|f| F {
                rule: f["rule"].as_str().unwrap_or_default().to_string(),
                severity: f["severity"].as_str().unwrap_or_default().to_string(),
                file: f["file"].as_str().unwrap_or_default().to_string(),
                line: f["line"].as_u64().unwrap_or_default(),
                column: f["column"].as_u64().unwrap_or_default(),
                message: f["message"].as_str().unwrap_or_default().to_string(),
            })
            .collect()
    }

    /// Asserts that the report holds exactly one finding of `rule` and returns it.
    pub(crate) fn only(&self, rule: &str) -> F {
        let all = self.findings();
        let hits: Vec<&F> = all.iter().filter(|f| f.rule == rule).collect();
        assert_eq!(
            hits.len(),
            1,
            "expected one {rule}, got: {all:#?}\nstderr: {}",
            self.stderr
        );
        hits[0].clone()
    }

    /// Asserts that the report has exactly these (rule, file, line, column) findings.
    pub(crate) fn assert_exactly(&self, expected: &[(&str, &str, u64, u64)]) {
        let got: Vec<(String, String, u64, u64)> = self
            .findings()
            .into_iter()
            .map(|f| (f.rule, f.file, f.line, f.column))
            .collect();
        let want: Vec<(String, String, u64, u64)> = expected
            .iter()
            .map(|(r, f, l, c)| (r.to_string(), f.to_string(), *l, *c))
            .collect();
        assert_eq!(
            got, want,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
    }
}

/// Runs the git CLI in `dir` with a fixed identity; panics with git's message on failure.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Thư ký ISO")
        .env("GIT_AUTHOR_EMAIL", "iso@example.gov.vn")
        .env("GIT_COMMITTER_NAME", "Thư ký ISO")
        .env("GIT_COMMITTER_EMAIL", "iso@example.gov.vn")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs a tool and returns its stdout; panics with its stderr when it fails.
pub(crate) fn tool_output(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir`, recursively.
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
