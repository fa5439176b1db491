//! A workflow as a BPMN 2.0 process, and back.
//!
//! The writer draws one process per procedure, in a pool: a lane per responsible unit (`who`),
//! inside a lane per phase for an inter-agency procedure; a user task per step, its
//! documentation the step's method, forms, output and accountable unit; a non-interrupting
//! timer on each timed step, leading to an "overdue" end event; BPMN DI so that modelling
//! tools open it drawn. BPMN timers count wall-clock time while step tables count working
//! time, so each timer says which it is in the qmsdoc namespace ([`QMSDOC`]): `qmsdoc:basis`
//! `working` (the duration is working time: `PT8H` is one working day of 8 hours) or
//! `calendar`. Steps with no time of their own carry `qmsdoc:time` (`off-clock`, `immediate`,
//! `shared`). docs/export.md has the whole mapping.
//!
//! The reader takes back what the writer writes, and plain sequential processes from other
//! tools: start → tasks → end, lanes as roles, timers as durations.

mod layout;
mod read;
mod xml;

pub(crate) use read::{ReadError, read};

use super::compare::Configured;
use super::{StepTime, WorkStep, Workflow};
use crate::model::duration::{Basis, Duration, TimeRules};
use layout::{Bounds, Layout, waypoints};
use std::fmt;
use std::path::{Path, PathBuf};

pub(crate) const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
const DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
const DI: &str = "http://www.omg.org/spec/DD/20100524/DI";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The namespace of qmsdoc's extension attributes (a name, not an address).
pub(crate) const QMSDOC: &str = "urn:qmsdoc:bpmn:1";

/// The ids of the start and end events ("Start" and "End" name SpiffWorkflow's own tasks).
const START: &str = "StartEvent_1";
const END: &str = "EndEvent_1";

/// The labelled parts of a task's documentation, in both languages (the reader knows both).
const SECTIONS: [(Section, &str, &str); 4] = [
    (Section::How, "Cách thực hiện", "Method"),
    (Section::Form, "Biểu mẫu", "Form"),
    (Section::Output, "Kết quả", "Output"),
    (Section::Responsible, "Chịu trách nhiệm", "Accountable"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    How,
    Form,
    Output,
    Responsible,
}

/// An XML writer that indents, escapes and leaves out empty attributes.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn tag(&mut self, name: &str, attrs: &[(&str, &str)], close: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs.iter().filter(|(_, v)| !v.is_empty()) {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape(&mut self.out, v, true);
            self.out.push('"');
        }
        self.out.push_str(close);
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, ">\n");
        self.depth += 1;
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, "/>\n");
    }

    fn end(&mut self, name: &str) {
        self.depth -= 1;
        self.tag(&format!("/{name}"), &[], ">\n");
    }

    /// `<name attrs>text</name>` on one line.
    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.tag(name, attrs, ">");
        escape(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }
}

/// Escapes text for XML; in an attribute, line breaks and tabs too (a parser would turn them
/// into spaces). Characters XML 1.0 cannot hold are left out.
fn escape(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// An ISO 8601 duration: working time in hours and minutes (`PT2H`, `PT8H`, `PT1H30M`), calendar
/// time in days (`P15D`).
pub(crate) fn iso(d: Duration) -> String {
    let (days, rest) = match d.basis {
        Basis::Calendar => (d.minutes / (24 * 60), d.minutes % (24 * 60)),
        Basis::Working => (0, d.minutes),
    };
    let mut s = String::from("P");
    if days > 0 {
        s.push_str(&format!("{days}D"));
    }
    if rest > 0 || days == 0 {
        s.push('T');
        let (h, m) = (rest / 60, rest % 60);
        if h > 0 {
            s.push_str(&format!("{h}H"));
        }
        if m > 0 || h == 0 {
            s.push_str(&format!("{m}M"));
        }
    }
    s
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Working => "working",
        Basis::Calendar => "calendar",
    }
}

/// The `qmsdoc:time` keyword of a time that is not an amount.
fn keyword(t: StepTime) -> &'static str {
    match t {
        StepTime::Timed(_) => "",
        StepTime::OffClock => "off-clock",
        StepTime::Immediate => "immediate",
        StepTime::Shared => "shared",
        StepTime::Unstated => "unstated",
    }
}

