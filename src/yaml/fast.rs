//! A fast reader for the YAML that front matter, catalogs and registers are written in: block
//! mappings and sequences, plain and quoted scalars on one line, `|` and `>` block scalars and
//! one-line flow collections. It returns `None` on anything else (anchors, tags, multi-line
//! plain or quoted scalars, tabs, merge keys, duplicate keys, any syntax error), and the full
//! parser then reads the text and reports what is wrong. Both give the same tree and spans for
//! what this one accepts (tests/yaml_fast.rs compares them); this one is several times faster,
//! which is most of `check` on a large QMS (docs/performance.md).

use super::{Node, Span, Value, same_key, scalar_value};

/// Parses `yaml` (which starts at byte `base` of its file) if it stays within the subset.
pub(super) fn parse(yaml: &str, base: usize, max_nodes: usize, max_depth: usize) -> Option<Node> {
    if !printable(yaml.as_bytes()) {
        return None;
    }
    let mut p = Reader {
        src: yaml,
        lines: lines(yaml)?,
        i: 0,
        base,
        nodes: 0,
        max_nodes,
        depth: 0,
        max_depth,
    };
    p.skip_trivia();
    let first = p.lines.get(p.i)?;
    if first.indent != 0 || p.starts_seq(p.i) {
        return None; // front matter and catalogs are mappings at the top
    }
    let root = p.block_map(0)?;
    p.skip_trivia();
    (p.i == p.lines.len()).then_some(root)
}

/// Bytes YAML accepts (c-printable) and line breaks (LF, CRLF); no tab or BOM here.
fn printable(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let bad = match c {
            b'\n' => false,
            b'\r' => b.get(i + 1) != Some(&b'\n'),
            0..0x20 | 0x7f => true,
            0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
            0xef => matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ),
            _ => false,
        };
        if bad {
            return false;
        }
        i += 1;
    }
    true
}

#[derive(Clone, Copy)]
struct Line {
    /// Offset of the first byte of the line.
    start: usize,
    /// Offset of the line feed (or the end of the text).
    end: usize,
    /// Column of the first content byte; for a sequence entry whose value starts on its line,
    /// the reader moves it to that value.
    indent: usize,
}

/// Every line of the text; `None` at a document marker or directive.
fn lines(yaml: &str) -> Option<Vec<Line>> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', yaml.as_bytes()).chain([yaml.len()]) {
        if start > yaml.len() {
            break;
        }
        // CRLF: the carriage return is part of the line break, not of the line.
        let end = if end > start && yaml.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let next = end + 1 + usize::from(yaml.as_bytes().get(end) == Some(&b'\r'));
        let line = &yaml[start..end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if indent == 0
            && (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%'))
        {
            return None;
        }
        out.push(Line { start, end, indent });
        start = next;
    }
    Some(out)
}

struct Reader<'a> {
    src: &'a str,
    lines: Vec<Line>,
    i: usize,
    base: usize,
    nodes: usize,
    max_nodes: usize,
    depth: usize,
    max_depth: usize,
}

