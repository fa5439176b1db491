use super::*;
use crate::workspace::Workspace;
use std::path::Path;

/// Every workflow of a QMS folder, with the time rules of its documents.
fn workflows(root: &Path) -> Vec<(Workflow, TimeRules)> {
    let ws = Workspace::load(root);
    let qms = ws.config.time_rules();
    ws.documents
        .iter()
        .filter(|d| !d.steps().is_empty())
        .flat_map(|d| {
            let rules = d.time_rules(qms);
            let all = Workflow::of_document(d, &rules).unwrap();
            all.into_iter().map(move |w| (w, rules))
        })
        .collect()
}

fn roots() -> Vec<std::path::PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![base.join("docs-example")];
    let mut real: Vec<_> = std::fs::read_dir(base.join("tests/fixtures/real"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    real.sort();
    roots.extend(real);
    roots
}

/// A workflow as the software keeps it: no rows of the procedure, no case apart from its name.
fn as_read(w: &Workflow) -> Workflow {
    Workflow {
        title: w.name(),
        option: None,
        case: None,
        rows: Vec::new(),
        ..w.clone()
    }
}

#[test]
fn every_procedure_reads_back_as_written() {
    let mut count = 0;
    for root in roots() {
        for (w, rules) in workflows(&root) {
            let xml = write(&w, &rules);
            let back = read(&xml, "ignored", &rules).unwrap();
            assert_eq!(back, vec![as_read(&w)], "{}: {}", root.display(), w.code);
            assert_eq!(write(&back[0], &rules), xml, "{}: deterministic", w.code);
            count += 1;
        }
    }
    assert!(count >= 12, "{count} procedures");
}

#[test]
fn phased_procedures_nest_unit_lanes_in_phase_lanes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/bac-ninh-1490");
    let (w, rules) = workflows(&root)
        .into_iter()
        .find(|(w, _)| w.code == "QT-BN-02")
        .unwrap();
    let xml = write(&w, &rules);
    assert!(xml.contains("<bpmn:lane id=\"Phase_1\""), "{xml}");
    assert!(xml.contains("<bpmn:childLaneSet id=\"LaneSet_P1\">"));
    // 0,25 working day is two working hours, counted on the working calendar.
    assert!(xml.contains("qmsdoc:basis=\"working\""));
    assert!(xml.contains(">PT2H</bpmn:timeDuration>"));
}

#[test]
fn iso_durations() {
    let d = |basis, minutes| Duration {
        basis,
        minutes,
        bare_day: false,
    };
    assert_eq!(iso(d(Basis::Working, 120)), "PT2H");
    assert_eq!(iso(d(Basis::Working, 90)), "PT1H30M");
    assert_eq!(iso(d(Basis::Working, 0)), "PT0M");
    assert_eq!(iso(d(Basis::Calendar, 15 * 1440)), "P15D");
    assert_eq!(iso(d(Basis::Calendar, 1440 + 60)), "P1DT1H");
    assert_eq!(read::parse_iso("P1W2DT1,5H30S"), Some((9.0, 90.5)));
    assert_eq!(read::parse_iso("P1M"), None);
    assert_eq!(read::parse_iso("P"), None);
    assert_eq!(read::parse_iso("PT"), None);
    assert_eq!(read::parse_iso("2H"), None);
}

const HEAD: &str = r#"<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
<process id="p" name="Cấp phép">"#;

fn foreign(body: &str) -> Result<Vec<Workflow>, ReadError> {
    read(
        &format!("{HEAD}{body}</process></definitions>"),
        "QT-09",
        &TimeRules::default(),
    )
}