/// The attributes of a limit: `qmsdoc:timeLimit` (a duration or a keyword) and, for a
/// duration, `qmsdoc:timeLimitBasis` and `qmsdoc:bareDay`.
fn limit_attrs(limit: Option<StepTime>) -> [(&'static str, String); 3] {
    let (value, basis, bare) = match limit {
        Some(StepTime::Timed(d)) => (iso(d), basis_name(d.basis), d.bare_day),
        Some(t) => (keyword(t).to_string(), "", false),
        None => (String::new(), "", false),
    };
    [
        ("qmsdoc:timeLimit", value),
        ("qmsdoc:timeLimitBasis", basis.to_string()),
        ("qmsdoc:bareDay", if bare { "true" } else { "" }.to_string()),
    ]
}

fn refs<'a>(a: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    a.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// An XML id from a document code: characters other than ASCII letters, digits, `-`, `.` and
/// `_` become `_`.
fn xml_id(prefix: &str, code: &str) -> String {
    let tail: String = code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}_{tail}")
}

fn task_id(s: &WorkStep) -> String {
    format!("Task_{}", s.id)
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n  ")
}

/// The task's documentation: the labelled sections that the step has, one per line; the
/// further lines of a section indented by two spaces, so that none reads as a label.
fn documentation(s: &WorkStep) -> String {
    let label = |section: Section| {
        let (_, vi, en) = SECTIONS[SECTIONS.iter().position(|x| x.0 == section).unwrap_or(0)];
        match crate::i18n::lang() {
            crate::i18n::Lang::Vi => vi,
            crate::i18n::Lang::En => en,
        }
    };
    let mut lines = Vec::new();
    if let Some(how) = &s.how {
        lines.push(format!("{}: {}", label(Section::How), indent(how)));
    }
    for f in &s.forms {
        lines.push(format!("{}: {}", label(Section::Form), indent(f)));
    }
    if let Some(o) = &s.output {
        lines.push(format!("{}: {}", label(Section::Output), indent(o)));
    }
    if let Some(r) = &s.responsible {
        lines.push(format!("{}: {}", label(Section::Responsible), indent(r)));
    }
    lines.join("\n")
}

/// The BPMN 2.0 file of a workflow. The same workflow always gives the same bytes.
pub(crate) fn write(w: &Workflow, rules: &TimeRules) -> String {
    let layout = Layout::new(w);
    let mut x = Xml {
        out: String::with_capacity(4096 + w.steps.len() * 2048),
        depth: 0,
    };
    x.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let definitions = xml_id("Definitions", &w.code);
    x.start(
        "bpmn:definitions",
        &[
            ("xmlns:bpmn", BPMN),
            ("xmlns:bpmndi", BPMNDI),
            ("xmlns:dc", DC),
            ("xmlns:di", DI),
            ("xmlns:xsi", XSI),
            ("xmlns:qmsdoc", QMSDOC),
            ("id", &definitions),
            ("targetNamespace", QMSDOC),
            ("exporter", "qmsdoc"),
            ("exporterVersion", env!("CARGO_PKG_VERSION")),
        ],
    );
    let process = xml_id("Process", &w.code);
    x.start("bpmn:collaboration", &[("id", "Collaboration_1")]);
    x.empty(
        "bpmn:participant",
        &[
            ("id", "Participant_1"),
            ("name", &w.name()),
            ("processRef", &process),
        ],
    );
    x.end("bpmn:collaboration");
    write_process(&mut x, w, &layout, &process, rules);
    write_diagram(&mut x, w, &layout);
    x.end("bpmn:definitions");
    x.out
}

