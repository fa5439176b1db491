//! Writing the exchange zip: one `ServiceProcess` per procedure, one `ServiceInfo` per TTHC,
//! and the working calendar. Element names and their order follow OpenCPS's import schema
//! (`opencps_import_schema.xsd`); texts are cut to the lengths it allows.

use super::xml::leaf;
use super::{ExportError, Units};
use crate::calendar::{Calendar, Day, Kind, hours};
use crate::i18n::tr;
use crate::model::duration::TimeRules;
use crate::workflow::compare::{limit_minutes, step_minutes};
use crate::workflow::mapping::Mapping;
use crate::workflow::{StepTime, Workflow};
use std::io::Write;

/// What the zip is made from.
pub(crate) struct Export<'a> {
    pub(crate) workflows: &'a [Workflow],
    pub(crate) mapping: &'a Mapping,
    /// The QMS's time rules (the working day, the calendar-day rate).
    pub(crate) rules: &'a TimeRules,
    pub(crate) calendar: &'a Calendar,
    /// Weekly rest days, Monday first.
    pub(crate) rest: [bool; 7],
    /// The folder at the top of the zip (`X` in `X/processes/…`).
    pub(crate) folder: &'a str,
}

/// The zip, in memory; nothing is written when a procedure cannot be mapped.
pub(crate) fn export(e: &Export) -> Result<Vec<u8>, ExportError> {
    let mut files: Vec<(String, String)> = Vec::with_capacity(e.workflows.len() * 2 + 2);
    // A TTHC served by several workflows (one per case) is one service with an option each.
    let mut services: Vec<(&str, Vec<&Workflow>)> = Vec::new();
    for w in e.workflows {
        let name = super::file_name(&w.code);
        files.push((
            format!("processes/{name}.xml"),
            process(w, e.mapping, e.rules)?,
        ));
        if let Some(tthc) = w.tthc.as_deref() {
            match services.iter_mut().find(|(t, _)| *t == tthc) {
                Some((_, options)) => options.push(w),
                None => services.push((tthc, vec![w])),
            }
        }
    }
    for (tthc, options) in services {
        let name = super::file_name(tthc);
        files.push((format!("services/{name}.xml"), service(&options, tthc)));
    }
    files.push(("WorkingTime.xml".into(), working_time(e.calendar, e.rest)));
    files.push(("Holiday.xml".into(), holidays(e.calendar)));
    zip(e.folder, &files).map_err(|err| ExportError::Zip(err.to_string()))
}

