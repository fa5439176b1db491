//! `tthc/catalog.yaml`: the administrative procedures (TTHC) the agency handles, as published in
//! the national TTHC database. Every one must be covered by a procedure of the QMS.

use super::fields;
use super::reader::Reader;
use super::{Sp, TimeField};
use crate::source::SourceFile;
use crate::yaml::{Node, Span};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct TthcEntry {
    pub span: Span,
    pub code: Option<Sp<String>>,
    pub name: Option<Sp<String>>,
    pub field: Option<Sp<String>>,
    pub time_limit: Option<TimeField>,
    pub fee: Option<Sp<String>>,
    pub legal_basis: Vec<Sp<String>>,
    pub level: Option<Sp<String>>,
}

#[derive(Clone, Debug)]
pub struct Catalog {
    pub source: Arc<SourceFile>,
    pub entries: Vec<TthcEntry>,
}

impl Catalog {
    pub fn read(r: &mut Reader, root: &Node) -> Catalog {
        let mut entries = Vec::new();
        for e in r.entries(root, fields::CATALOG, "tthc/catalog.yaml") {
            for item in r.list(&e).unwrap_or(&[]) {
                entries.push(read_entry(r, item));
            }
        }
        Catalog {
            source: r.file.clone(),
            entries,
        }
    }

    pub fn get(&self, code: &str) -> Option<&TthcEntry> {
        self.entries.iter().find(|e| {
            e.code
                .as_ref()
                .is_some_and(|c| c.value.trim() == code.trim())
        })
    }
}

fn read_entry(r: &mut Reader, node: &Node) -> TthcEntry {
    let mut t = TthcEntry {
        span: node.span,
        ..TthcEntry::default()
    };
    for e in r.entries(node, fields::TTHC, "tthc/catalog.yaml") {
        match e.field.key {
            "code" => t.code = r.text(&e),
            "name" => t.name = r.text(&e),
            "field" => t.field = r.text(&e),
            "time_limit" => t.time_limit = r.time(&e),
            "fee" => t.fee = r.text(&e),
            "legal_basis" => t.legal_basis = r.text_list(&e),
            "level" => t.level = r.text(&e),
            _ => {}
        }
    }
    required(r, &t);
    t
}

/// An entry is a TTHC only with its national code and its name: without them nothing can be
/// matched or covered (the code is often left blank by `import`, for the agency to fill in).
fn required(r: &mut Reader, t: &TthcEntry) {
    let name = t.name.as_ref().map_or("", |n| n.value.trim());
    for (key, value) in [("code", &t.code), ("name", &t.name)] {
        let blank = value.as_ref().is_none_or(|v| v.value.trim().is_empty());
        if !blank {
            continue;
        }
        let span = value.as_ref().map_or(t.span, |v| v.span);
        let (message, help) = match key {
            "code" => (
                crate::tr!("TTHC “{name}” chưa có mã", "TTHC “{name}” has no code"),
                crate::tr!(
                    "điền mã TTHC trên Cổng Dịch vụ công quốc gia (\"1.001193\"); với tên đúng như tiêu đề bảng, `qmsdoc import` nhập lại được quy trình của nó",
                    "fill in the TTHC's code from the National Public Service Portal (\"1.001193\"); under the table's exact title, `qmsdoc import` can then import its procedure"
                ),
            ),
            _ => (
                crate::tr!("TTHC chưa có tên", "a TTHC has no name"),
                crate::tr!(
                    "ghi tên TTHC như trên Cổng Dịch vụ công quốc gia",
                    "write the TTHC's name as the National Public Service Portal gives it"
                ),
            ),
        };
        r.report(&crate::rule::MISSING_FIELD, span, message, Some(help));
    }
}
