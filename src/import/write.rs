//! Writing what was read: the `steps`/`phases` block of a procedure's front matter (made
//! anew, keeping the `how`, `who` and `forms` the agency added to a step), the edit that puts
//! it in an existing document without touching anything else, and the catalog entries.

use super::cases::Case;
use super::recognise::{Phase, Procedure, Step};
use crate::frontmatter;
use crate::model::Document;
use crate::model::fields::{self, DOCUMENT};
use crate::publish::edit::EditError;
use crate::templates::yaml_scalar;
use crate::yaml::{self, Limits, Value};

/// What the agency added by hand to a step, kept across re-imports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Kept {
    pub how: Option<String>,
    pub who: Option<String>,
    pub forms: Vec<String>,
    /// The cases the agency marked on a step the decision does not assign to one.
    pub cases: Vec<String>,
}

/// A step of a document as it stands: its phase and label, what the import compares, and
/// what it keeps.
#[derive(Clone, Debug)]
pub(crate) struct OldStep {
    pub phase: usize,
    pub label: String,
    /// Label, task, responsible, time and output as one comparable value.
    pub compared: [String; 5],
    pub kept: Kept,
}

fn text_of(s: &Option<crate::model::Sp<String>>) -> String {
    s.as_ref().map_or(String::new(), |v| v.value.clone())
}

/// The steps of a document, grouped by phase.
pub(crate) fn old_steps(d: &Document) -> Vec<OldStep> {
    let mut out = Vec::new();
    for (phase, range) in d.step_groups().into_iter().enumerate() {
        for s in &d.steps()[range] {
            let label = text_of(&s.label);
            out.push(OldStep {
                phase,
                label: label.clone(),
                compared: [
                    label,
                    text_of(&s.task),
                    text_of(&s.responsible),
                    s.time
                        .as_ref()
                        .map_or(String::new(), |t| t.text.value.clone()),
                    text_of(&s.output),
                ],
                kept: Kept {
                    how: s.how.as_ref().map(|v| v.value.clone()),
                    who: s.who.as_ref().map(|v| v.value.clone()),
                    forms: s.forms.iter().map(|f| f.value.clone()).collect(),
                    cases: s.cases.iter().map(|c| c.value.trim().to_string()).collect(),
                },
            });
        }
    }
    out
}

fn compared(s: &Step) -> [String; 5] {
    let t = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        t(&s.label),
        t(&s.task),
        t(&s.responsible),
        t(&s.time),
        t(&s.output),
    ]
}

/// The cases a step is written with: its case in the decision, else those the agency marked.
fn cases_of(s: &Step, kept: Option<&Kept>) -> Vec<String> {
    match &s.case {
        Some(id) => vec![id.clone()],
        None => kept.map_or(Vec::new(), |k| k.cases.clone()),
    }
}

/// The case limits a document has: a case the decision gives no limit keeps the one the
/// agency wrote.
pub(crate) fn old_limits(d: &Document) -> Vec<(String, String)> {
    let limits = d.cases().iter().map(|c| c.time_limit.as_ref());
    d.case_ids()
        .into_iter()
        .zip(limits)
        .filter_map(|(id, t)| Some((id, t?.text.value.clone())))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect()
}

/// Pairs each new step with the old one it replaces: the same label (and case) in the same
/// phase, else the same place in the phase.
pub(crate) fn pair<'a>(p: &Procedure, old: &'a [OldStep]) -> Vec<Vec<Option<&'a OldStep>>> {
    let mut used = vec![false; old.len()];
    let mut out = Vec::new();
    for (pi, ph) in p.phases.iter().enumerate() {
        let olds: Vec<usize> = (0..old.len()).filter(|&i| old[i].phase == pi).collect();
        let mut row = Vec::new();
        for (si, s) in ph.steps.iter().enumerate() {
            let label = s.label.as_deref().unwrap_or("");
            let case = |i: usize| s.case.is_none() || old[i].kept.cases == cases_of(s, None);
            let by_label = olds
                .iter()
                .copied()
                .find(|&i| !used[i] && !label.is_empty() && old[i].label == label && case(i));
            let by_place = olds.get(si).copied().filter(|&i| !used[i]);
            let hit = by_label.or(by_place);
            if let Some(i) = hit {
                used[i] = true;
            }
            row.push(hit.map(|i| &old[i]));
        }
        out.push(row);
    }
    out
}

