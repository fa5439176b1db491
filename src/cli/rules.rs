//! `qmsdoc rules [CODE]`: the rule list, or one rule's full explanation.

use super::error::Result;
use super::{FAILURE, Global, OK};
use crate::i18n::tr;
use crate::rule::{self, Rule};
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "CODE", help = tr("Mã hoặc tên quy tắc (T002, steps-exceed-time-limit)", "Rule code or name (T002, steps-exceed-time-limit)"))]
    rule: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human, help = tr("Định dạng: human, json, markdown", "Format: human, json, markdown"))]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Markdown,
}

pub(super) fn run(args: Args, _g: &Global) -> Result<u8> {
    let selected: Vec<&'static Rule> = match &args.rule {
        None => rule::ALL.to_vec(),
        Some(key) => match rule::find(key) {
            Some(r) => vec![r],
            None => {
                eprintln!(
                    "{}",
                    crate::tr!(
                        "lỗi: không có quy tắc \"{key}\"\ngợi ý: `qmsdoc rules` liệt kê tất cả",
                        "error: there is no rule \"{key}\"\nhelp: `qmsdoc rules` lists them all"
                    )
                );
                return Ok(FAILURE);
            }
        },
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = selected
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "default_severity": r.default.as_str(),
                        "summary": r.summary(),
                        "explanation": r.doc().trim(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        Format::Markdown => write!(out, "{}", markdown(&selected))?,
        Format::Human if args.rule.is_some() => {
            for r in &selected {
                writeln!(out, "{} {} ({})\n", r.code, r.name, r.default.label())?;
                writeln!(out, "{}\n", r.summary())?;
                writeln!(out, "{}", r.doc().trim_end())?;
            }
        }
        Format::Human => {
            let width = selected.iter().map(|r| r.name.len()).max().unwrap_or(0);
            for r in &selected {
                writeln!(
                    out,
                    "{}  {:<width$}  {:<9}  {}",
                    r.code,
                    r.name,
                    r.default.as_str(),
                    r.summary()
                )?;
            }
        }
    }
    Ok(OK)
}

/// The rule reference as Markdown (docs/rules.md is this output in Vietnamese then English).
pub(super) fn markdown(selected: &[&'static Rule]) -> String {
    let mut s = String::new();
    s += &crate::tr!(
        "| Mã | Tên | Mức mặc định | Tóm tắt |\n|---|---|---|---|\n",
        "| Code | Name | Default | Summary |\n|---|---|---|---|\n"
    );
    for r in selected {
        s += &format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.default.as_str(),
            r.summary()
        );
    }
    for r in selected {
        s += &format!(
            "\n## {}\n\n`{}` — {}\n\n{}\n",
            r.code,
            r.name,
            r.summary(),
            r.doc().trim()
        );
    }
    s
}
