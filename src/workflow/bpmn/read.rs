//! Reads BPMN 2.0 processes back into workflows: what the writer writes, and plain sequential
//! processes from other tools (start → tasks → end). The comparison needs one order of steps,
//! so a process that branches, joins or loops is refused with the element that does it.

use super::super::{StepTime, WorkPhase, WorkStep, Workflow};
use super::xml::{self, Element};
use super::{BPMN, BPMNDI, QMSDOC, SECTIONS, Section};
use crate::model::duration::{Basis, Duration, TimeRules};
use std::collections::HashMap;
use std::fmt;

/// Why a BPMN file gives no workflow.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ReadError {
    NotXml { position: u64, reason: String },
    NoElement,
    NotBpmn { root: String },
    NoProcess,
    NoStart { process: String },
    ManyStarts { process: String },
    Gateway { id: String, kind: String },
    Unsupported { id: String, kind: String },
    Split { id: String },
    Cycle { id: String },
    DeadEnd { id: String },
    MissingNode { flow: String, id: String },
    NoSteps { process: String },
    BadDuration { id: String, value: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            ReadError::NotXml { position, reason } => tr!(
                "không phải XML hợp lệ (byte {position}: {reason}); hãy xuất lại tệp BPMN từ công cụ mô hình hoá",
                "not well-formed XML (byte {position}: {reason}); export the BPMN file again from the modelling tool"
            ),
            ReadError::NoElement => tr!(
                "không phải tệp XML: không có phần tử nào; hãy xuất lại tệp BPMN từ công cụ mô hình hoá",
                "not an XML file: it holds no element; export the BPMN file again from the modelling tool"
            ),
            ReadError::NotBpmn { root } => tr!(
                "không phải tệp BPMN 2.0: phần tử gốc là <{root}>, cần <definitions> trong không gian tên {BPMN}",
                "not a BPMN 2.0 file: the root element is <{root}>, expected <definitions> in the namespace {BPMN}"
            ),
            ReadError::NoProcess => tr!(
                "tệp BPMN không có quy trình (<process>) nào có bước",
                "the BPMN file has no process (<process>) with steps"
            ),
            ReadError::NoStart { process } => tr!(
                "quy trình {process} không có sự kiện bắt đầu (startEvent); hãy thêm một sự kiện bắt đầu trước bước đầu tiên",
                "process {process} has no start event; add one before the first step"
            ),
            ReadError::ManyStarts { process } => tr!(
                "quy trình {process} có nhiều sự kiện bắt đầu nên không có một thứ tự bước để so sánh; hãy giữ một sự kiện bắt đầu",
                "process {process} has several start events, so it has no single order of steps to compare; keep one"
            ),
            ReadError::Gateway { id, kind } => tr!(
                "phần tử {id} là cổng rẽ nhánh ({kind}): việc so sánh chỉ theo được quy trình tuần tự (bắt đầu → các bước → kết thúc); hãy bỏ cổng và nối các bước theo thứ tự",
                "element {id} is a gateway ({kind}): the comparison can only follow a sequential process (start → steps → end); remove the gateway and link the steps in order"
            ),
            ReadError::Unsupported { id, kind } => tr!(
                "phần tử {id} ({kind}) không phải một bước mà việc so sánh theo được; hãy thay bằng các nhiệm vụ (task) nối tiếp nhau",
                "element {id} ({kind}) is not a step the comparison can follow; replace it with tasks in sequence"
            ),
            ReadError::Split { id } => tr!(
                "phần tử {id} có nhiều luồng đi ra: việc so sánh chỉ theo được quy trình tuần tự; hãy để mỗi bước một luồng ra",
                "element {id} has several outgoing flows: the comparison can only follow a sequential process; give each step one outgoing flow"
            ),
            ReadError::Cycle { id } => tr!(
                "quy trình quay lại phần tử {id} (vòng lặp): việc so sánh chỉ theo được quy trình tuần tự không lặp",
                "the process comes back to element {id} (a cycle): the comparison can only follow a sequential process without loops"
            ),
            ReadError::DeadEnd { id } => tr!(
                "phần tử {id} không có luồng đi ra và không phải sự kiện kết thúc; hãy nối nó tới bước sau hoặc tới một endEvent",
                "element {id} has no outgoing flow and is not an end event; link it to the next step or to an endEvent"
            ),
            ReadError::MissingNode { flow, id } => tr!(
                "luồng {flow} trỏ tới phần tử {id} không có trong quy trình",
                "flow {flow} points to element {id}, which is not in the process"
            ),
            ReadError::NoSteps { process } => tr!(
                "quy trình {process} không có bước (task) nào",
                "process {process} has no steps (tasks)"
            ),
            ReadError::BadDuration { id, value } => tr!(
                "thời hạn \"{value}\" của {id} không phải khoảng thời gian ISO 8601 dùng được (ví dụ PT2H, P3D; năm và tháng không có độ dài cố định)",
                "the duration \"{value}\" of {id} is not a usable ISO 8601 duration (for example PT2H, P3D; years and months have no fixed length)"
            ),
        })
    }
}

