//! A source file's text and the mapping from byte offsets to line:column.

use crate::yaml::Span;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the current directory when possible).
    pub path: PathBuf,
    /// The text; a released file reads it again from disk when a report needs it.
    text: OnceLock<String>,
    line_starts: OnceLock<Vec<u32>>,
}

/// A resolved position: 1-based line, 1-based column counted in Unicode scalar values, which is
/// what editors show and what SARIF calls `unicodeCodePoints`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A path as reports show it: forward slashes, no leading `./`.
pub fn shown(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text: OnceLock::from(text),
            line_starts: OnceLock::new(),
        }
    }

    /// Offsets where lines start, computed when a position is first asked for.
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let text = self.text();
            let mut starts = vec![0u32];
            starts.extend(
                memchr::memchr_iter(b'\n', text.as_bytes())
                    .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            );
            starts
        })
    }

    /// The same file without its text in memory. A large QMS keeps only what the rules need
    /// of each document; the few files a report shows are read again.
    pub fn released(&self) -> SourceFile {
        SourceFile {
            path: self.path.clone(),
            text: OnceLock::new(),
            line_starts: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &str {
        self.text
            .get_or_init(|| std::fs::read_to_string(&self.path).unwrap_or_default())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let text = self.text();
        let offset = offset.min(text.len());
        let line_starts = self.line_starts();
        let line = line_starts
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1);
        let start = line_starts[line] as usize;
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let Some(&start) = line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = line_starts
            .get(line)
            .map_or(self.text().len(), |&e| e as usize);
        self.text()
            .get(start as usize..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    pub fn range(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a.md".into(), "ab\nTiếp nhận: x\r\nz".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        let x = f.text().find("x").unwrap();
        assert_eq!(
            f.line_col(x),
            LineCol {
                line: 2,
                column: 12
            }
        );
        assert_eq!(f.line_text(2), "Tiếp nhận: x");
        assert_eq!(f.line_text(3), "z");
        assert_eq!(f.line_text(4), "");
    }
}