/// The labels of the steps that are new or differ from the step they replace, and of the old
/// steps that are gone.
pub(crate) fn changed_steps(p: &Procedure, old: &[OldStep]) -> Vec<String> {
    let pairs = pair(p, old);
    let mut out = Vec::new();
    let mut n = 0;
    for (ph, row) in p.phases.iter().zip(&pairs) {
        for (s, o) in ph.steps.iter().zip(row) {
            n += 1;
            let differs = |o: &OldStep| {
                o.compared != compared(s) || o.kept.cases != cases_of(s, Some(&o.kept))
            };
            if o.is_none_or(differs) {
                out.push(shown_label(s.label.as_deref(), n));
            }
        }
    }
    let paired: Vec<*const OldStep> = pairs
        .iter()
        .flatten()
        .flatten()
        .map(|o| *o as *const _)
        .collect();
    for (i, o) in old.iter().enumerate() {
        if !paired.contains(&(o as *const _)) {
            out.push(shown_label(Some(&o.label), i + 1));
        }
    }
    out
}

fn shown_label(label: Option<&str>, n: usize) -> String {
    match label {
        Some(l) if !l.is_empty() => l.to_string(),
        _ => format!("#{n}"),
    }
}

/// Writes `key: value` at an indent: a plain or quoted scalar, or a `|-` block for text of
/// several lines.
fn field(out: &mut String, indent: &str, key: &str, value: &str) {
    if value.contains('\n') {
        out.push_str(&format!("{indent}{key}: |-\n"));
        for line in value.lines() {
            out.push_str(&format!("{indent}  {line}\n"));
        }
    } else {
        out.push_str(&format!("{indent}{key}: {}\n", yaml_scalar(value)));
    }
}

fn step(out: &mut String, indent: &str, s: &Step, kept: Option<&Kept>) {
    let inner = format!("{indent}  ");
    let mut first = true;
    let mut put = |out: &mut String, key: &str, v: &str| {
        let mut one = String::new();
        field(&mut one, &inner, key, v);
        if first {
            one.replace_range(..inner.len(), &format!("{indent}- "));
            first = false;
        }
        out.push_str(&one);
    };
    if let Some(l) = &s.label {
        put(out, "label", l);
    }
    if let Some(t) = &s.task {
        put(out, "task", t);
    }
    if let Some(h) = kept.and_then(|k| k.how.as_deref()) {
        put(out, "how", h);
    }
    put(out, "responsible", s.responsible.as_deref().unwrap_or(""));
    if let Some(w) = kept.and_then(|k| k.who.as_deref()) {
        put(out, "who", w);
    }
    if let Some(t) = &s.time {
        put(out, "time", t);
    }
    if let Some(o) = &s.output {
        put(out, "output", o);
    }
    if let Some(k) = kept.filter(|k| !k.forms.is_empty()) {
        let forms: Vec<String> = k.forms.iter().map(|f| yaml_scalar(f)).collect();
        out.push_str(&format!("{inner}forms: [{}]\n", forms.join(", ")));
    }
    let cases = cases_of(s, kept);
    if !cases.is_empty() {
        let ids: Vec<String> = cases.iter().map(|c| yaml_scalar(c)).collect();
        out.push_str(&format!("{inner}cases: [{}]\n", ids.join(", ")));
    }
}

/// The `cases` entry: each case with its id, name and limit (a limit the decision does not
/// give is the agency's, else left blank for `check` to report).
fn cases_block(out: &mut String, p: &Procedure, limits: &[(String, String)], comment: &str) {
    out.push_str("cases:\n");
    out.push_str(&format!("  {comment}\n"));
    if p.cases_unmarked() {
        out.push_str(UNMARKED);
    }
    for c in &p.cases {
        let kept = limits.iter().find(|(id, _)| *id == c.id).map(|(_, t)| t);
        let limit = c.time_limit.as_ref().or(kept).map_or("", String::as_str);
        case(out, c, limit);
    }
}

/// The note above cases whose steps the table does not mark.
const UNMARKED: &str = concat!(
    "  # Quyết định ghi thời hạn riêng cho từng trường hợp nhưng không ghi bước nào thuộc trường\n",
    "  # hợp nào: ghi `cases` ở mỗi bước chỉ thuộc một số trường hợp (ví dụ `cases: [\"2\"]`); bước\n",
    "  # thuộc mọi trường hợp thì bỏ trống. Khi chưa ghi, `qmsdoc check` báo T002 ở trường hợp có\n",
    "  # thời hạn ngắn hơn tổng thời gian các bước.\n",
);

fn case(out: &mut String, c: &Case, limit: &str) {
    let mut one = String::new();
    field(&mut one, "    ", "id", &c.id);
    field(&mut one, "    ", "name", &c.name);
    field(&mut one, "    ", "time_limit", limit);
    one.replace_range(..4, "  - ");
    out.push_str(&one);
}