impl std::error::Error for ReadError {}

const TASKS: [&str; 8] = [
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "scriptTask",
    "businessRuleTask",
];
/// Flow nodes that a sequential path may pass through without making a step.
const PASSING: [&str; 2] = ["intermediateCatchEvent", "intermediateThrowEvent"];
const UNSUPPORTED: [&str; 4] = [
    "subProcess",
    "callActivity",
    "adHocSubProcess",
    "transaction",
];

/// The workflows of a BPMN file, one per process with flow nodes. `name` (the file's stem)
/// is the code of a process that does not carry `qmsdoc:code`.
pub(crate) fn read(text: &str, name: &str, rules: &TimeRules) -> Result<Vec<Workflow>, ReadError> {
    // The diagram is not read: skipping it halves the work.
    let root = xml::parse(text, |ns, name| ns == BPMNDI && name == "BPMNDiagram")
        .map_err(|e| ReadError::NotXml {
            position: e.position,
            reason: e.reason,
        })?
        .ok_or(ReadError::NoElement)?;
    if !root.is(BPMN, "definitions") {
        return Err(ReadError::NotBpmn { root: root.name });
    }
    let processes: Vec<&Element> = root
        .all(BPMN, "process")
        .filter(|p| p.children.iter().any(is_flow_node))
        .collect();
    if processes.is_empty() {
        return Err(ReadError::NoProcess);
    }
    let titles: HashMap<&str, &str> = root
        .all(BPMN, "collaboration")
        .flat_map(|c| c.all(BPMN, "participant"))
        .filter_map(|p| Some((p.attr("processRef")?, p.attr("name")?)))
        .collect();
    let single = processes.len() == 1;
    processes
        .into_iter()
        .map(|p| {
            let id = p.attr("id").unwrap_or_default();
            let fallback = if single { name } else { id };
            process(p, fallback, titles.get(id).copied(), rules)
        })
        .collect()
}

/// An event, an activity or a gateway: what makes a process more than an empty pool.
fn is_flow_node(e: &Element) -> bool {
    let n = e.name.as_str();
    e.ns == BPMN
        && (n.ends_with("Event")
            || n.ends_with("Gateway")
            || TASKS.contains(&n)
            || UNSUPPORTED.contains(&n))
}

fn nonempty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A node's id, for messages.
fn id_of(e: &Element) -> String {
    e.attr("id").unwrap_or(&e.name).to_string()
}

