//! `qmsdoc list`: the document register (danh mục tài liệu) as a table, CSV or JSON.

use super::error::{Result, bail};
use super::{Global, OK};
use crate::i18n::tr;
use crate::model::Document;
use crate::workspace::Workspace;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    #[arg(long, value_enum, default_value_t = Format::Table, help = tr("Định dạng: table, csv, json", "Format: table, csv, json"))]
    format: Format,
    #[arg(long, help = tr("Chỉ liệt kê một loại (procedure, form…)", "Only one kind (procedure, form…)"))]
    kind: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

/// One row of the register.
#[derive(serde::Serialize)]
pub(super) struct Row {
    pub code: String,
    pub title: String,
    pub kind: String,
    pub revision: Option<i64>,
    pub effective: Option<String>,
    pub status: String,
    pub owner: String,
    pub path: String,
}

impl Row {
    pub(super) fn of(doc: &Document) -> Row {
        Row {
            code: doc.code_str().to_string(),
            title: doc.title_str().to_string(),
            kind: doc.kind().map_or("", |k| k.as_str()).to_string(),
            revision: doc.revision.as_ref().map(|r| r.value),
            effective: doc.effective.as_ref().map(|d| d.value.to_string()),
            status: doc
                .status
                .as_ref()
                .map_or("", |s| s.value.as_str())
                .to_string(),
            owner: doc
                .owner
                .as_ref()
                .map_or("", |o| o.value.as_str())
                .to_string(),
            path: doc.source.path.display().to_string(),
        }
    }

    fn cells(&self) -> [String; 7] {
        [
            self.code.clone(),
            self.title.clone(),
            self.kind.clone(),
            self.revision.map_or(String::new(), |r| r.to_string()),
            self.effective.clone().unwrap_or_default(),
            self.status.clone(),
            self.owner.clone(),
        ]
    }
}

pub(super) fn run(args: Args, g: &Global) -> Result<u8> {
    if !args.root.path().is_dir() {
        let shown = args.root.path().display();
        bail!(crate::tr!(
            "\"{shown}\" không phải thư mục",
            "\"{shown}\" is not a folder"
        ));
    }
    let root = super::root_of(args.root.path(), g)?;
    let ws = Workspace::load(&root);
    let kind = match args.kind.as_deref() {
        Some(k) => match crate::model::Kind::from_folded(&crate::text::fold_key(k)) {
            Some(k) => Some(k),
            None => bail!(crate::tr!(
                "loại \"{k}\" không hợp lệ",
                "kind \"{k}\" is not valid"
            )),
        },
        None => None,
    };
    let mut rows: Vec<Row> = ws
        .documents
        .iter()
        .filter(|d| kind.is_none() || d.kind() == kind)
        .map(Row::of)
        .collect();
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let header = [
        tr("Mã", "Code"),
        tr("Tên tài liệu", "Title"),
        tr("Loại", "Kind"),
        tr("Lần BH", "Rev."),
        tr("Hiệu lực", "Effective"),
        tr("Trạng thái", "Status"),
        tr("Chủ trì", "Owner"),
    ];
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        Format::Csv => {
            writeln!(out, "{}", header.map(csv_field).join(","))?;
            for r in &rows {
                writeln!(out, "{}", r.cells().map(|c| csv_field(&c)).join(","))?;
            }
        }
        Format::Table => {
            let mut docs: Vec<&Document> = ws
                .documents
                .iter()
                .filter(|d| kind.is_none() || d.kind() == kind)
                .collect();
            docs.sort_by(|a, b| a.code_str().cmp(b.code_str()));
            let cells: Vec<[String; 7]> = docs.iter().map(|d| table_cells(d)).collect();
            let mut widths = header.map(UnicodeWidthStr::width);
            for row in &cells {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.width());
                }
            }
            let line = |out: &mut dyn Write, row: &[String]| -> std::io::Result<()> {
                let parts: Vec<String> = row
                    .iter()
                    .zip(widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width())))
                    .collect();
                writeln!(out, "{}", parts.join("  ").trim_end())
            };
            line(&mut out, &header.map(str::to_string))?;
            line(&mut out, &widths.map(|w| "-".repeat(w)))?;
            for row in &cells {
                line(&mut out, row)?;
            }
            writeln!(
                out,
                "{}",
                crate::tr!("{} tài liệu", "{} documents", rows.len())
            )?;
        }
    }
    out.flush()?;
    Ok(OK)
}

/// Widest title shown in the table; the full title is in CSV and JSON.
const TITLE_WIDTH: usize = 60;

/// A table row for a person: labels in the user's language, long titles shortened.
fn table_cells(doc: &Document) -> [String; 7] {
    let mut title = String::new();
    for c in doc.title_str().chars() {
        if title.width() + 1 >= TITLE_WIDTH {
            title.push('…');
            break;
        }
        title.push(c);
    }
    [
        doc.code_str().to_string(),
        title,
        doc.kind().map_or("", |k| k.label()).to_string(),
        doc.revision
            .as_ref()
            .map_or(String::new(), |r| r.value.to_string()),
        doc.effective
            .as_ref()
            .map_or(String::new(), |d| d.value.to_string()),
        doc.status
            .as_ref()
            .map_or("", |s| s.value.label())
            .to_string(),
        doc.owner
            .as_ref()
            .map_or("", |o| o.value.as_str())
            .to_string(),
    ]
}

/// RFC 4180 quoting.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