/// The front-matter block an import owns: `time_unit`, `cases`, then `steps` (one unnamed
/// phase) or `phases`, with the source cited in a comment.
pub(crate) fn steps_block(
    p: &Procedure,
    old: &[OldStep],
    limits: &[(String, String)],
    source: &str,
) -> String {
    let mut out = String::new();
    if let Some(u) = &p.time_unit {
        out.push_str(&format!("time_unit: {}\n", yaml_scalar(u)));
    }
    let comment = format!("# Nhập từ {source}.");
    if !p.cases.is_empty() {
        cases_block(&mut out, p, limits, &comment);
    }
    let pairs = pair(p, old);
    let single =
        p.phases.len() == 1 && p.phases[0].name.is_none() && p.phases[0].time_limit.is_none();
    if single {
        out.push_str("steps:\n");
        out.push_str(&format!("  {comment}\n"));
        for (s, o) in p.phases[0].steps.iter().zip(&pairs[0]) {
            step(&mut out, "  ", s, o.map(|o| &o.kept));
        }
        return out;
    }
    out.push_str("phases:\n");
    out.push_str(&format!("  {comment}\n"));
    for (ph, row) in p.phases.iter().zip(&pairs) {
        phase(&mut out, ph, row);
    }
    out
}

fn phase(out: &mut String, ph: &Phase, row: &[Option<&OldStep>]) {
    let mut head = String::new();
    if let Some(n) = &ph.name {
        field(&mut head, "    ", "name", n);
    }
    if let Some(t) = &ph.time_limit {
        field(&mut head, "    ", "time_limit", t);
    }
    head.push_str("    steps:\n");
    head.replace_range(..4, "  - ");
    out.push_str(&head);
    for (s, o) in ph.steps.iter().zip(row) {
        step(out, "      ", s, o.map(|o| &o.kept));
    }
}

/// What an import does with a document's `time_limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limit<'a> {
    /// The table states none: the document's stays.
    Keep,
    Set(&'a str),
    /// Each case has its own (in `cases`): the one for all goes.
    Remove,
}

impl<'a> Limit<'a> {
    pub(crate) fn of(p: &'a Procedure) -> Limit<'a> {
        match (p.cases.is_empty(), p.time_limit.as_deref()) {
            (false, _) => Limit::Remove,
            (true, Some(t)) => Limit::Set(t),
            (true, None) => Limit::Keep,
        }
    }
}

/// Puts the block in place of the document's `steps`, `phases`, `cases` and `time_unit`
/// entries (at the first of them, else before `records`, else at the end) and sets or removes
/// `time_limit`.
pub(crate) fn update(text: &str, block: &str, time_limit: Limit) -> Result<String, EditError> {
    let split = frontmatter::split(text).map_err(|_| EditError::NoFrontMatter)?;
    let (ys, ye) = (split.yaml.start, split.yaml.end);
    let root = yaml::parse(&text[ys..ye], ys, Limits::FrontMatter).map_err(EditError::Yaml)?;
    let entries = root.as_map().unwrap_or(&[]);
    let key_of = |k: &yaml::Node| fields::lookup(DOCUMENT, k.key_text(text)).map(|f| f.key);
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut insert_at: Option<usize> = None;
    let mut records_at: Option<usize> = None;
    for (i, (k, _)) in entries.iter().enumerate() {
        let key = key_of(k);
        if key == Some("records") {
            records_at = Some(line_start(k.span.start));
        }
        let removed = time_limit == Limit::Remove && key == Some("time_limit");
        if !matches!(key, Some("steps" | "phases" | "time_unit" | "cases")) && !removed {
            continue;
        }
        let start = line_start(k.span.start);
        let next = entries
            .get(i + 1)
            .map_or(ye, |(n, _)| line_start(n.span.start));
        let end = trim_trailing_comments(text, start, next);
        if !removed {
            insert_at.get_or_insert(start);
        }
        cuts.push((start, end));
    }
    let at = insert_at.or(records_at).unwrap_or(ye);
    let nl = if text[ys..ye].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let block = block.replace('\n', nl);
    let mut out = String::with_capacity(text.len() + block.len());
    let mut pos = 0;
    let mut placed = false;
    for (s, e) in cuts.iter().copied().chain(std::iter::once((at, at))) {
        if s < pos {
            continue;
        }
        out.push_str(&text[pos..s]);
        if !placed && s >= at {
            out.push_str(&block);
            placed = true;
        }
        pos = e;
    }
    out.push_str(&text[pos..]);
    match time_limit {
        Limit::Set(t) => crate::publish::edit::apply(&out, &[("time_limit", yaml_scalar(t))], None),
        Limit::Keep | Limit::Remove => Ok(out),
    }
}

/// The end of an entry without the comment and blank lines that stand before the next one.
fn trim_trailing_comments(text: &str, start: usize, end: usize) -> usize {
    let mut e = end;
    while e > start {
        let line_start = text[..e - 1].rfind('\n').map_or(0, |i| i + 1).max(start);
        let line = text[line_start..e].trim();
        if line.is_empty() || (line.starts_with('#') && !text[line_start..e].starts_with("  ")) {
            e = line_start;
        } else {
            break;
        }
    }
    e
}

/// A catalog entry to add.
pub(crate) struct Entry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub time_limit: Option<&'a str>,
}