fn write_process(x: &mut Xml, w: &Workflow, layout: &Layout, id: &str, rules: &TimeRules) {
    let tthc = w.tthc.clone().unwrap_or_default();
    let (limit, name) = (limit_attrs(w.limit), w.name());
    let mut attrs = vec![
        ("id", id),
        ("name", name.as_str()),
        ("isExecutable", "true"),
        ("qmsdoc:code", w.code.as_str()),
        ("qmsdoc:tthc", tthc.as_str()),
    ];
    attrs.extend(refs(&limit));
    x.start("bpmn:process", &attrs);
    write_lanes(x, w, layout);
    let n = w.steps.len();
    let flow = |i: usize| format!("Flow_{}", i + 1);
    x.start(
        "bpmn:startEvent",
        &[("id", START), ("name", &tr!("Bắt đầu", "Start"))],
    );
    x.leaf("bpmn:outgoing", &[], &flow(0));
    x.end("bpmn:startEvent");
    for (i, s) in w.steps.iter().enumerate() {
        write_step(x, s, &flow(i), &flow(i + 1), rules);
    }
    x.start(
        "bpmn:endEvent",
        &[("id", END), ("name", &tr!("Hoàn thành", "Done"))],
    );
    x.leaf("bpmn:incoming", &[], &flow(n));
    x.end("bpmn:endEvent");
    let nodes: Vec<String> = std::iter::once(START.to_string())
        .chain(w.steps.iter().map(task_id))
        .chain(std::iter::once(END.to_string()))
        .collect();
    for (i, pair) in nodes.windows(2).enumerate() {
        let id = flow(i);
        x.empty(
            "bpmn:sequenceFlow",
            &[
                ("id", &id),
                ("sourceRef", &pair[0]),
                ("targetRef", &pair[1]),
            ],
        );
    }
    for s in w.steps.iter().filter(|s| s.time.duration().is_some()) {
        x.empty(
            "bpmn:sequenceFlow",
            &[
                ("id", &format!("Flow_Late_{}", s.id)),
                ("sourceRef", &format!("Timer_{}", s.id)),
                ("targetRef", &format!("Late_{}", s.id)),
            ],
        );
    }
    x.end("bpmn:process");
}

/// A unit lane's name and, for a step with no unit, the mark that says so.
fn unit_lane(unit: &Option<String>) -> (String, &'static str) {
    match unit {
        Some(u) => (u.clone(), ""),
        None => (tr!("(chưa phân công)", "(unassigned)"), "true"),
    }
}

fn write_lanes(x: &mut Xml, w: &Workflow, layout: &Layout) {
    x.start("bpmn:laneSet", &[("id", "LaneSet_1")]);
    let mut row = 0;
    while row < layout.rows.len() {
        let Some(p) = layout.rows[row].phase else {
            write_unit_lane(x, w, layout, row);
            row += 1;
            continue;
        };
        let end = (row..layout.rows.len())
            .find(|&r| layout.rows[r].phase != Some(p))
            .unwrap_or(layout.rows.len());
        let phase = &w.phases[p];
        let number = (p + 1).to_string();
        let agency = phase.agency.clone().unwrap_or_default();
        let limit = limit_attrs(phase.limit);
        let mut attrs = vec![
            ("id", format!("Phase_{number}")),
            ("name", phase.name.clone()),
            ("qmsdoc:phase", number),
            ("qmsdoc:agency", agency),
        ];
        attrs.extend(limit);
        x.start("bpmn:lane", &refs(&attrs));
        if layout.rows[row].unit.is_some() {
            x.start(
                "bpmn:childLaneSet",
                &[("id", &format!("LaneSet_P{}", p + 1))],
            );
            for r in row..end {
                write_unit_lane(x, w, layout, r);
            }
            x.end("bpmn:childLaneSet");
        }
        x.end("bpmn:lane");
        row = end;
    }
    x.end("bpmn:laneSet");
}

fn write_unit_lane(x: &mut Xml, w: &Workflow, layout: &Layout, row: usize) {
    let Some(unit) = &layout.rows[row].unit else {
        return;
    };
    let (name, unassigned) = unit_lane(unit);
    let id = format!("Lane_{}", row + 1);
    x.start(
        "bpmn:lane",
        &[
            ("id", &id),
            ("name", &name),
            ("qmsdoc:unassigned", unassigned),
        ],
    );
    for (i, s) in w.steps.iter().enumerate() {
        if layout.step_row[i] == row {
            x.leaf("bpmn:flowNodeRef", &[], &task_id(s));
        }
    }
    x.end("bpmn:lane");
}

