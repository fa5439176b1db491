//! Splits a Markdown file into its YAML front matter and its body.
//!
//! The front matter must start at byte 0 (after an optional UTF-8 BOM) with a `---` line and
//! end with a `---` (or `...`) line; CRLF line endings are accepted.

use crate::yaml::Span;

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split {
    /// The opening `---` line.
    pub open: Span,
    /// The YAML text between the delimiters.
    pub yaml: Span,
    /// Everything after the closing line.
    pub body: Span,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// `---` opens the front matter but no line closes it; the span is the opening line.
    Unterminated(Span),
}

const BOM: &str = "\u{FEFF}";

/// Splits the text; offsets are in bytes of `text`.
pub(crate) fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut lines = LineIter { text, pos: start };
    let Some((open_start, open_end, first)) = lines.next() else {
        return Err(SplitError::Missing);
    };
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let open = Span::new(open_start, open_start + first.trim_end().len());
    let yaml_start = open_end;
    for (line_start, line_end, line) in lines {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Split {
                open,
                yaml: Span::new(yaml_start, line_start),
                body: Span::new(line_end, text.len()),
            });
        }
    }
    Err(SplitError::Unterminated(open))
}

/// Lines with their start offset and the offset just past their line ending.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (&rest[..i], start + i + 1),
            None => (rest, self.text.len()),
        };
        self.pos = next;
        Some((start, next, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain() {
        let t = "---\na: 1\n---\n# Body\n";
        let s = split(t).unwrap();
        assert_eq!(&t[s.yaml.start..s.yaml.end], "a: 1\n");
        assert_eq!(&t[s.body.start..s.body.end], "# Body\n");
    }

    #[test]
    fn bom_and_crlf() {
        let t = "\u{FEFF}---\r\na: 1\r\n---\r\nbody";
        let s = split(t).unwrap();
        assert_eq!(s.open, Span::new(3, 6));
        assert_eq!(&t[s.yaml.start..s.yaml.end], "a: 1\r\n");
        assert_eq!(&t[s.body.start..], "body");
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("\n---\na: 1\n---\n"), Err(SplitError::Missing));
        assert_eq!(
            split("---\na: 1\n"),
            Err(SplitError::Unterminated(Span::new(0, 3)))
        );
    }

    #[test]
    fn closing_line_without_newline() {
        let s = split("---\na: 1\n---").unwrap();
        assert_eq!(s.body, Span::new(12, 12));
    }
}