#[test]
fn a_plain_sequential_process_from_another_tool() {
    let w = foreign(
        r#"<laneSet><lane id="l1" name="Bộ phận một cửa"><flowNodeRef>a</flowNodeRef></lane>
           <lane id="l2" name="Phòng chuyên môn"><flowNodeRef>b</flowNodeRef></lane></laneSet>
           <startEvent id="s"/><task id="a" name="Tiếp nhận"><documentation>Kiểm tra hồ sơ</documentation></task>
           <intermediateThrowEvent id="i"/><userTask id="b" name="Thẩm định"/>
           <boundaryEvent id="t" attachedToRef="b"><timerEventDefinition><timeDuration>P2D</timeDuration></timerEventDefinition></boundaryEvent>
           <endEvent id="e"/>
           <sequenceFlow id="f1" sourceRef="s" targetRef="a"/><sequenceFlow id="f2" sourceRef="a" targetRef="i"/>
           <sequenceFlow id="f3" sourceRef="i" targetRef="b"/><sequenceFlow id="f4" sourceRef="b" targetRef="e"/>"#,
    )
    .unwrap();
    assert_eq!(w.len(), 1);
    let w = &w[0];
    assert_eq!((w.code.as_str(), w.title.as_str()), ("QT-09", "Cấp phép"));
    assert_eq!(w.steps.len(), 2);
    assert_eq!(w.steps[0].who.as_deref(), Some("Bộ phận một cửa"));
    assert_eq!(w.steps[0].how.as_deref(), Some("Kiểm tra hồ sơ"));
    assert_eq!(w.steps[0].time, StepTime::Unstated);
    // Two days without qmsdoc:basis: two working days of the QMS.
    assert_eq!(
        w.steps[1].time.duration().map(|d| (d.basis, d.minutes)),
        Some((Basis::Working, 960))
    );
}

#[test]
fn branches_loops_and_non_bpmn_are_refused() {
    let flows = |extra: &str| {
        format!(
            r#"<startEvent id="s"/><task id="a" name="A"/><task id="b" name="B"/><endEvent id="e"/>
               <sequenceFlow id="f1" sourceRef="s" targetRef="a"/><sequenceFlow id="f2" sourceRef="a" targetRef="b"/>{extra}"#
        )
    };
    let err = |body: &str| foreign(body).unwrap_err();
    assert!(matches!(
        err(&flows(r#"<exclusiveGateway id="g"/><sequenceFlow id="f3" sourceRef="b" targetRef="g"/>"#)),
        ReadError::Gateway { id, .. } if id == "g"
    ));
    assert!(matches!(
        err(&flows(r#"<sequenceFlow id="f3" sourceRef="b" targetRef="a"/>"#)),
        ReadError::Cycle { id } if id == "a"
    ));
    assert!(matches!(
        err(&flows(r#"<sequenceFlow id="f3" sourceRef="b" targetRef="e"/><sequenceFlow id="f4" sourceRef="b" targetRef="a"/>"#)),
        ReadError::Split { id } if id == "b"
    ));
    assert!(matches!(err(&flows("")), ReadError::DeadEnd { id } if id == "b"));
    assert!(
        matches!(err(r#"<task id="a" name="A"/>"#), ReadError::NoStart { process } if process == "p")
    );
    let rules = TimeRules::default();
    assert!(matches!(
        read("hello", "x", &rules),
        Err(ReadError::NoElement)
    ));
    assert!(matches!(
        read("hello <", "x", &rules),
        Err(ReadError::NotXml { .. })
    ));
    assert!(matches!(
        read("<a><b></a>", "x", &rules),
        Err(ReadError::NotXml { .. })
    ));
    assert!(
        matches!(read("<html/>", "x", &rules), Err(ReadError::NotBpmn { root }) if root == "html")
    );
    assert!(matches!(
        read(&format!("{HEAD}</process></definitions>"), "x", &rules),
        Err(ReadError::NoProcess)
    ));
}

#[test]
fn calendar_immediate_and_unassigned_steps_read_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-example");
    let (mut w, rules) = workflows(&root).into_iter().next().unwrap();
    let days = Duration {
        basis: Basis::Calendar,
        minutes: 15 * 24 * 60,
        bare_day: true,
    };
    w.steps[0].time = StepTime::Timed(days);
    w.steps[1].time = StepTime::Immediate;
    w.steps[1].who = None;
    w.steps[2].time = StepTime::OffClock;
    w.steps[2].how = Some("Hai dòng\nCách thực hiện: không phải nhãn ở giữa dòng".into());
    w.limit = Some(StepTime::Immediate);
    let xml = write(&w, &rules);
    assert!(xml.contains(">P15D</bpmn:timeDuration>"), "{xml}");
    assert!(xml.contains("qmsdoc:basis=\"calendar\" qmsdoc:bareDay=\"true\""));
    assert!(xml.contains("qmsdoc:unassigned=\"true\""));
    assert!(xml.contains("qmsdoc:time=\"immediate\""));
    assert_eq!(read(&xml, "x", &rules).unwrap(), vec![as_read(&w)]);
}
