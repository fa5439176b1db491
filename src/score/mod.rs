//! `qmsdoc score`: the yearly self-assessment of the QMS in the columns provinces use
//! (Tiêu chí | Điểm tối đa | Số liệu kê khai | Cách tính điểm | Tài liệu kiểm chứng | Điểm tự
//! đánh giá), one row per criterion of a criteria file; the computed rows carry their
//! evidence.

pub(crate) mod criteria;
pub(crate) mod measure;
pub(crate) mod pdf;

use criteria::{Criteria, Method};
use measure::{Evidence, Input, Measured};

/// One row of the self-assessment.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Row {
    pub id: String,
    pub title: String,
    pub max: Option<f64>,
    pub method: Method,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<criteria::Measure>,
    /// Số liệu kê khai.
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
    /// Cách tính điểm.
    pub rule: String,
    /// Tài liệu kiểm chứng.
    pub evidence: Vec<Evidence>,
    /// Điểm tự đánh giá; `None` while the maximum (or a manual row's points) is not set.
    pub points: Option<f64>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct Score {
    pub year: u16,
    pub as_of: String,
    pub agency: String,
    pub title: String,
    pub total_max: Option<f64>,
    pub total_points: Option<f64>,
    pub rows: Vec<Row>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Scores every criterion.
pub(crate) fn score(c: &Criteria, input: &Input) -> Score {
    let rows: Vec<Row> = c.criteria.iter().map(|k| row(k, input)).collect();
    let total_max = c.total.as_ref().map(|t| t.value).or_else(|| {
        let m: Option<Vec<f64>> = rows.iter().map(|r| r.max).collect();
        m.map(|m| m.iter().sum())
    });
    let total_points = rows
        .iter()
        .map(|r| r.points)
        .collect::<Option<Vec<f64>>>()
        .map(|p| round2(p.iter().sum()));
    Score {
        year: input.year,
        as_of: input.as_of.to_string(),
        agency: input
            .ws
            .config
            .agency
            .name
            .as_ref()
            .map_or_else(String::new, |n| n.value.clone()),
        title: c
            .title
            .as_ref()
            .map_or_else(String::new, |t| t.value.clone()),
        total_max,
        total_points,
        rows,
    }
}

fn row(k: &criteria::Criterion, input: &Input) -> Row {
    let text = |v: &Option<crate::model::Sp<String>>| {
        v.as_ref().map_or_else(String::new, |s| s.value.clone())
    };
    let method = k.method.as_ref().map_or(Method::Manual, |m| m.value);
    let source = k.source.as_ref().map(|s| s.value);
    let max = k.max.as_ref().map(|m| m.value);
    let measured = match (method, source) {
        (Method::Manual, _) | (_, None) => Measured {
            value: text(&k.value),
            evidence: k
                .evidence
                .as_ref()
                .map(|e| Evidence {
                    note: Some(e.value.clone()),
                    ..Evidence::default()
                })
                .into_iter()
                .collect(),
            ..Measured::default()
        },
        (_, Some(s)) => measure::measure(s, input),
    };
    let points = match method {
        Method::Manual => k.points.as_ref().map(|p| p.value),
        Method::Ratio => max.zip(measured.ratio).map(|(m, r)| round2(m * r)),
        Method::Boolean => max
            .zip(measured.met)
            .map(|(m, ok)| if ok { m } else { 0.0 }),
    };
    Row {
        id: text(&k.id),
        title: text(&k.title),
        max,
        method,
        source,
        value: measured.value,
        ratio: measured.ratio.map(round2),
        met: measured.met,
        rule: text(&k.rule),
        evidence: measured.evidence,
        points,
    }
}

/// A number as a Vietnamese table writes it: "2,5", "10"; "—" for none.
pub(crate) fn points_text(x: Option<f64>) -> String {
    match x {
        None => "—".to_string(),
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x}").replace('.', ","),
    }
}