fn process(
    p: &Element,
    code: &str,
    pool: Option<&str>,
    rules: &TimeRules,
) -> Result<Workflow, ReadError> {
    let pid = id_of(p);
    if let Some(g) = p
        .children
        .iter()
        .find(|c| c.ns == BPMN && c.name.ends_with("Gateway"))
    {
        return Err(ReadError::Gateway {
            id: id_of(g),
            kind: g.name.clone(),
        });
    }
    let path = sequence(p, &pid)?;
    let lanes = Lanes::read(p);
    let mut steps = Vec::new();
    for task in path {
        steps.push(step(p, task, &lanes, rules)?);
    }
    if steps.is_empty() {
        return Err(ReadError::NoSteps { process: pid });
    }
    let phases = lanes.phases(&steps, rules)?;
    Ok(Workflow {
        code: nonempty(p.attr_ns(QMSDOC, "code")).unwrap_or_else(|| code.to_string()),
        tthc: nonempty(p.attr_ns(QMSDOC, "tthc")),
        title: nonempty(p.attr("name"))
            .or_else(|| nonempty(pool))
            .unwrap_or_else(|| code.to_string()),
        option: None,
        case: None,
        rows: Vec::new(),
        limit: limit(p, &pid, rules)?,
        phases,
        steps,
    })
}

/// The tasks from the start event to an end event, in order.
fn sequence<'a>(p: &'a Element, pid: &str) -> Result<Vec<&'a Element>, ReadError> {
    let nodes: HashMap<&str, &Element> = p
        .children
        .iter()
        .filter(|c| c.ns == BPMN && c.name != "sequenceFlow")
        .filter_map(|c| Some((c.attr("id")?, c)))
        .collect();
    let mut outgoing: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for f in p.all(BPMN, "sequenceFlow") {
        let (Some(from), Some(to)) = (f.attr("sourceRef"), f.attr("targetRef")) else {
            continue;
        };
        outgoing
            .entry(from)
            .or_default()
            .push((f.attr("id").unwrap_or_default(), to));
    }
    let mut starts = p.all(BPMN, "startEvent");
    let start = starts.next().ok_or_else(|| ReadError::NoStart {
        process: pid.to_string(),
    })?;
    if starts.next().is_some() {
        return Err(ReadError::ManyStarts {
            process: pid.to_string(),
        });
    }
    let mut seen = std::collections::HashSet::new();
    let mut tasks = Vec::new();
    let mut node = start;
    loop {
        let id = node.attr("id").unwrap_or_default();
        seen.insert(id);
        if TASKS.contains(&node.name.as_str()) {
            tasks.push(node);
        } else if UNSUPPORTED.contains(&node.name.as_str()) {
            return Err(ReadError::Unsupported {
                id: id.to_string(),
                kind: node.name.clone(),
            });
        } else if node.name == "endEvent" {
            return Ok(tasks);
        } else if !(node.name == "startEvent" || PASSING.contains(&node.name.as_str())) {
            return Err(ReadError::Unsupported {
                id: id.to_string(),
                kind: node.name.clone(),
            });
        }
        let next = match outgoing.get(id).map(Vec::as_slice) {
            None | Some([]) => return Err(ReadError::DeadEnd { id: id.to_string() }),
            Some([one]) => *one,
            Some(_) => return Err(ReadError::Split { id: id.to_string() }),
        };
        if seen.contains(next.1) {
            return Err(ReadError::Cycle {
                id: next.1.to_string(),
            });
        }
        node = nodes
            .get(next.1)
            .copied()
            .ok_or_else(|| ReadError::MissingNode {
                flow: next.0.to_string(),
                id: next.1.to_string(),
            })?;
    }
}

/// The lane of each flow node (the innermost lane that lists it) and the phase lanes.
struct Lanes<'a> {
    of: HashMap<String, (Option<String>, Option<usize>)>,
    phases: Vec<&'a Element>,
}

