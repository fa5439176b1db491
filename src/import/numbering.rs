//! Word's list numbering (`word/numbering.xml`): the text a numbered or bulleted paragraph
//! shows before its own ("1.", "a)", "-"), which the document itself does not hold.

use quick_xml::events::Event;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The list definitions of a document and the counters of the lists read so far.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    /// `w:abstractNumId` → levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// `w:numId` → `w:abstractNumId`.
    nums: HashMap<String, String>,
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    /// Reads the definitions; a part that cannot be read gives no numbering (text still comes).
    pub(crate) fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut abs, mut num, mut level): (Option<String>, Option<String>, Option<usize>) =
            (None, None, None);
        while let Ok(ev) = reader.read_event() {
            let (e, _) = match &ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::Eof => break,
                _ => continue,
            };
            let val = || super::docx::attr(e, "w:val").unwrap_or_default();
            match e.name().0 {
                "w:abstractNum" => abs = super::docx::attr(e, "w:abstractNumId"),
                "w:num" => num = super::docx::attr(e, "w:numId"),
                "w:abstractNumId" => {
                    if let Some(id) = num.clone() {
                        n.nums.insert(id, val());
                    }
                }
                "w:lvl" => {
                    level = super::docx::attr(e, "w:ilvl").and_then(|v| v.parse().ok());
                    if let (Some(a), Some(l)) = (&abs, level) {
                        let levels = n.abstracts.entry(a.clone()).or_default();
                        if levels.len() <= l && l < 9 {
                            levels.resize(l + 1, Level::default());
                        }
                    }
                }
                "w:numFmt" | "w:lvlText" | "w:start" => {
                    let Some(lv) = abs
                        .as_ref()
                        .zip(level)
                        .and_then(|(a, l)| n.abstracts.get_mut(a)?.get_mut(l))
                    else {
                        continue;
                    };
                    match e.name().0 {
                        "w:numFmt" => lv.format = val(),
                        "w:lvlText" => lv.text = val(),
                        _ => lv.start = val().parse().unwrap_or(1),
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// The marker of the next paragraph of list `num` at `level`, counting it.
    pub(crate) fn next(&mut self, num: &str, level: usize) -> Option<String> {
        let levels = self.abstracts.get(self.nums.get(num)?)?;
        let lv = levels.get(level)?;
        if lv.format == "bullet" {
            return Some(bullet(&lv.text).to_string());
        }
        if lv.format == "none" {
            return None;
        }
        let counters = self.counters.entry(num.to_string()).or_default();
        if counters.len() <= level {
            counters.resize(level + 1, 0);
        }
        counters.truncate(level + 1);
        counters[level] = if counters[level] == 0 {
            lv.start.max(1)
        } else {
            counters[level] + 1
        };
        let mut text = lv.text.clone();
        for (i, l) in levels.iter().enumerate().take(level + 1) {
            let value = counters.get(i).copied().unwrap_or(l.start.max(1)).max(1);
            text = text.replace(&format!("%{}", i + 1), &format_number(value, &l.format));
        }
        Some(text)
    }
}

/// Word writes bullets as symbol-font characters; they read best as a dash.
fn bullet(text: &str) -> &str {
    match text {
        "-" | "+" | "•" | "–" | "*" => text,
        _ => "-",
    }
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letter(n).to_string(),
        "upperLetter" => letter(n).to_ascii_uppercase().to_string(),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn letter(n: u32) -> char {
    char::from(b'a' + ((n.max(1) - 1) % 26) as u8)
}

fn roman(mut n: u32) -> String {
    const R: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, t) in R {
        while n >= v {
            s.push_str(t);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_formats() {
        let xml = r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let mut n = Numbering::parse(xml);
        assert_eq!(n.next("3", 0).as_deref(), Some("1."));
        assert_eq!(n.next("3", 1).as_deref(), Some("a)"));
        assert_eq!(n.next("3", 1).as_deref(), Some("b)"));
        assert_eq!(n.next("3", 0).as_deref(), Some("2."));
        assert_eq!(n.next("3", 1).as_deref(), Some("a)"));
        assert_eq!(n.next("4", 0).as_deref(), Some("-"));
        assert_eq!(n.next("9", 0), None);
    }
}