fn zip(folder: &str, files: &[(String, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        z.start_file(format!("{folder}/{name}"), options)?;
        z.write_all(text.as_bytes())?;
    }
    Ok(z.finish()?.into_inner())
}

const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// At most `n` characters (the schema's `maxLength`).
fn cut(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Every time of a workflow in working minutes: the limit, each step, each phase.
struct Times {
    limit: Option<u64>,
    steps: Vec<u64>,
    phases: Vec<Option<u64>>,
}

fn times(w: &Workflow, rules: &TimeRules) -> Result<Times, ExportError> {
    let calendar = |step: Option<&str>| ExportError::CalendarTime {
        code: w.code.clone(),
        step: step.map(String::from),
    };
    let limit = match w.limit {
        Some(StepTime::Timed(d)) if rules.to_working(d).is_none() => return Err(calendar(None)),
        l => limit_minutes(l, rules),
    };
    let mut steps = Vec::with_capacity(w.steps.len());
    for s in &w.steps {
        steps.push(step_minutes(s.time, rules).ok_or_else(|| calendar(Some(&s.shown())))?);
    }
    let phases = w
        .phases
        .iter()
        .map(|p| limit_minutes(p.limit, rules))
        .collect();
    Ok(Times {
        limit,
        steps,
        phases,
    })
}

/// The role code of each step, or the first step whose unit has none.
fn roles(w: &Workflow, mapping: &Mapping) -> Result<Vec<String>, ExportError> {
    w.steps
        .iter()
        .map(|s| {
            let code = s
                .role
                .as_deref()
                .or_else(|| mapping.role(s.who.as_deref()?));
            code.map(String::from).ok_or_else(|| ExportError::NoRole {
                code: w.code.clone(),
                step: s.shown(),
                who: s.who.clone(),
            })
        })
        .collect()
}

/// `processes/<processNo>.xml`.
fn process(w: &Workflow, mapping: &Mapping, rules: &TimeRules) -> Result<String, ExportError> {
    let t = times(w, rules)?;
    let codes = roles(w, mapping)?;
    let mut all: Vec<u64> = t.steps.clone();
    all.extend(t.limit);
    all.extend(t.phases.iter().flatten());
    let units = Units::of(&all, rules.day_minutes);
    let mut x = String::with_capacity(4096);
    x.push_str(HEADER);
    x.push_str("<ServiceProcess>\n");
    leaf(&mut x, "  ", "processNo", &w.code);
    leaf(&mut x, "  ", "processName", cut(&w.name(), 255));
    let description = w.tthc.as_deref().map(|t| format!("TTHC {t}"));
    leaf(
        &mut x,
        "  ",
        "description",
        description.as_deref().unwrap_or(""),
    );
    leaf(
        &mut x,
        "  ",
        "durationCount",
        &units.count(t.limit.unwrap_or(0)),
    );
    leaf(&mut x, "  ", "durationUnit", units.code());
    leaf(&mut x, "  ", "generatePassword", "false");
    for name in [
        "serverNo",
        "serverName",
        "dossierNoPattern",
        "dueDatePattern",
    ] {
        leaf(&mut x, "  ", name, "");
    }
    process_roles(&mut x, w, &codes);
    steps(&mut x, w, &t, &codes, units, mapping);
    actions(&mut x, w);
    sequences(&mut x, w, &t, units);
    x.push_str("</ServiceProcess>\n");
    Ok(x)
}

/// Each role once, with the first unit named for it.
fn process_roles(x: &mut String, w: &Workflow, codes: &[String]) {
    x.push_str("  <roles>\n");
    let mut seen: Vec<&str> = Vec::new();
    for (s, code) in w.steps.iter().zip(codes) {
        if seen.contains(&code.as_str()) {
            continue;
        }
        seen.push(code);
        x.push_str("    <ProcessRole>\n");
        leaf(x, "      ", "roleCode", code);
        leaf(
            x,
            "      ",
            "roleName",
            cut(s.who.as_deref().unwrap_or(code), 255),
        );
        leaf(x, "      ", "moderator", "false");
        leaf(x, "      ", "condition", "");
        x.push_str("    </ProcessRole>\n");
    }
    x.push_str("  </roles>\n");
}

/// The sequence a step belongs to: its phase, or the one sequence of the procedure.
fn sequence_no(w: &Workflow, i: usize) -> usize {
    w.steps[i].phase.map_or(1, |p| p + 1)
}

fn steps(
    x: &mut String,
    w: &Workflow,
    t: &Times,
    codes: &[String],
    units: Units,
    mapping: &Mapping,
) {
    x.push_str("  <steps>\n");
    let last = w.steps.len().saturating_sub(1);
    for (i, s) in w.steps.iter().enumerate() {
        let status = mapping.status(&s.id, &s.label).unwrap_or(match i {
            0 => "receiving",
            n if n == last => "done",
            _ => "processing",
        });
        let group = s.phase.map_or("", |p| w.phases[p].name.as_str());
        x.push_str("    <ProcessStep>\n");
        leaf(x, "      ", "stepCode", &s.id);
        leaf(x, "      ", "stepName", cut(&s.name, 255));
        leaf(x, "      ", "sequenceNo", &sequence_no(w, i).to_string());
        leaf(x, "      ", "groupName", cut(group, 255));
        leaf(x, "      ", "dossierStatus", status);
        leaf(x, "      ", "dossierSubStatus", "");
        leaf(x, "      ", "durationCount", &units.count(t.steps[i]));
        leaf(
            x,
            "      ",
            "instructionNote",
            cut(s.how.as_deref().unwrap_or(""), 255),
        );
        leaf(
            x,
            "      ",
            "briefNote",
            cut(s.output.as_deref().unwrap_or(""), 255),
        );
        leaf(x, "      ", "roleAsStep", "");
        leaf(x, "      ", "checkInput", "0");
        x.push_str("      <roles>\n        <StepRole>\n");
        leaf(x, "          ", "roleCode", &codes[i]);
        leaf(
            x,
            "          ",
            "roleName",
            cut(s.who.as_deref().unwrap_or(""), 255),
        );
        leaf(x, "          ", "moderator", "true");
        leaf(x, "          ", "condition", "");
        x.push_str("        </StepRole>\n      </roles>\n");
        x.push_str("    </ProcessStep>\n");
    }
    x.push_str("  </steps>\n");
}

/// The flow: filing leads to the first step, each step to the next.
fn actions(x: &mut String, w: &Workflow) {
    x.push_str("  <actions>\n");
    let mut pre = "";
    for (i, s) in w.steps.iter().enumerate() {
        let name = if i == 0 {
            "Nộp hồ sơ".to_string()
        } else {
            format!("Chuyển: {}", s.name)
        };
        action(x, i, cut(&name, 255), pre, &s.id);
        pre = &s.id;
    }
    x.push_str("  </actions>\n");
}

fn action(x: &mut String, i: usize, name: &str, pre: &str, post: &str) {
    x.push_str("    <ProcessAction>\n");
    leaf(x, "      ", "actionCode", &(1000 + i).to_string());
    leaf(x, "      ", "actionName", name);
    leaf(x, "      ", "preStepCode", pre);
    leaf(x, "      ", "postStepCode", post);
    for (name, value) in [
        ("autoEvent", ""),
        ("preCondition", ""),
        ("allowAssignUser", "0"),
        ("assignUserId", "0"),
        ("assignUserName", ""),
        ("requestPayment", "0"),
        ("paymentFee", ""),
        ("createDossierFiles", ""),
        ("returnDossierFiles", ""),
        ("eSignature", "false"),
        ("signatureType", ""),
        ("createDossiers", ""),
    ] {
        leaf(x, "      ", name, value);
    }
    x.push_str("    </ProcessAction>\n");
}

/// The phases with their limits; a procedure without phases is one sequence with its limit.
fn sequences(x: &mut String, w: &Workflow, t: &Times, units: Units) {
    x.push_str("  <sequences>\n");
    let mut one = |no: usize, name: &str, role: &str, minutes: Option<u64>| {
        x.push_str("    <ProcessSequence>\n");
        leaf(x, "      ", "sequenceNo", &no.to_string());
        leaf(x, "      ", "sequenceName", cut(name, 255));
        leaf(x, "      ", "sequenceRole", cut(role, 255));
        leaf(
            x,
            "      ",
            "durationCount",
            &units.count(minutes.unwrap_or(0)),
        );
        x.push_str("    </ProcessSequence>\n");
    };
    if w.phases.is_empty() {
        one(1, &w.name(), "", t.limit);
    }
    for (i, p) in w.phases.iter().enumerate() {
        one(
            i + 1,
            &p.name,
            p.agency.as_deref().unwrap_or(""),
            t.phases[i],
        );
    }
    x.push_str("  </sequences>\n");
}

/// `services/<serviceCode>.xml`: the TTHC and the processes that serve it, one process
/// option each (the procedure's cases, named as the procedure names them).
fn service(options: &[&Workflow], tthc: &str) -> String {
    let w = options[0];
    let mut x = String::with_capacity(2048);
    x.push_str(HEADER);
    x.push_str("<ServiceInfo>\n");
    leaf(&mut x, "  ", "serviceCode", tthc);
    leaf(&mut x, "  ", "serviceName", cut(&w.title, 1000));
    for name in [
        "processText",
        "methodText",
        "dossierText",
        "conditionText",
        "durationText",
        "applicantText",
        "resultText",
        "regularText",
        "feeText",
        "administrationCode",
        "administrationName",
        "domainCode",
        "domainName",
    ] {
        leaf(&mut x, "  ", name, "");
    }
    leaf(&mut x, "  ", "maxLevel", "2");
    x.push_str("  <fileTemplates></fileTemplates>\n  <configs>\n    <ServiceConfig>\n");
    for (name, value) in [
        ("govAgencyCode", ""),
        ("govAgencyName", ""),
        ("serviceInstruction", ""),
        ("serviceLevel", "2"),
        ("serviceUrl", ""),
        ("forCitizen", "true"),
        ("forBusiness", "true"),
        ("postalService", "false"),
        ("registration", "false"),
    ] {
        leaf(&mut x, "      ", name, value);
    }
    x.push_str("      <processes>\n");
    for (n, o) in options.iter().enumerate() {
        process_option(&mut x, o, n + 1);
    }
    x.push_str("      </processes>\n");
    x.push_str("    </ServiceConfig>\n  </configs>\n</ServiceInfo>\n");
    x
}

/// One `ProcessOption` of a service: the process `w` as the applicant's choice number `n`.
fn process_option(x: &mut String, w: &Workflow, n: usize) {
    x.push_str("        <ProcessOption>\n");
    leaf(x, "          ", "optionCode", &w.code);
    leaf(
        x,
        "          ",
        "optionName",
        cut(w.option.as_deref().unwrap_or(&w.title), 255),
    );
    let (order, name) = (n.to_string(), w.name());
    for (name, value) in [
        ("seqOrder", order.as_str()),
        ("sampleCount", "0"),
        ("autoSelect", ""),
        ("instructionNote", ""),
        ("submissionNote", ""),
        ("templateNo", ""),
        ("templateName", ""),
        ("processNo", w.code.as_str()),
        ("processName", cut(&name, 255)),
        ("registerBookCode", ""),
    ] {
        leaf(x, "          ", name, value);
    }
    x.push_str("        </ProcessOption>\n");
}

/// Java's `Calendar.DAY_OF_WEEK` of a weekday Monday-first index: Sunday 1 … Saturday 7.
fn java_weekday(i: usize) -> usize {
    (i + 1) % 7 + 1
}

/// `WorkingTime.xml`: the sessions of each working weekday.
fn working_time(cal: &Calendar, rest: [bool; 7]) -> String {
    let sessions: Vec<String> = cal
        .hours
        .sessions
        .iter()
        .map(hours::Session::show)
        .collect();
    let mut x = String::from(HEADER);
    x.push_str("<WorkingTimeList>\n");
    for (i, rests) in rest.iter().enumerate() {
        if *rests {
            continue;
        }
        x.push_str("  <WorkingTime>\n");
        leaf(&mut x, "    ", "workTimeDay", &java_weekday(i).to_string());
        leaf(&mut x, "    ", "workTimeHours", &sessions.join(","));
        x.push_str("  </WorkingTime>\n");
    }
    x.push_str("</WorkingTimeList>\n");
    x
}

/// `Holiday.xml`: the covered years' days off that are not weekly rest days (type 0), and
/// rest days worked in exchange (type 1).
fn holidays(cal: &Calendar) -> String {
    let mut x = String::from(HEADER);
    x.push_str("<HolidayList>\n");
    for year in cal.covered() {
        let (Some(first), Some(end)) = (Day::ymd(year, 1, 1), Day::ymd(year + 1, 1, 1)) else {
            continue;
        };
        for n in first.0..end.0 {
            let d = Day(n);
            let (kind, name) = match cal.kind(d) {
                Kind::Holiday(h) => (0, cal.holiday_name(d, h)),
                Kind::Compensatory(h) => (
                    0,
                    crate::tr!("Nghỉ bù {}", "Day off for {}", cal.holiday_name(d, h)),
                ),
                Kind::SwapOff => (0, tr("Nghỉ hoán đổi", "Swapped day off").to_string()),
                Kind::SwapWork => (1, tr("Làm bù", "Worked instead").to_string()),
                _ => continue,
            };
            let Some(date) = d.date() else { continue };
            let when = format!("{:02}/{:02}/{}", date.day, date.month, date.year);
            x.push_str("  <Holiday>\n");
            leaf(&mut x, "    ", "holidayDate", &when);
            leaf(&mut x, "    ", "description", &name);
            leaf(&mut x, "    ", "holidayType", &kind.to_string());
            x.push_str("  </Holiday>\n");
        }
    }
    x.push_str("</HolidayList>\n");
    x
}