impl<'a> Lanes<'a> {
    fn read(p: &'a Element) -> Lanes<'a> {
        let mut lanes = Lanes {
            of: HashMap::new(),
            phases: Vec::new(),
        };
        for set in p.all(BPMN, "laneSet") {
            lanes.walk(set, None);
        }
        lanes
    }

    /// Records the lanes of `set`, phase lanes (`qmsdoc:phase`) numbered in order; a lane's
    /// lanes are walked after it so that the innermost lane wins.
    fn walk(&mut self, set: &'a Element, phase: Option<usize>) {
        for lane in set.all(BPMN, "lane") {
            let mut phase = phase;
            if lane.attr_ns(QMSDOC, "phase").is_some() {
                self.phases.push(lane);
                phase = Some(self.phases.len() - 1);
            }
            let unit = match lane.attr_ns(QMSDOC, "unassigned") {
                Some("true") => None,
                _ => nonempty(lane.attr("name")),
            };
            for r in lane.all(BPMN, "flowNodeRef") {
                self.of
                    .insert(r.text.trim().to_string(), (unit.clone(), phase));
            }
            if let Some(child) = lane.first(BPMN, "childLaneSet") {
                self.walk(child, phase);
            }
        }
    }

    /// The phases, each over the steps in its lane; a phase with no step sits where the
    /// previous one ended.
    fn phases(&self, steps: &[WorkStep], rules: &TimeRules) -> Result<Vec<WorkPhase>, ReadError> {
        let mut out = Vec::new();
        let mut at = 0;
        for (n, lane) in self.phases.iter().enumerate() {
            let mine: Vec<usize> = (0..steps.len())
                .filter(|&i| steps[i].phase == Some(n))
                .collect();
            let range = match (mine.first(), mine.last()) {
                (Some(&a), Some(&b)) => a..b + 1,
                _ => at..at,
            };
            at = range.end;
            out.push(WorkPhase {
                name: nonempty(lane.attr("name")).unwrap_or_else(|| (n + 1).to_string()),
                agency: nonempty(lane.attr_ns(QMSDOC, "agency")),
                limit: limit(lane, &id_of(lane), rules)?,
                steps: range,
            });
        }
        Ok(out)
    }
}

fn step(
    p: &Element,
    task: &Element,
    lanes: &Lanes,
    rules: &TimeRules,
) -> Result<WorkStep, ReadError> {
    let id = task.attr("id").unwrap_or_default();
    let code = id.strip_prefix("Task_").unwrap_or(id).to_string();
    let label = nonempty(task.attr_ns(QMSDOC, "step")).unwrap_or_else(|| code.clone());
    let (who, phase) = lanes.of.get(id).cloned().unwrap_or((None, None));
    let mut doc = Documentation::default();
    for d in task.all(BPMN, "documentation") {
        doc.read(&d.text);
    }
    Ok(WorkStep {
        id: code,
        name: nonempty(task.attr("name")).unwrap_or_else(|| label.clone()),
        label,
        who,
        responsible: doc.responsible,
        role: None,
        how: doc.how,
        forms: doc.forms,
        output: doc.output,
        time: step_time(p, task, id, rules)?,
        phase,
    })
}

/// A step's time: its timer's duration, else its `qmsdoc:time` keyword, else unstated.
fn step_time(
    p: &Element,
    task: &Element,
    id: &str,
    rules: &TimeRules,
) -> Result<StepTime, ReadError> {
    let timer = p
        .all(BPMN, "boundaryEvent")
        .filter(|b| b.attr("attachedToRef") == Some(id))
        .find_map(|b| {
            let value = b
                .first(BPMN, "timerEventDefinition")?
                .first(BPMN, "timeDuration")?;
            Some((b, value.text.trim()))
        });
    if let Some((b, value)) = timer {
        return duration(
            value,
            b.attr_ns(QMSDOC, "basis"),
            b.attr_ns(QMSDOC, "bareDay"),
            rules,
        )
        .map(StepTime::Timed)
        .ok_or_else(|| ReadError::BadDuration {
            id: id_of(b),
            value: value.to_string(),
        });
    }
    Ok(keyword(task.attr_ns(QMSDOC, "time")).unwrap_or(StepTime::Unstated))
}

fn keyword(k: Option<&str>) -> Option<StepTime> {
    Some(match k? {
        "off-clock" => StepTime::OffClock,
        "immediate" => StepTime::Immediate,
        "shared" => StepTime::Shared,
        "unstated" => StepTime::Unstated,
        _ => return None,
    })
}

/// The `qmsdoc:timeLimit` of a process or a phase lane.
fn limit(e: &Element, id: &str, rules: &TimeRules) -> Result<Option<StepTime>, ReadError> {
    let Some(value) = nonempty(e.attr_ns(QMSDOC, "timeLimit")) else {
        return Ok(None);
    };
    if let Some(k) = keyword(Some(&value)) {
        return Ok(Some(k));
    }
    let basis = e.attr_ns(QMSDOC, "timeLimitBasis");
    duration(&value, basis, e.attr_ns(QMSDOC, "bareDay"), rules)
        .map(|d| Some(StepTime::Timed(d)))
        .ok_or_else(|| ReadError::BadDuration {
            id: id.to_string(),
            value,
        })
}

/// An ISO 8601 duration as working time (days of `rules.day_minutes`), or calendar time when
/// `basis` says so. Without `qmsdoc:basis` (a file from another tool) the duration is read as
/// working time, as one-stop software counts it.
fn duration(
    value: &str,
    basis: Option<&str>,
    bare: Option<&str>,
    rules: &TimeRules,
) -> Option<Duration> {
    let (days, minutes) = parse_iso(value)?;
    let basis = if basis == Some("calendar") {
        Basis::Calendar
    } else {
        Basis::Working
    };
    let day = match basis {
        Basis::Calendar => 24.0 * 60.0,
        Basis::Working => rules.day_minutes as f64,
    };
    Some(Duration {
        basis,
        minutes: (days * day + minutes).round() as u64,
        bare_day: bare == Some("true"),
    })
}

/// `PnW`, `PnD`, `PTnHnMnS` and their combinations, as (days, minutes); years and months are
/// refused (they have no fixed length).
pub(super) fn parse_iso(value: &str) -> Option<(f64, f64)> {
    let rest = value.trim().strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut days = 0.0;
    for (n, unit) in components(date)? {
        days += n * match unit {
            'W' => 7.0,
            'D' => 1.0,
            _ => return None,
        };
    }
    let mut minutes = 0.0;
    for (n, unit) in components(time.unwrap_or(""))? {
        minutes += n * match unit {
            'H' => 60.0,
            'M' => 1.0,
            'S' => 1.0 / 60.0,
            _ => return None,
        };
    }
    (date.len() + time.map_or(0, str::len) > 0).then_some((days, minutes))
}

/// `3D`, `1.5H`: numbers each followed by one unit letter.
fn components(s: &str) -> Option<Vec<(f64, char)>> {
    let mut out = Vec::new();
    let mut number = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' || c == ',' {
            number.push(if c == ',' { '.' } else { c });
        } else {
            out.push((number.parse::<f64>().ok()?, c));
            number.clear();
        }
    }
    number.is_empty().then_some(out)
}

