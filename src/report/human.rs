//! The terminal report, as rustc and ruff draw it: the file:line:col, the source line, a caret
//! under the exact value, and a line saying how to fix it. Colour is added by the caller's
//! stream (anstream strips it when the output is not a terminal).

use super::{Summary, display_path};
use crate::diag::{Finding, Place, Severity};
use anstyle::{AnsiColor, Effects, Style};
use std::io::{self, Write};

fn style(sev: Severity) -> Style {
    let color = match sev {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info | Severity::Off => AnsiColor::Cyan,
    };
    Style::new()
        .fg_color(Some(color.into()))
        .effects(Effects::BOLD)
}

const BOLD: Style = Style::new().effects(Effects::BOLD);
const BLUE: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)))
    .effects(Effects::BOLD);

pub(super) fn write(
    findings: &[Finding],
    summary: &Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    for f in findings {
        write_one(f, out)?;
    }
    let s = if summary.errors > 0 {
        style(Severity::Error)
    } else if summary.warnings > 0 {
        style(Severity::Warning)
    } else {
        Style::new()
            .fg_color(Some(AnsiColor::Green.into()))
            .effects(Effects::BOLD)
    };
    writeln!(out, "{s}{}{s:#}", summary.line())
}

fn write_one(f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let s = style(f.severity);
    writeln!(
        out,
        "{s}{}[{}]{s:#}{BOLD}: {}{BOLD:#}",
        f.severity.label(),
        f.rule.code,
        f.message
    )?;
    let (start, end) = f.range();
    let path = display_path(f);
    match &f.place {
        Place::Span(file, _) => {
            let gutter = start.line.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(
                out,
                "{pad}{BLUE}-->{BLUE:#} {path}:{}:{}",
                start.line, start.column
            )?;
            writeln!(out, "{pad} {BLUE}|{BLUE:#}")?;
            let line = file.line_text(start.line);
            writeln!(
                out,
                "{BLUE}{}{BLUE:#} {BLUE}|{BLUE:#} {}",
                start.line,
                line.replace('\t', " ")
            )?;
            let line_len = line.chars().count();
            let width = if end.line == start.line && end.column > start.column {
                end.column - start.column
            } else {
                line_len.saturating_sub(start.column - 1).max(1)
            };
            let indent = " ".repeat(start.column.saturating_sub(1));
            writeln!(
                out,
                "{pad} {BLUE}|{BLUE:#} {indent}{s}{}{s:#}",
                "^".repeat(width.max(1))
            )?;
            for (span, note) in &f.labels {
                write_label(out, file, *span, note, &pad)?;
            }
            if let Some(help) = &f.help {
                write_help(out, &pad, help)?;
            }
        }
        Place::File(_) => {
            writeln!(out, "  {BLUE}-->{BLUE:#} {path}")?;
            if let Some(help) = &f.help {
                write_help(out, " ", help)?;
            }
        }
    }
    writeln!(out)
}

/// A secondary place, as rustc draws it: its line, and `-` under it with a note.
fn write_label(
    out: &mut dyn Write,
    file: &crate::source::SourceFile,
    span: crate::yaml::Span,
    note: &str,
    pad: &str,
) -> io::Result<()> {
    let (start, end) = file.range(span);
    let line = file.line_text(start.line);
    let width = if end.line == start.line && end.column > start.column {
        end.column - start.column
    } else {
        line.chars().count().saturating_sub(start.column - 1).max(1)
    };
    let indent = " ".repeat(start.column.saturating_sub(1));
    let number = format!("{:>w$}", start.line, w = pad.len());
    writeln!(out, "{pad} {BLUE}|{BLUE:#}")?;
    writeln!(
        out,
        "{BLUE}{number}{BLUE:#} {BLUE}|{BLUE:#} {}",
        line.replace('\t', " ")
    )?;
    writeln!(
        out,
        "{pad} {BLUE}|{BLUE:#} {indent}{BLUE}{} {note}{BLUE:#}",
        "-".repeat(width.max(1))
    )
}

fn write_help(out: &mut dyn Write, pad: &str, help: &str) -> io::Result<()> {
    let label = crate::i18n::tr("gợi ý", "help");
    let mut lines = help.lines();
    if let Some(first) = lines.next() {
        writeln!(out, "{pad} {BLUE}={BLUE:#} {BOLD}{label}{BOLD:#}: {first}")?;
    }
    let cont = " ".repeat(pad.len() + 3 + label.chars().count() + 2);
    for l in lines {
        writeln!(out, "{cont}{l}")?;
    }
    Ok(())
}