impl<'a> Reader<'a> {
    /// The rest of line `i` from its indent.
    fn content(&self, i: usize) -> &'a str {
        let l = self.lines[i];
        &self.src[l.start + l.indent..l.end]
    }

    fn blank_or_comment(&self, i: usize) -> bool {
        let c = self.content(i);
        c.is_empty() || c.starts_with('#')
    }

    /// Skips blank and comment lines.
    fn skip_trivia(&mut self) {
        while self.i < self.lines.len() && self.blank_or_comment(self.i) {
            self.i += 1;
        }
    }

    fn starts_seq(&self, i: usize) -> bool {
        let c = self.content(i);
        c == "-" || c.starts_with("- ")
    }

    /// Where the next token starts: the next content line, or the end of the text.
    fn next_token(&self) -> usize {
        self.lines
            .get(self.i)
            .map_or(self.src.len(), |l| l.start + l.indent)
    }

    fn node(&mut self, value: Value, start: usize, end: usize) -> Option<Node> {
        self.nodes += 1;
        (self.nodes <= self.max_nodes).then(|| Node {
            value,
            span: Span::new(start + self.base, end + self.base),
        })
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= self.max_depth).then_some(())
    }

    /// A block node whose first line is the current one, indented more than `parent`.
    fn block(&mut self, parent: Option<usize>) -> Option<Node> {
        let l = *self.lines.get(self.i)?;
        if parent.is_some_and(|p| l.indent <= p) {
            return None;
        }
        if self.starts_seq(self.i) {
            self.block_seq(l.indent)
        } else {
            self.block_map(l.indent)
        }
    }

    fn block_map(&mut self, indent: usize) -> Option<Node> {
        self.enter()?;
        let start = self.next_token();
        let mut entries: Vec<(Node, Node)> = Vec::new();
        while let Some(&l) = self.lines.get(self.i) {
            if l.indent < indent {
                break;
            }
            if l.indent > indent || self.starts_seq(self.i) {
                return None;
            }
            let key_at = l.start + l.indent;
            let (key_text, colon) = key(&self.src[key_at..l.end])?;
            let key = self.node(
                scalar_value(key_text, true),
                key_at,
                key_at + key_text.len(),
            )?;
            if key_text == "<<" || entries.iter().any(|(k, _)| same_key(k, &key)) {
                return None;
            }
            let after = key_at + colon + 1;
            let value = self.value(after, indent, true)?;
            entries.push((key, value));
        }
        let end = self.next_token();
        self.depth -= 1;
        self.node(Value::Map(entries), start, end)
    }

    fn block_seq(&mut self, indent: usize) -> Option<Node> {
        self.enter()?;
        let start = self.next_token();
        let mut items = Vec::new();
        while let Some(&l) = self.lines.get(self.i) {
            if l.indent < indent {
                break;
            }
            if l.indent > indent || !self.starts_seq(self.i) {
                return None;
            }
            let dash = l.start + l.indent;
            let rest = &self.src[dash + 1..l.end];
            let gap = rest.len() - rest.trim_start_matches(' ').len();
            let value_at = dash + 1 + gap;
            if value_at == l.end || self.src[value_at..].starts_with('#') {
                return None; // an empty entry, or its value on the next lines
            }
            let item = if key(&self.src[value_at..l.end]).is_some()
                || rest.trim_start().starts_with("- ")
            {
                // A mapping or sequence that starts on the entry's line: read it as if its
                // first line were indented to where it starts.
                self.lines[self.i].indent = value_at - l.start;
                self.block(Some(indent))?
            } else {
                self.value(dash + 1, indent, false)?
            };
            items.push(item);
        }
        let end = self.next_token();
        self.depth -= 1;
        self.node(Value::Seq(items), start, end)
    }

    /// The value after `key:` or `- `, starting at `at` on the current line; `indent` is the
    /// indent of the mapping or sequence it belongs to. Leaves the reader on the next line.
    fn value(&mut self, at: usize, indent: usize, in_map: bool) -> Option<Node> {
        let l = self.lines[self.i];
        let line = &self.src[at..l.end];
        let gap = line.len() - line.trim_start_matches(' ').len();
        if gap == 0 && !line.is_empty() {
            return None;
        }
        let v = at + gap;
        let rest = &self.src[v..l.end];
        if rest.is_empty() || rest.starts_with('#') {
            // The value is on the next lines, or there is none.
            self.i += 1;
            self.skip_trivia();
            return match self.lines.get(self.i) {
                Some(n) if n.indent > indent => self.block(Some(indent)),
                Some(_)
                    if in_map && self.starts_seq(self.i) && self.lines[self.i].indent == indent =>
                {
                    self.block_seq(indent)
                }
                _ => self.node(Value::Null, at - 1, at - 1),
            };
        }
        let b = rest.as_bytes()[0];
        if matches!(b, b'|' | b'>') {
            return self.block_scalar(v, indent);
        }
        let (node, used) = match b {
            b'[' | b'{' => self.flow(v, l.end)?,
            b'"' | b'\'' => self.quoted(v, l.end)?,
            _ => {
                let text = plain(rest, false)?;
                let node = self.node(scalar_value(text, true), v, v + text.len())?;
                (node, text.len())
            }
        };
        end_of_line(&self.src[v + used..l.end])?;
        self.i += 1;
        self.skip_trivia();
        // A more indented line after a one-line value would continue it: not in this subset.
        if self.lines.get(self.i).is_some_and(|n| n.indent > indent) {
            return None;
        }
        Some(node)
    }

    /// A quoted scalar that closes on its line; returns it and the bytes it used.
    fn quoted(&mut self, at: usize, end: usize) -> Option<(Node, usize)> {
        let s = &self.src[at..end];
        let (text, used) = if s.starts_with('\'') {
            single_quoted(s)?
        } else {
            double_quoted(s)?
        };
        Some((self.node(Value::Str(text), at, at + used)?, used))
    }

    /// A one-line flow sequence or mapping of scalars and flow collections.
    fn flow(&mut self, at: usize, end: usize) -> Option<(Node, usize)> {
        self.enter()?;
        let s = &self.src[at..end];
        let is_map = s.starts_with('{');
        let close = if is_map { b'}' } else { b']' };
        let mut pos = 1;
        let mut items = Vec::new();
        let mut entries = Vec::new();
        loop {
            pos += spaces(&s[pos..]);
            let c = *s.as_bytes().get(pos)?;
            if c == close && items.is_empty() && entries.is_empty() {
                break;
            }
            let first = self.flow_item(at + pos, end)?;
            pos += first.1;
            if is_map {
                pos += spaces(&s[pos..]);
                if s.as_bytes().get(pos) != Some(&b':') {
                    return None;
                }
                pos += 1;
                let gap = spaces(&s[pos..]);
                if gap == 0 {
                    return None;
                }
                pos += gap;
                let value = self.flow_item(at + pos, end)?;
                pos += value.1;
                if entries.iter().any(|(k, _)| same_key(k, &first.0)) {
                    return None;
                }
                entries.push((first.0, value.0));
            } else {
                items.push(first.0);
            }
            pos += spaces(&s[pos..]);
            match *s.as_bytes().get(pos)? {
                b',' => pos += 1,
                c if c == close => break,
                _ => return None,
            }
        }
        pos += 1;
        let value = if is_map {
            Value::Map(entries)
        } else {
            Value::Seq(items)
        };
        self.depth -= 1;
        Some((self.node(value, at, at + pos)?, pos))
    }

    fn flow_item(&mut self, at: usize, end: usize) -> Option<(Node, usize)> {
        match self.src.as_bytes().get(at)? {
            b'[' | b'{' => self.flow(at, end),
            b'"' | b'\'' => self.quoted(at, end),
            _ => {
                let text = plain(&self.src[at..end], true)?;
                Some((
                    self.node(scalar_value(text, true), at, at + text.len())?,
                    text.len(),
                ))
            }
        }
    }

    /// `|`, `|-`, `>` or `>-` and the lines indented under it.
    fn block_scalar(&mut self, at: usize, indent: usize) -> Option<Node> {
        let l = self.lines[self.i];
        let header = &self.src[at..l.end];
        let (literal, strip, used) = match header.as_bytes() {
            [b'|', b'-', ..] => (true, true, 2),
            [b'>', b'-', ..] => (false, true, 2),
            [b'|', ..] => (true, false, 1),
            [b'>', ..] => (false, false, 1),
            _ => return None,
        };
        end_of_line(&header[used..])?;
        // The content: lines indented like the first one, blank lines among them.
        let first = self.i + 1;
        let body_indent = self.lines.get(first)?.indent;
        if body_indent <= indent || self.content(first).is_empty() {
            return None;
        }
        let mut last = first; // last non-blank line
        let mut j = first;
        while let Some(n) = self.lines.get(j) {
            let blank = self.content(j).is_empty();
            if blank {
                if n.end - n.start > body_indent {
                    return None; // spaces beyond the indent on a blank line
                }
            } else if n.indent < body_indent {
                break;
            } else {
                if n.indent > body_indent && !literal {
                    return None; // more-indented lines fold differently
                }
                last = j;
            }
            j += 1;
        }
        let mut text = String::new();
        let mut blank_run = 0;
        for k in first..=last {
            let n = self.lines[k];
            if self.content(k).is_empty() {
                blank_run += 1;
                continue;
            }
            let line = &self.src[n.start + body_indent..n.end];
            if k > first {
                if literal {
                    text.push('\n');
                    text.extend(std::iter::repeat_n('\n', blank_run));
                } else if blank_run == 0 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', blank_run));
                }
            }
            blank_run = 0;
            text.push_str(line);
        }
        if !strip {
            text.push('\n');
        }
        let start = self.lines[first].start + body_indent;
        self.i = last + 1;
        self.skip_trivia();
        // The full parser ends the scalar's span differently when a comment follows it.
        if (last + 1..self.i).any(|k| !self.content(k).is_empty()) {
            return None;
        }
        if self.lines.get(self.i).is_some_and(|n| n.indent > indent) {
            return None;
        }
        let end = self.next_token();
        self.node(Value::Str(text), start, end)
    }
}

