//! PDFs read back with poppler's `pdftotext -bbox`: every word with its box.

use super::tool_output;
use std::path::Path;

#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

#[derive(Debug)]
pub(crate) struct PageWords {
    pub width: f64,
    pub words: Vec<Word>,
}

fn attr(line: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = line.find(&key).expect("attribute") + key.len();
    let end = start + line[start..].find('"').expect("closing quote");
    line[start..end].parse().expect("number")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every word of every page with its box, from `pdftotext -bbox`.
pub(crate) fn words(dir: &Path, pdf: &str) -> Vec<PageWords> {
    let html = tool_output(dir, "pdftotext", &["-bbox", pdf, "-"]);
    let mut pages = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(PageWords {
                width: attr(line, "width"),
                words: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let text = &line[line.find('>').expect(">") + 1..line.rfind("</word>").expect("end")];
            let w = Word {
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
                text: unescape(text),
            };
            pages.last_mut().expect("a page").words.push(w);
        }
    }
    pages
}

/// The words that pass `keep`, in reading order (top to bottom, then left to right), joined by
/// single spaces.
pub(crate) fn text(words: &[Word], keep: impl Fn(&Word) -> bool) -> String {
    let mut w: Vec<&Word> = words.iter().filter(|w| keep(w)).collect();
    w.sort_by(|a, b| {
        let line = |w: &Word| (w.y1 * 2.0).round() as i64;
        line(a).cmp(&line(b)).then(a.x0.total_cmp(&b.x0))
    });
    w.iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words that pass `keep`, as lines: words whose baselines are within 1 pt of each other
/// make one line, left to right.
pub(crate) fn lines(words: &[Word], keep: impl Fn(&Word) -> bool) -> Vec<String> {
    let mut w: Vec<&Word> = words.iter().filter(|w| keep(w)).collect();
    w.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<(f64, Vec<&Word>)> = Vec::new();
    for word in w {
        match out.last_mut() {
            Some((y, line)) if (word.y1 - *y).abs() < 1.0 => line.push(word),
            _ => out.push((word.y1, vec![word])),
        }
    }
    out.into_iter()
        .map(|(_, mut line)| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            line.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}
