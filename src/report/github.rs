//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
//! Gitea Actions reads the same commands.

use super::{Summary, display_path};
use crate::diag::{Finding, Severity};
use std::io::{self, Write};

/// Escapes for the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes for a property value (`file=…,title=…`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn write(
    findings: &[Finding],
    summary: &Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    for f in findings {
        let cmd = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Off => "notice",
        };
        let (s, e) = f.range();
        let mut message = f.message.clone();
        if let Some(h) = &f.help {
            message.push('\n');
            message.push_str(h);
        }
        let title = format!("{} {}", f.rule.code, f.rule.name);
        writeln!(
            out,
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&display_path(f)),
            s.line,
            s.column,
            e.line,
            e.column,
            property(&title),
            data(&message)
        )?;
    }
    writeln!(out, "{}", summary.line())
}