/// `tthc/catalog.yaml` with the entries added at the end of `procedures` (the file is made
/// when there is none).
pub(crate) fn catalog_add(text: Option<&str>, add: &[Entry]) -> Result<String, EditError> {
    let mut items = String::new();
    for e in add {
        items.push_str(&format!("  - code: {}\n", yaml_scalar(e.code)));
        items.push_str(&format!("    name: {}\n", yaml_scalar(e.name)));
        if let Some(t) = e.time_limit {
            let mut f = String::new();
            field(&mut f, "    ", "time_limit", t);
            items.push_str(&f);
        }
    }
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(format!("procedures:\n{items}"));
    };
    let root = yaml::parse(text, 0, Limits::FrontMatter).map_err(EditError::Yaml)?;
    let entry = root.as_map().and_then(|m| {
        m.iter()
            .find(|(k, _)| fields::lookup(fields::CATALOG, k.key_text(text)).is_some())
    });
    let mut out = text.to_string();
    match entry {
        Some((_, v))
            if matches!(&v.value, Value::Seq(s) if !s.is_empty())
                && !text[v.span.start..v.span.end].trim_start().starts_with('[') =>
        {
            let end = text[v.span.end..]
                .find('\n')
                .map_or(text.len(), |i| v.span.end + i + 1);
            if end == text.len() && !text.ends_with('\n') {
                out.push('\n');
                out.push_str(&items);
            } else {
                out.insert_str(end, &items);
            }
        }
        Some((k, v)) => {
            let existing = match &v.value {
                Value::Seq(s) => s.iter().map(|i| format!("  - {}\n", i.raw(text))).collect(),
                _ => String::new(),
            };
            let end = text[v.span.end..]
                .find('\n')
                .map_or(text.len(), |i| v.span.end + i + 1);
            out.replace_range(
                k.span.start..end,
                &format!("{}:\n{existing}{items}", k.raw(text)),
            );
        }
        None => {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("procedures:\n{items}"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proc_one() -> Procedure {
        Procedure {
            tthc: Some("1.000001".into()),
            phases: vec![Phase {
                steps: vec![Step {
                    label: Some("Bước 1".into()),
                    task: Some("Tiếp nhận\n- kiểm tra".into()),
                    responsible: Some("Một cửa".into()),
                    time: Some("0,5 ngày".into()),
                    output: None,
                    case: None,
                }],
                ..Phase::default()
            }],
            table: 2,
            ..Procedure::default()
        }
    }

    #[test]
    fn replaces_the_block_and_keeps_the_rest() {
        let text = "---\ncode: QT-01 # mã\nsteps:\n  - { task: cũ, responsible: A, time: 1 ngày }\n# về hồ sơ\nrecords: []\n---\nThân\n";
        let block = steps_block(&proc_one(), &[], &[], "QĐ 1");
        let out = update(text, &block, Limit::Keep).unwrap();
        assert_eq!(
            out,
            "---\ncode: QT-01 # mã\nsteps:\n  # Nhập từ QĐ 1.\n  - label: Bước 1\n    task: |-\n      Tiếp nhận\n      - kiểm tra\n    responsible: Một cửa\n    time: 0,5 ngày\n# về hồ sơ\nrecords: []\n---\nThân\n"
        );
        assert_eq!(update(&out, &block, Limit::Keep).unwrap(), out);
    }

    #[test]
    fn catalog_entries_are_appended() {
        let e = [Entry {
            code: "1.000001",
            name: "Cấp phép",
            time_limit: Some("05 ngày"),
        }];
        assert_eq!(
            catalog_add(Some("procedures: []\n"), &e).unwrap(),
            "procedures:\n  - code: \"1.000001\"\n    name: Cấp phép\n    time_limit: 05 ngày\n"
        );
        let two =
            catalog_add(Some("# c\nprocedures:\n  - code: \"1\"\n    name: A\n"), &e).unwrap();
        assert!(two.ends_with(
            "name: A\n  - code: \"1.000001\"\n    name: Cấp phép\n    time_limit: 05 ngày\n"
        ));
    }
}