/// A mapping key at the start of `line`: its text and the offset of its colon.
fn key(line: &str) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    if b.is_empty() || is_indicator(b[0], b.get(1).copied()) {
        return None;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b':' if matches!(b.get(i + 1), None | Some(b' ')) => {
                let k = line[..i].trim_end_matches(' ');
                return (!k.is_empty()).then_some((k, i));
            }
            b'#' if i > 0 && b[i - 1] == b' ' => return None,
            b'"' | b'\'' | b'[' | b']' | b'{' | b'}' | b',' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether a plain scalar cannot start with `c` (followed by `next`).
fn is_indicator(c: u8, next: Option<u8>) -> bool {
    match c {
        b'-' | b'?' | b':' => matches!(next, None | Some(b' ' | b',' | b'[' | b']' | b'{' | b'}')),
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => true,
        _ => false,
    }
}

/// A plain scalar at the start of `s`, up to a comment, the end of line or (in flow) a flow
/// indicator; `None` when it holds what the subset leaves to the full parser.
fn plain(s: &str, flow: bool) -> Option<&str> {
    let b = s.as_bytes();
    if b.is_empty() || is_indicator(b[0], b.get(1).copied()) {
        return None;
    }
    let mut end = b.len();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' if i > 0 && b[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if flow && matches!(b.get(i + 1), Some(b',' | b'[' | b']' | b'{' | b'}')) => {
                end = i;
                break;
            }
            b':' if matches!(b.get(i + 1), None | Some(b' ')) => {
                if flow {
                    end = i;
                    break;
                }
                return None; // "a: b" in a value is a syntax error
            }
            b',' | b'[' | b']' | b'{' | b'}' if flow => {
                end = i;
                break;
            }
            b'#' if flow => return None,
            _ => {}
        }
        i += 1;
    }
    let text = s[..end].trim_end_matches(' ');
    (!text.is_empty()).then_some(text)
}

