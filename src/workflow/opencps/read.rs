//! Reading a backup: every `processes/*.xml` becomes a [`Workflow`], the services say which
//! TTHC each serves. The order of the steps is the flow of the `ProcessAction`s (from the
//! action without a `preStepCode`, each step to the first next step not yet seen), steps the
//! flow does not reach following in file order; the `ProcessSequence`s become phases when
//! there is more than one.

use super::xml::{self, El};
use super::{Problem, ReadError, Units};
use crate::model::duration::{Basis, Duration};
use crate::workflow::compare::Configured;
use crate::workflow::{StepTime, WorkPhase, WorkStep, Workflow};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Largest XML part read from a backup (a process of thousands of steps is far below it).
const MAX_PART_BYTES: u64 = 16 << 20;

/// The workflows of an OpenCPS backup, by entry name; `day_minutes` is the working day that
/// `durationUnit` 0 counts in.
pub(crate) fn read(path: &Path, day_minutes: u64) -> Result<Vec<Configured>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| ReadError::NotZip {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let mut names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    names.sort();
    let processes: Vec<&String> = names.iter().filter(|n| in_folder(n, "processes")).collect();
    if processes.is_empty() {
        return Err(ReadError::NoProcesses {
            path: path.to_path_buf(),
        });
    }
    let entry_err = |entry: &str, problem| ReadError::Entry {
        path: path.to_path_buf(),
        entry: entry.to_string(),
        problem,
    };
    let mut serving: HashMap<String, Vec<String>> = HashMap::new();
    for name in names.iter().filter(|n| in_folder(n, "services")) {
        let el = element(&mut zip, name).map_err(|p| entry_err(name, p))?;
        for (process, code) in services(&el) {
            serving.entry(process).or_default().push(code);
        }
    }
    let mut out = Vec::with_capacity(processes.len());
    for name in processes {
        let el = element(&mut zip, name).map_err(|p| entry_err(name, p))?;
        let mut workflow = process(&el, day_minutes).map_err(|p| entry_err(name, p))?;
        let services = serving.remove(&workflow.code).unwrap_or_default();
        workflow.tthc = services.first().cloned();
        out.push(Configured {
            origin: path.to_path_buf(),
            entry: name.clone(),
            services,
            workflow,
        });
    }
    Ok(out)
}

/// `X/processes/QT-01.xml` is in `processes` (at any depth).
fn in_folder(name: &str, folder: &str) -> bool {
    let mut parts = name.rsplit('/');
    let file = parts.next().unwrap_or("");
    parts.next() == Some(folder) && file.to_ascii_lowercase().ends_with(".xml")
}

/// The root element of a part.
fn element<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<El, Problem> {
    let file = zip
        .by_name(name)
        .map_err(|e| Problem::BadXml(e.to_string()))?;
    if file.size() > MAX_PART_BYTES {
        return Err(Problem::TooBig);
    }
    let mut buf = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Problem::BadXml(e.to_string()))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(Problem::TooBig);
    }
    let text = String::from_utf8(buf).map_err(|_| Problem::NotUtf8)?;
    xml::parse(&text).map_err(Problem::BadXml)
}

/// (processNo, serviceCode) of each process option of a `ServiceInfo`.
fn services(el: &El) -> Vec<(String, String)> {
    if el.name != "ServiceInfo" {
        return Vec::new();
    }
    let code = el.text_of("serviceCode").to_string();
    el.items("configs", "ServiceConfig")
        .flat_map(|c| c.items("processes", "ProcessOption"))
        .map(|o| (o.text_of("processNo").to_string(), code.clone()))
        .filter(|(p, c)| !p.is_empty() && !c.is_empty())
        .collect()
}

/// A step as written, before the flow orders it.
#[derive(Clone, Copy)]
struct Raw<'a> {
    el: &'a El,
    code: &'a str,
    sequence: &'a str,
    minutes: u64,
}

fn process(el: &El, day_minutes: u64) -> Result<Workflow, Problem> {
    if el.name != "ServiceProcess" {
        return Err(Problem::NotOpenCps {
            root: el.name.clone(),
        });
    }
    let code = required(el, "processNo")?;
    let unit = required(el, "durationUnit")?;
    let units = match unit {
        "0" => Units::days(day_minutes),
        "1" => Units::hours(day_minutes),
        other => return Err(Problem::BadUnit(other.to_string())),
    };
    let mut raw = Vec::new();
    for s in el.items("steps", "ProcessStep") {
        raw.push(Raw {
            el: s,
            code: required(s, "stepCode")?,
            sequence: s.text_of("sequenceNo"),
            minutes: count(s, &units)?,
        });
    }
    if raw.is_empty() {
        return Err(Problem::NoSteps {
            process: code.to_string(),
        });
    }
    let flow = order(&raw, el);
    let raw: Vec<Raw> = flow.into_iter().map(|i| raw[i]).collect();
    let phases = phases(el, &raw, &units)?;
    let limit = timed(count(el, &units)?);
    Ok(Workflow {
        code: code.to_string(),
        tthc: None,
        title: el.text_of("processName").to_string(),
        option: None,
        case: None,
        rows: Vec::new(),
        limit,
        steps: steps(&raw, &phases),
        phases,
    })
}