fn write_step(x: &mut Xml, s: &WorkStep, incoming: &str, outgoing: &str, rules: &TimeRules) {
    let id = task_id(s);
    x.start(
        "bpmn:userTask",
        &[
            ("id", &id),
            ("name", &s.name),
            ("qmsdoc:step", &s.label),
            ("qmsdoc:time", keyword(s.time)),
        ],
    );
    let doc = documentation(s);
    if !doc.is_empty() {
        x.leaf("bpmn:documentation", &[], &doc);
    }
    x.leaf("bpmn:incoming", &[], incoming);
    x.leaf("bpmn:outgoing", &[], outgoing);
    x.end("bpmn:userTask");
    let Some(d) = s.time.duration() else {
        return;
    };
    x.start(
        "bpmn:boundaryEvent",
        &[
            ("id", &format!("Timer_{}", s.id)),
            ("name", &rules.show(d)),
            ("cancelActivity", "false"),
            ("attachedToRef", &id),
            ("qmsdoc:basis", basis_name(d.basis)),
            ("qmsdoc:bareDay", if d.bare_day { "true" } else { "" }),
        ],
    );
    x.leaf("bpmn:outgoing", &[], &format!("Flow_Late_{}", s.id));
    x.start(
        "bpmn:timerEventDefinition",
        &[("id", &format!("TimerDef_{}", s.id))],
    );
    x.leaf(
        "bpmn:timeDuration",
        &[("xsi:type", "bpmn:tFormalExpression")],
        &iso(d),
    );
    x.end("bpmn:timerEventDefinition");
    x.end("bpmn:boundaryEvent");
    x.start(
        "bpmn:endEvent",
        &[
            ("id", &format!("Late_{}", s.id)),
            ("name", &tr!("Quá hạn {}", "Overdue {}", s.label)),
        ],
    );
    x.leaf("bpmn:incoming", &[], &format!("Flow_Late_{}", s.id));
    x.end("bpmn:endEvent");
}

fn shape(x: &mut Xml, element: &str, b: Bounds, extra: &[(&str, &str)]) {
    let id = format!("{element}_di");
    let mut attrs = vec![("id", id.as_str()), ("bpmnElement", element)];
    attrs.extend_from_slice(extra);
    x.start("bpmndi:BPMNShape", &attrs);
    let (bx, by, bw, bh) = (
        b.x.to_string(),
        b.y.to_string(),
        b.w.to_string(),
        b.h.to_string(),
    );
    x.empty(
        "dc:Bounds",
        &[("x", &bx), ("y", &by), ("width", &bw), ("height", &bh)],
    );
    x.end("bpmndi:BPMNShape");
}

fn edge(x: &mut Xml, element: &str, points: &[(i64, i64)]) {
    x.start(
        "bpmndi:BPMNEdge",
        &[("id", &format!("{element}_di")), ("bpmnElement", element)],
    );
    for (px, py) in points {
        x.empty(
            "di:waypoint",
            &[("x", &px.to_string()), ("y", &py.to_string())],
        );
    }
    x.end("bpmndi:BPMNEdge");
}

fn write_diagram(x: &mut Xml, w: &Workflow, layout: &Layout) {
    let n = w.steps.len();
    x.start("bpmndi:BPMNDiagram", &[("id", "Diagram_1")]);
    x.start(
        "bpmndi:BPMNPlane",
        &[("id", "Plane_1"), ("bpmnElement", "Collaboration_1")],
    );
    let horizontal = [("isHorizontal", "true")];
    shape(x, "Participant_1", layout.pool(n), &horizontal);
    let mut row = 0;
    while row < layout.rows.len() {
        let phase = layout.rows[row].phase;
        let end = (row..layout.rows.len())
            .find(|&r| layout.rows[r].phase != phase)
            .unwrap_or(layout.rows.len());
        if let Some(p) = phase {
            shape(
                x,
                &format!("Phase_{}", p + 1),
                layout.phase_lane(row..end, n),
                &horizontal,
            );
        }
        for r in row..end {
            if layout.rows[r].unit.is_some() {
                shape(
                    x,
                    &format!("Lane_{}", r + 1),
                    layout.lane(r, n),
                    &horizontal,
                );
            }
        }
        row = end;
    }
    let first_row = layout.step_row.first().copied().unwrap_or(0);
    let last_row = layout.step_row.last().copied().unwrap_or(0);
    let start = layout.event(0, first_row);
    let end = layout.event(n + 1, last_row);
    shape(x, START, start, &[]);
    for (i, s) in w.steps.iter().enumerate() {
        shape(x, &task_id(s), layout.task(i), &[]);
        if s.time.duration().is_some() {
            shape(x, &format!("Timer_{}", s.id), layout.timer(i), &[]);
            shape(x, &format!("Late_{}", s.id), layout.late(i), &[]);
        }
    }
    shape(x, END, end, &[]);
    let boxes: Vec<Bounds> = std::iter::once(start)
        .chain((0..n).map(|i| layout.task(i)))
        .chain(std::iter::once(end))
        .collect();
    for (i, pair) in boxes.windows(2).enumerate() {
        edge(x, &format!("Flow_{}", i + 1), &waypoints(pair[0], pair[1]));
    }
    for (i, s) in w.steps.iter().enumerate() {
        if s.time.duration().is_some() {
            let (t, l) = (layout.timer(i), layout.late(i));
            let points = [(t.mid_x(), t.bottom()), (l.mid_x(), l.y)];
            edge(x, &format!("Flow_Late_{}", s.id), &points);
        }
    }
    x.end("bpmndi:BPMNPlane");
    x.end("bpmndi:BPMNDiagram");
}