fn spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// What may follow a value on its line: spaces, then a comment.
fn end_of_line(rest: &str) -> Option<()> {
    let t = rest.trim_start_matches(' ');
    (t.is_empty() || (t.starts_with('#') && t.len() < rest.len())).then_some(())
}

fn single_quoted(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
                out.push('\'');
            } else {
                return Some((out, i + 1));
            }
        } else {
            out.push(c);
        }
    }
    None
}

fn double_quoted(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                let simple = match e {
                    '0' => '\0',
                    'a' => '\x07',
                    'b' => '\x08',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\x0b',
                    'f' => '\x0c',
                    'r' => '\r',
                    'e' => '\x1b',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut code = 0u32;
                        for _ in 0..n {
                            code = code * 16 + chars.next()?.1.to_digit(16)?;
                        }
                        char::from_u32(code)?
                    }
                    _ => return None,
                };
                out.push(simple);
            }
            _ => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{Limits, MAX_DEPTH, parse_full};
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};

    /// The YAML of a file: its front matter for Markdown, all of it otherwise.
    fn yaml_of(path: &Path) -> Option<String> {
        let text = std::fs::read_to_string(path).ok()?;
        if path.extension().is_some_and(|e| e == "md") {
            let split = crate::frontmatter::split(&text).ok()?;
            Some(text[split.yaml.start..split.yaml.end].to_string())
        } else {
            Some(text)
        }
    }

    fn repo_yaml() -> &'static [(PathBuf, String)] {
        static FILES: std::sync::LazyLock<Vec<(PathBuf, String)>> =
            std::sync::LazyLock::new(read_repo_yaml);
        &FILES
    }

    fn read_repo_yaml() -> Vec<(PathBuf, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        ["docs-example", "tests/fixtures", "templates"]
            .iter()
            .flat_map(|d| crate::testutil::files(&root.join(d)))
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
            })
            .filter_map(|p| yaml_of(&p).map(|y| (p, y)))
            .collect()
    }

    /// The fast reader either declines or gives exactly the full parser's tree and spans.
    fn agrees(yaml: &str) -> Result<bool, String> {
        let Some(fast) = super::parse(yaml, 7, 100_000, MAX_DEPTH) else {
            return Ok(false);
        };
        match parse_full(yaml, 7, Limits::FrontMatter) {
            Ok(full) if format!("{full:?}") == format!("{fast:?}") => Ok(true),
            Ok(full) => {
                let (a, b) = (format!("{fast:?}"), format!("{full:?}"));
                let i = a
                    .bytes()
                    .zip(b.bytes())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                let around = |s: &str| {
                    let from = s.floor_char_boundary(i.saturating_sub(200));
                    s[from..s.ceil_char_boundary((i + 100).min(s.len()))].to_string()
                };
                Err(format!("fast: …{}…\nfull: …{}…", around(&a), around(&b)))
            }
            Err(e) => Err(format!("fast read what the full parser refuses: {e:?}")),
        }
    }

    #[test]
    fn same_tree_as_the_full_parser_on_every_file_of_the_repository() {
        let files = repo_yaml();
        assert!(files.len() > 100, "{} files", files.len());
        let mut declined = Vec::new();
        for (path, yaml) in files {
            for text in [yaml.clone(), yaml.replace('\n', "\r\n")] {
                match agrees(&text) {
                    Ok(true) => {}
                    Ok(false) => declined.push(path.display().to_string()),
                    Err(e) => panic!("{}:\n{e}\n{text}", path.display()),
                }
            }
        }
        // What real QMS files are written in is read by the fast reader: docs-example and
        // the transcriptions of real decisions, in LF and CRLF.
        let misses: Vec<&String> = declined
            .iter()
            .filter(|p| p.contains("docs-example") || p.contains("fixtures/real"))
            .collect();
        assert!(misses.is_empty(), "declined: {misses:#?}");
    }

    /// Characters that change how YAML reads a line.
    const EDITS: &[&str] = &[
        " ", "  ", "\n", "-", "- ", ":", ": ", "#", " #", "'", "\"", "|", ">", "[", "]", "{", "}",
        ",", "&a ", "*a", "!", "?", "\\", "\t", "\r\n", "~", "0", "1.5", "true", "ạ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// Real files with a few characters inserted or deleted: agreement or a decline.
        #[test]
        fn edited_files_agree_or_are_declined(
            file in 0usize..10_000,
            edits in prop::collection::vec((0usize..100_000, 0usize..EDITS.len(), any::<bool>()), 1..4),
        ) {
            let files = repo_yaml();
            let (_, yaml) = &files[file % files.len()];
            let mut text = yaml.clone();
            for (at, what, delete) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if delete {
                    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, EDITS[what]);
                }
            }
            if let Err(e) = agrees(&text) {
                prop_assert!(false, "{e}\n---\n{text}");
            }
        }
    }
}