fn required<'a>(el: &'a El, name: &'static str) -> Result<&'a str, Problem> {
    match el.text_of(name) {
        "" => Err(Problem::Missing(name)),
        t => Ok(t),
    }
}

/// `durationCount` in working minutes ("1,5" and "1.5" alike); empty is 0.
fn count(el: &El, units: &Units) -> Result<u64, Problem> {
    let text = el.text_of("durationCount");
    if text.is_empty() {
        return Ok(0);
    }
    let value: Option<f64> = text.replace(',', ".").parse().ok();
    match value.filter(|v| v.is_finite() && *v >= 0.0) {
        Some(v) => Ok(units.minutes(v)),
        None => Err(Problem::BadNumber {
            element: "durationCount",
            value: text.to_string(),
        }),
    }
}

fn timed(minutes: u64) -> Option<StepTime> {
    (minutes > 0).then_some(StepTime::Timed(Duration {
        basis: Basis::Working,
        minutes,
        bare_day: false,
    }))
}

/// The steps in the order of the flow (indices into `raw`).
fn order(raw: &[Raw], el: &El) -> Vec<usize> {
    let actions: Vec<(&str, &str)> = el
        .items("actions", "ProcessAction")
        .map(|a| (a.text_of("preStepCode"), a.text_of("postStepCode")))
        .collect();
    let index = |code: &str| raw.iter().position(|r| r.code == code);
    let mut seen = vec![false; raw.len()];
    let mut out = Vec::with_capacity(raw.len());
    let start = actions.iter().find(|(pre, _)| pre.is_empty());
    let mut current = start.and_then(|(_, post)| index(post)).or(Some(0));
    while let Some(c) = current.filter(|&c| !seen[c]) {
        seen[c] = true;
        out.push(c);
        current = actions
            .iter()
            .filter(|(pre, _)| *pre == raw[c].code)
            .filter_map(|(_, post)| index(post))
            .find(|&n| !seen[n]);
    }
    out.extend((0..raw.len()).filter(|&i| !seen[i]));
    out
}

/// Phases from the sequences, when there is more than one: each covers the steps (in flow
/// order) whose `sequenceNo` is its own.
fn phases(el: &El, raw: &[Raw], units: &Units) -> Result<Vec<WorkPhase>, Problem> {
    let sequences: Vec<&El> = el.items("sequences", "ProcessSequence").collect();
    if sequences.len() < 2 {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for s in sequences {
        let no = s.text_of("sequenceNo");
        let members: Vec<usize> = (0..raw.len()).filter(|&i| raw[i].sequence == no).collect();
        let (Some(first), Some(last)) = (members.first(), members.last()) else {
            continue;
        };
        let agency = s.text_of("sequenceRole");
        out.push(WorkPhase {
            name: s.text_of("sequenceName").to_string(),
            agency: (!agency.is_empty()).then(|| agency.to_string()),
            limit: timed(count(s, units)?),
            steps: *first..*last + 1,
        });
    }
    Ok(out)
}

fn steps(raw: &[Raw], phases: &[WorkPhase]) -> Vec<WorkStep> {
    let text = |el: &El, name| Some(el.text_of(name).to_string()).filter(|t| !t.is_empty());
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            let phase = phases.iter().position(|p| p.steps.contains(&i));
            let role = r.el.items("roles", "StepRole").next();
            WorkStep {
                id: r.code.to_string(),
                label: r.code.to_string(),
                name: r.el.text_of("stepName").to_string(),
                who: role.and_then(|x| text(x, "roleName")),
                responsible: None,
                role: role.and_then(|x| text(x, "roleCode")),
                how: text(r.el, "instructionNote"),
                forms: Vec::new(),
                output: text(r.el, "briefNote"),
                time: step_time(raw, phases, i),
                phase,
            }
        })
        .collect()
}

/// A step's time: its count; a step of 0 shares its phase's time when every step of a timed
/// phase is 0, else it adds nothing (off the clock).
fn step_time(raw: &[Raw], phases: &[WorkPhase], i: usize) -> StepTime {
    if let Some(t) = timed(raw[i].minutes) {
        return t;
    }
    let shared = phases.iter().any(|p| {
        p.steps.contains(&i)
            && p.limit.is_some()
            && raw[p.steps.clone()].iter().all(|r| r.minutes == 0)
    });
    if shared {
        StepTime::Shared
    } else {
        StepTime::OffClock
    }
}
