//! HTML decisions (the page of a legal-document website or a province's portal): a tolerant
//! tokenizer that knows tables, rows, cells, line breaks and block elements, and forgives what
//! such pages get wrong (cells and rows never closed, stray closing tags, unquoted attributes).

use super::table::{RawCell, RawTable, clean_text};

/// The tables of an HTML page, each with the text before it, and the page's whole text.
pub(crate) fn read(html: &str) -> (Vec<RawTable>, String) {
    let mut b = Builder::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        b.text(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            b.text("<");
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        if !tag.closing && matches!(tag.name.as_str(), "script" | "style") {
            let close = format!("</{}", tag.name);
            rest = find_ci(rest, &close).map_or("", |i| &rest[i..]);
            continue;
        }
        b.tag(&tag);
    }
    b.text(rest);
    b.finish()
}

/// A start or end tag.
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
    /// Bytes of the source the tag takes.
    len: usize,
}

impl Tag {
    fn read(s: &str) -> Option<Tag> {
        let bytes = s.as_bytes();
        let mut i = 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == start {
            // "<!DOCTYPE …>", "<?xml …?>": skipped whole.
            if matches!(bytes.get(1), Some(b'!' | b'?')) {
                let end = s.find('>').map_or(s.len(), |e| e + 1);
                return Some(Tag {
                    name: String::new(),
                    closing: false,
                    attrs: Vec::new(),
                    len: end,
                });
            }
            return None;
        }
        let name = s[start..i].to_ascii_lowercase();
        let (attrs, end) = attributes(s, i);
        Some(Tag {
            name,
            closing,
            attrs,
            len: end,
        })
    }

    fn span(&self, name: &str) -> usize {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .max(1)
    }
}

/// Reads attributes from `i` to the end of the tag; returns them and the end offset.
fn attributes(s: &str, mut i: usize) -> (Vec<(String, String)>, usize) {
    let b = s.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, b.len());
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let ks = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = s[ks..i].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            if let Some(&q) = b.get(i).filter(|q| **q == b'"' || **q == b'\'') {
                let vs = i + 1;
                let ve = s[vs..].find(q as char).map_or(b.len(), |e| vs + e);
                value = s[vs..ve].to_string();
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = s[vs..i].to_string();
            }
        }
        if ks == i {
            i += 1;
        }
        attrs.push((key, value));
    }
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

#[derive(Default)]
struct Builder {
    tables: Vec<RawTable>,
    /// Tables being read, innermost last.
    open: Vec<RawTable>,
    heading: String,
    all_text: String,
    cell: Option<RawCell>,
}

impl Builder {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        // Line ends in HTML source are spaces.
        let t = decode_entities(raw).replace(['\r', '\n', '\t'], " ");
        self.all_text.push_str(&t);
        self.push(&t);
    }

    fn push(&mut self, t: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.text.push_str(t);
        } else if self.open.is_empty() {
            self.heading.push_str(t);
        }
    }

    fn newline(&mut self) {
        self.all_text.push('\n');
        self.push("\n");
    }

    fn tag(&mut self, tag: &Tag) {
        match (tag.name.as_str(), tag.closing) {
            ("table", false) => {
                if let Some(outer) = self.open.last_mut() {
                    outer.nested = true;
                }
                self.open.push(RawTable {
                    heading: std::mem::take(&mut self.heading),
                    ..RawTable::default()
                });
            }
            ("table", true) => {
                if self.open.len() == 1 {
                    self.close_cell();
                }
                if let Some(t) = self.open.pop()
                    && self.open.is_empty()
                {
                    self.tables.push(t);
                }
            }
            ("tr", false) if self.open.len() == 1 => {
                self.close_cell();
                if let Some(t) = self.open.last_mut() {
                    t.rows.push(Vec::new());
                }
            }
            ("tr", true) if self.open.len() == 1 => self.close_cell(),
            ("td" | "th", false) if self.open.len() == 1 => {
                self.close_cell();
                let mut c = RawCell::new("");
                c.colspan = tag.span("colspan");
                c.rowspan = tag.span("rowspan");
                self.cell = Some(c);
            }
            ("td" | "th", true) if self.open.len() == 1 => self.close_cell(),
            ("br", _) => self.newline(),
            (
                "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "td" | "th",
                _,
            ) => self.newline(),
            _ => {}
        }
    }

    fn close_cell(&mut self) {
        let Some(mut c) = self.cell.take() else {
            return;
        };
        c.text = clean_text(&c.text);
        if let Some(t) = self.open.last_mut() {
            if t.rows.is_empty() {
                t.rows.push(Vec::new());
            }
            if let Some(row) = t.rows.last_mut() {
                row.push(c);
            }
        }
    }

    fn finish(mut self) -> (Vec<RawTable>, String) {
        while !self.open.is_empty() {
            self.tag(&Tag {
                name: "table".into(),
                closing: true,
                attrs: Vec::new(),
                len: 0,
            });
        }
        (self.tables, self.all_text)
    }
}

/// Replaces character references (`&amp;`, `&#7871;`, `&#x1EBF;`, `&nbsp;` …).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                n.and_then(char::from_u32).map(String::from)
            } else {
                named_entity(name).map(String::from)
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push_str(&c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The named character references such pages use.
pub(crate) fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ndash" => "–",
        "mdash" => "—",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "hellip" => "…",
        "bull" => "•",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerant_cells_and_spans() {
        let html = "<p>Mã TTHC: 1.001806</p><TABLE><tr><td colspan=2>A &amp; B<br>c<td rowspan='2'>x</tr><tr><td>1<td>2</table>tail";
        let (tables, text) = read(html);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.heading.trim(), "Mã TTHC: 1.001806");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][0].text, "A & B\nc");
        assert_eq!(t.rows[0][0].colspan, 2);
        assert_eq!(t.rows[0][1].rowspan, 2);
        assert_eq!(t.rows[1].len(), 2);
        assert!(text.contains("tail"));
    }

    #[test]
    fn nested_and_unclosed() {
        let (tables, _) = read("<table><tr><td>a<table><tr><td>b</td></tr></table></td></tr>");
        assert_eq!(tables.len(), 1);
        assert!(tables[0].nested);
        assert_eq!(decode_entities("&#7871;&#x1EBF;&foo;"), "ếế&foo;");
    }
}