/// The file a procedure is exported to: its code, with the characters that cannot be in a
/// file name replaced by `_`, and `.bpmn`.
pub(crate) fn file_name(code: &str) -> String {
    let stem: String = code
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    format!("{stem}.bpmn")
}

/// Why a folder of BPMN files gives no workflows.
#[derive(Debug)]
pub(crate) enum DirError {
    Unreadable { path: PathBuf, reason: String },
    Empty { path: PathBuf },
    File { path: PathBuf, error: ReadError },
}

impl fmt::Display for DirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DirError::Unreadable { path, reason } => {
                let p = crate::source::shown(path);
                f.write_str(&tr!(
                    "không đọc được {p}: {reason}",
                    "cannot read {p}: {reason}"
                ))
            }
            DirError::Empty { path } => {
                let p = crate::source::shown(path);
                f.write_str(&tr!(
                    "{p} không có tệp BPMN nào (*.bpmn, *.bpmn20.xml)",
                    "{p} has no BPMN file (*.bpmn, *.bpmn20.xml)"
                ))
            }
            DirError::File { path, error } => {
                write!(f, "{}: {error}", crate::source::shown(path))
            }
        }
    }
}

impl std::error::Error for DirError {}

fn is_bpmn(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
    name.is_some_and(|n| n.ends_with(".bpmn") || n.ends_with(".bpmn20.xml"))
}

/// The workflows of the BPMN files in `path` (a folder, not its sub-folders, files in name
/// order; or one file), as configured workflows. Durations without `qmsdoc:basis` are read
/// with the QMS's `rules`.
pub(crate) fn read_dir(path: &Path, rules: &TimeRules) -> Result<Vec<Configured>, DirError> {
    let unreadable = |e: std::io::Error| DirError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut files: Vec<PathBuf> = if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        std::fs::read_dir(path)
            .map_err(unreadable)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_bpmn(p))
            .collect()
    };
    files.sort();
    if files.is_empty() {
        return Err(DirError::Empty {
            path: path.to_path_buf(),
        });
    }
    use rayon::prelude::*;
    let read: Vec<_> = files.par_iter().map(|f| read_file(f, rules)).collect();
    let mut out = Vec::new();
    for r in read {
        out.extend(r?);
    }
    Ok(out)
}

fn read_file(path: &Path, rules: &TimeRules) -> Result<Vec<Configured>, DirError> {
    let fail = |error| DirError::File {
        path: path.to_path_buf(),
        error,
    };
    let bytes = std::fs::read(path).map_err(|e| DirError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(ReadError::NotXml {
            position: e.utf8_error().valid_up_to() as u64,
            reason: "UTF-8".into(),
        })
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .trim_end_matches(".bpmn20.xml")
        .trim_end_matches(".bpmn");
    let workflows = read(&text, stem, rules).map_err(fail)?;
    Ok(workflows
        .into_iter()
        .map(|w| Configured {
            origin: path.to_path_buf(),
            entry: name.clone(),
            services: w.tthc.iter().cloned().collect(),
            workflow: w,
        })
        .collect())
}

#[cfg(test)]
mod tests;