/// The labelled sections of a task's documentation; a line indented by two spaces goes on
/// with the section above it; text before any label is the method.
#[derive(Default)]
struct Documentation {
    how: Option<String>,
    forms: Vec<String>,
    output: Option<String>,
    responsible: Option<String>,
}

impl Documentation {
    fn read(&mut self, text: &str) {
        let mut current = Section::How;
        for line in text.lines() {
            if let Some(more) = line.strip_prefix("  ") {
                self.push(current, more, false);
                continue;
            }
            let labelled = SECTIONS.iter().find_map(|(s, vi, en)| {
                let rest = line.strip_prefix(vi).or_else(|| line.strip_prefix(en))?;
                Some((*s, rest.strip_prefix(':')?.trim_start()))
            });
            let (section, body, new) = match labelled {
                Some((s, body)) => (s, body, true),
                None => (current, line, false),
            };
            current = section;
            self.push(section, body, new);
        }
    }

    fn push(&mut self, section: Section, body: &str, new: bool) {
        let slot = match section {
            Section::How => &mut self.how,
            Section::Output => &mut self.output,
            Section::Responsible => &mut self.responsible,
            Section::Form => {
                match self.forms.last_mut() {
                    Some(f) if !new => {
                        f.push('\n');
                        f.push_str(body);
                    }
                    _ => self.forms.push(body.to_string()),
                }
                return;
            }
        };
        match slot {
            Some(s) if !new => {
                s.push('\n');
                s.push_str(body);
            }
            _ if body.trim().is_empty() && !new => {}
            _ => *slot = Some(body.to_string()),
        }
    }
}