/// The self-assessment for a person: one block per criterion, in the columns of the
/// provinces' forms.
pub(crate) fn write_human(s: &Score, out: &mut impl std::io::Write) -> std::io::Result<()> {
    use crate::i18n::tr;
    writeln!(out, "{}", s.title)?;
    writeln!(
        out,
        "{} — {} {} ({} {})",
        s.agency,
        tr("năm", "year"),
        s.year,
        tr("tính đến", "as of"),
        s.as_of
    )?;
    for r in &s.rows {
        writeln!(out)?;
        writeln!(out, "{}. {}", r.id, r.title)?;
        let labels = [
            (tr("Điểm tối đa", "Maximum points"), points_text(r.max)),
            (tr("Số liệu kê khai", "Figures declared"), r.value.clone()),
            (tr("Cách tính điểm", "Scoring rule"), r.rule.clone()),
        ];
        for (label, value) in labels {
            writeln!(out, "   {label}: {value}")?;
        }
        writeln!(out, "   {}:", tr("Tài liệu kiểm chứng", "Evidence"))?;
        for e in &r.evidence {
            writeln!(out, "     - {}", evidence_line(e))?;
        }
        writeln!(
            out,
            "   {}: {}",
            tr("Điểm tự đánh giá", "Self-assessed points"),
            points_text(r.points)
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}: {} / {}",
        tr("Tổng điểm tự đánh giá", "Total self-assessed points"),
        points_text(s.total_points),
        points_text(s.total_max)
    )
}

/// The self-assessment as one HTML page in the provinces' columns, to post, print or keep
/// with the inspection file.
pub(crate) fn write_html(s: &Score, out: &mut impl std::io::Write) -> std::io::Result<()> {
    use crate::i18n::tr;
    use crate::text::html_escape as esc;
    let heads = [
        tr("Tiêu chí", "Criterion"),
        tr("Điểm tối đa", "Maximum points"),
        tr("Số liệu kê khai", "Figures declared"),
        tr("Cách tính điểm", "Scoring rule"),
        tr("Tài liệu kiểm chứng", "Evidence"),
        tr("Điểm tự đánh giá", "Self-assessed points"),
    ];
    let lang = if crate::i18n::lang() == crate::i18n::Lang::Vi {
        "vi"
    } else {
        "en"
    };
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>",
        esc(&s.title)
    )?;
    writeln!(
        out,
        "<style>\nbody {{ font-family: \"Times New Roman\", \"Liberation Serif\", serif; margin: 1.5rem; }}\ntable {{ border-collapse: collapse; width: 100%; }}\nth, td {{ border: 1px solid #777; padding: .3rem .5rem; vertical-align: top; text-align: left; }}\ntd.n {{ text-align: right; white-space: nowrap; }}\n@page {{ size: A4 landscape; margin: 15mm; }}\n</style>\n</head>\n<body>"
    )?;
    writeln!(out, "<h1>{}</h1>", esc(&s.title))?;
    writeln!(
        out,
        "<p>{} — {} {} ({} {})</p>",
        esc(&s.agency),
        tr("năm", "year"),
        s.year,
        tr("tính đến", "as of"),
        esc(&s.as_of)
    )?;
    write!(out, "<table>\n<thead><tr>")?;
    for h in heads {
        write!(out, "<th>{h}</th>")?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for r in &s.rows {
        let evidence: Vec<String> = r.evidence.iter().map(|e| esc(&evidence_line(e))).collect();
        writeln!(
            out,
            "<tr><td>{}. {}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.id),
            esc(&r.title),
            points_text(r.max),
            esc(&r.value),
            esc(&r.rule),
            evidence.join("<br>"),
            points_text(r.points)
        )?;
    }
    writeln!(
        out,
        "</tbody>\n<tfoot><tr><th colspan=\"5\">{}</th><td class=\"n\">{} / {}</td></tr></tfoot>\n</table>\n</body>\n</html>",
        tr("Tổng điểm tự đánh giá", "Total self-assessed points"),
        points_text(s.total_points),
        points_text(s.total_max)
    )
}

/// One piece of evidence on one line: the file and its sha256, or the tag and its commit,
/// then the note.
pub(crate) fn evidence_line(e: &Evidence) -> String {
    let mut parts = Vec::new();
    if let Some(f) = &e.file {
        parts.push(f.clone());
    }
    if let Some(h) = &e.sha256 {
        parts.push(format!("sha256 {h}"));
    }
    if let Some(t) = &e.tag {
        parts.push(format!("tag {t}"));
    }
    if let Some(c) = &e.commit {
        parts.push(format!("commit {c}"));
    }
    if let Some(n) = &e.note {
        parts.push(n.clone());
    }
    parts.join("  ")
}
