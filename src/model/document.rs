//! A QMS document: the front matter fields and the outline of its Markdown body.

use super::fields::{self, KINDS, STATUSES};
use super::reader::Reader;
use super::{Basis, Date, Person, Sp, TimeField, TimeRules, Unit};
use crate::diag::Severity;
use crate::markdown::Outline;
use crate::rule::Rule;
use crate::source::SourceFile;
use crate::yaml::{Node, Span};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Procedure,
    Policy,
    Objectives,
    Manual,
    Form,
    Guide,
    Decision,
    /// Báo cáo đánh giá nội bộ.
    Audit,
    /// Biên bản họp xem xét của lãnh đạo.
    Review,
    /// Phiếu hành động khắc phục.
    CorrectiveAction,
    /// Biên bản kiểm tra (of the province's inspection, TT26 Art. 33–39).
    Inspection,
    /// Báo cáo đã gửi (số, ngày, nơi nhận).
    Report,
}

impl Kind {
    pub fn from_folded(s: &str) -> Option<Kind> {
        Some(match s {
            "procedure" | "quy_trinh" => Kind::Procedure,
            "policy" | "chinh_sach" => Kind::Policy,
            "objectives" | "objective" | "muc_tieu" => Kind::Objectives,
            "manual" | "so_tay" => Kind::Manual,
            "form" | "bieu_mau" => Kind::Form,
            "guide" | "huong_dan" => Kind::Guide,
            "decision" | "quyet_dinh" => Kind::Decision,
            "audit" | "internal_audit" | "danh_gia_noi_bo" | "bao_cao_danh_gia_noi_bo" => {
                Kind::Audit
            }
            "review" | "management_review" | "xem_xet_lanh_dao" | "bien_ban_xem_xet_lanh_dao" => {
                Kind::Review
            }
            "corrective_action" | "hanh_dong_khac_phuc" => Kind::CorrectiveAction,
            "inspection" | "kiem_tra" | "bien_ban_kiem_tra" => Kind::Inspection,
            "report" | "bao_cao" => Kind::Report,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Procedure => "procedure",
            Kind::Policy => "policy",
            Kind::Objectives => "objectives",
            Kind::Manual => "manual",
            Kind::Form => "form",
            Kind::Guide => "guide",
            Kind::Decision => "decision",
            Kind::Audit => "audit",
            Kind::Review => "review",
            Kind::CorrectiveAction => "corrective-action",
            Kind::Inspection => "inspection",
            Kind::Report => "report",
        }
    }

    /// The document type as printed on the document itself (always Vietnamese).
    pub fn label_vi(self) -> &'static str {
        match self {
            Kind::Procedure => "Quy trình",
            Kind::Policy => "Chính sách chất lượng",
            Kind::Objectives => "Mục tiêu chất lượng",
            Kind::Manual => "Sổ tay chất lượng",
            Kind::Form => "Biểu mẫu",
            Kind::Guide => "Hướng dẫn",
            Kind::Decision => "Quyết định",
            Kind::Audit => "Báo cáo đánh giá nội bộ",
            Kind::Review => "Biên bản họp xem xét của lãnh đạo",
            Kind::CorrectiveAction => "Phiếu hành động khắc phục",
            Kind::Inspection => "Biên bản kiểm tra",
            Kind::Report => "Báo cáo",
        }
    }

    pub fn label(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            Kind::Procedure => tr("Quy trình", "Procedure"),
            Kind::Policy => tr("Chính sách chất lượng", "Quality policy"),
            Kind::Objectives => tr("Mục tiêu chất lượng", "Quality objectives"),
            Kind::Manual => tr("Sổ tay", "Manual"),
            Kind::Form => tr("Biểu mẫu", "Form"),
            Kind::Guide => tr("Hướng dẫn", "Guide"),
            Kind::Decision => tr("Quyết định", "Decision"),
            Kind::Audit => tr("Báo cáo đánh giá nội bộ", "Internal audit report"),
            Kind::Review => tr(
                "Biên bản họp xem xét của lãnh đạo",
                "Management review record",
            ),
            Kind::CorrectiveAction => tr("Phiếu hành động khắc phục", "Corrective action"),
            Kind::Inspection => tr("Biên bản kiểm tra", "Inspection record"),
            Kind::Report => tr("Báo cáo đã gửi", "Report sent"),
        }
    }

    /// A record of what was done (a decision, an audit, a review…), not a controlled
    /// document: it is neither published nor listed in the publication's annex.
    pub fn is_record(self) -> bool {
        matches!(
            self,
            Kind::Decision
                | Kind::Audit
                | Kind::Review
                | Kind::CorrectiveAction
                | Kind::Inspection
                | Kind::Report
        )
    }

    /// Revised and published, with a `revision` and a `status`: every kind but the records
    /// kept with a date instead (audit, review, corrective action, inspection, report).
    pub fn is_revised(self) -> bool {
        !self.is_record() || self == Kind::Decision
    }
}

/// Where a corrective action stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionStatus {
    Open,
    InProgress,
    Closed,
}

impl ActionStatus {
    pub fn from_folded(s: &str) -> Option<ActionStatus> {
        Some(match s {
            "open" | "chua_thuc_hien" | "mo" => ActionStatus::Open,
            "in_progress" | "dang_thuc_hien" => ActionStatus::InProgress,
            "closed" | "done" | "da_hoan_thanh" | "hoan_thanh" | "da_dong" => ActionStatus::Closed,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            ActionStatus::Open => tr("chưa thực hiện", "open"),
            ActionStatus::InProgress => tr("đang thực hiện", "in progress"),
            ActionStatus::Closed => tr("đã hoàn thành", "closed"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    InForce,
    Superseded,
    Withdrawn,
}

impl Status {
    pub fn from_folded(s: &str) -> Option<Status> {
        Some(match s {
            "draft" | "du_thao" => Status::Draft,
            "in_force" | "hieu_luc" | "con_hieu_luc" => Status::InForce,
            "superseded" | "thay_the" | "bi_thay_the" => Status::Superseded,
            "withdrawn" | "bai_bo" | "thu_hoi" => Status::Withdrawn,
            _ => return None,
        })
    }

    /// The status as printed on a document (always Vietnamese).
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Draft => "Dự thảo",
            Status::InForce => "Hiệu lực",
            Status::Superseded => "Bị thay thế",
            Status::Withdrawn => "Thu hồi",
        }
    }

    pub fn label(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            Status::Draft => tr("dự thảo", "draft"),
            Status::InForce => tr("hiệu lực", "in force"),
            Status::Superseded => tr("bị thay thế", "superseded"),
            Status::Withdrawn => tr("thu hồi", "withdrawn"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InForce => "in-force",
            Status::Superseded => "superseded",
            Status::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Step {
    /// The whole step (the list item), for findings about a missing field.
    pub span: Span,
    /// Keys whose value was present but rejected (already reported): not "missing".
    pub invalid: Vec<&'static str>,
    /// The label as the source prints it ("Bước 1", "B5", "3").
    pub label: Option<Sp<String>>,
    pub what: Option<Sp<String>>,
    /// What and how in one text (a table's "Nội dung công việc").
    pub task: Option<Sp<String>>,
    pub who: Option<Sp<String>>,
    pub how: Option<Sp<String>>,
    pub responsible: Option<Sp<String>>,
    pub time: Option<TimeField>,
    pub output: Option<Sp<String>>,
    pub forms: Vec<Sp<String>>,
    /// The ids of the cases the step belongs to; empty: every case.
    pub cases: Vec<Sp<String>>,
}

impl Step {
    /// Whether the step belongs to the case `id` (folded, so "II" and "ii" are one).
    pub fn in_case(&self, id: &str) -> bool {
        self.cases.is_empty() || self.cases.iter().any(|c| same_id(&c.value, id))
    }

    /// Whether some file goes through both steps: one of them is in every case, or they
    /// name a case in common.
    pub fn shares_a_case(&self, other: &Step) -> bool {
        self.cases.is_empty() || other.cases.iter().any(|c| self.in_case(&c.value))
    }
}

/// Two case ids name the same case.
pub fn same_id(a: &str, b: &str) -> bool {
    crate::text::fold_text(a) == crate::text::fold_text(b)
}

/// A case of a procedure whose steps and time limit depend on the file: the source prints
/// one total per case ("Tổng thời gian … trong trường hợp hồ sơ đầy đủ: 10 ngày"), or one
/// block of steps per case.
#[derive(Clone, Debug, Default)]
pub struct Case {
    pub span: Span,
    pub id: Option<Sp<String>>,
    pub name: Option<Sp<String>>,
    pub time_limit: Option<TimeField>,
}

/// A phase of an inter-agency (liên thông) procedure: its row in the table, its own time
/// limit, and its steps, a range of [`Document::steps`].
#[derive(Clone, Debug, Default)]
pub struct Phase {
    pub span: Span,
    pub name: Option<Sp<String>>,
    pub agency: Option<Sp<String>>,
    pub time_limit: Option<TimeField>,
    pub steps: std::ops::Range<usize>,
    /// The `steps` key of the phase, when present.
    pub steps_key: Option<Span>,
}

impl Phase {
    /// Its steps share the phase's time: the source gives one (merged) time cell for them all.
    pub fn shares_time(&self, steps: &[Step]) -> bool {
        self.time_limit.is_some() && steps[self.steps.clone()].iter().all(|s| s.time.is_none())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Record {
    pub span: Span,
    pub invalid: Vec<&'static str>,
    pub name: Option<Sp<String>>,
    pub keeper: Option<Sp<String>>,
    pub retention: Option<Sp<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct Objective {
    pub span: Span,
    pub objective: Option<Sp<String>>,
    pub target: Option<Sp<String>>,
    pub owner: Option<Sp<String>>,
    pub deadline: Option<Sp<String>>,
    pub measure: Option<Sp<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct HistoryEntry {
    pub span: Span,
    pub revision: Option<Sp<i64>>,
    pub date: Option<Sp<Date>>,
    pub changes: Option<Sp<String>>,
    pub decision: Option<Sp<String>>,
    /// A review without changes, on this day.
    pub reviewed: Option<Sp<Date>>,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub source: Arc<SourceFile>,
    /// The opening `---` line: where findings about a missing field point.
    pub head: Span,
    pub kind: Option<Sp<Kind>>,
    pub code: Option<Sp<String>>,
    pub title: Option<Sp<String>>,
    pub revision: Option<Sp<i64>>,
    pub effective: Option<Sp<Date>>,
    pub status: Option<Sp<Status>>,
    pub owner: Option<Sp<String>>,
    pub prepared_by: Option<Sp<Person>>,
    pub reviewed_by: Option<Sp<Person>>,
    pub approved_by: Option<Sp<Person>>,
    pub tthc: Option<Sp<String>>,
    pub legal_basis: Vec<Sp<String>>,
    /// The `legal_basis` key, when present (an empty list is reported there).
    pub legal_basis_key: Option<Span>,
    pub time_limit: Option<TimeField>,
    /// Cases with their own time limits, `None` when the key is absent.
    pub cases: Option<(Span, Vec<Case>)>,
    pub fee: Option<Sp<String>>,
    /// `None` when the key is absent; the span is the `steps` key (or `phases` key: the steps
    /// of all phases, in order).
    pub steps: Option<(Span, Vec<Step>)>,
    /// The phases of a liên thông procedure, `None` when the key is absent.
    pub phases: Option<(Span, Vec<Phase>)>,
    /// The unit of time cells that hold only a number.
    pub time_unit: Option<Sp<Unit>>,
    /// How often the document is reviewed (`review_every: 12 tháng`).
    pub review_every: Option<Sp<super::Period>>,
    /// How this document reads a bare "ngày" (else `qms.yaml`'s setting).
    pub bare_day: Option<Sp<Basis>>,
    pub records: Option<(Span, Vec<Record>)>,
    pub objectives: Option<(Span, Vec<Objective>)>,
    pub iso_clauses: Vec<Sp<String>>,
    pub history: Vec<HistoryEntry>,
    /// Number and symbol of a decision ("15/QĐ-UBND").
    pub number: Option<Sp<String>>,
    pub signed_by: Option<Sp<String>>,
    /// The date of a record: the audit, the meeting, the inspection, the report.
    pub date: Option<Sp<Date>>,
    /// A corrective action's due date.
    pub due: Option<Sp<Date>>,
    /// The inspection record a corrective action answers.
    pub inspection: Option<Sp<String>>,
    pub action_status: Option<Sp<ActionStatus>>,
    /// The day a corrective action was completed.
    pub closed: Option<Sp<Date>>,
    /// Where a report was sent.
    pub recipient: Option<Sp<String>>,
    pub rules: Vec<(&'static Rule, Severity)>,
    pub outline: Outline,
    /// Keys whose value was present but rejected (already reported): not "missing".
    pub invalid: Vec<&'static str>,
}

impl Document {
    pub fn empty(source: Arc<SourceFile>, head: Span) -> Self {
        Document {
            source,
            head,
            kind: None,
            code: None,
            title: None,
            revision: None,
            effective: None,
            status: None,
            owner: None,
            prepared_by: None,
            reviewed_by: None,
            approved_by: None,
            tthc: None,
            legal_basis: Vec::new(),
            legal_basis_key: None,
            time_limit: None,
            cases: None,
            fee: None,
            steps: None,
            phases: None,
            time_unit: None,
            review_every: None,
            bare_day: None,
            records: None,
            objectives: None,
            iso_clauses: Vec::new(),
            history: Vec::new(),
            number: None,
            signed_by: None,
            date: None,
            due: None,
            inspection: None,
            action_status: None,
            closed: None,
            recipient: None,
            rules: Vec::new(),
            outline: Outline::default(),
            invalid: Vec::new(),
        }
    }

    /// Drops what only the rules of one document read (steps, phases, records, objectives,
    /// history, outline) once they have run: `check` keeps each document's identity, codes
    /// and references, not its text.
    pub fn shed_content(&mut self) {
        self.steps = None;
        self.phases = None;
        self.cases = None;
        self.records = None;
        self.objectives = None;
        self.history = Vec::new();
        self.outline = Outline::default();
    }

    pub fn kind(&self) -> Option<Kind> {
        self.kind.as_ref().map(|k| k.value)
    }

    pub fn code_str(&self) -> &str {
        self.code.as_ref().map_or("", |c| c.value.as_str())
    }

    pub fn title_str(&self) -> &str {
        self.title.as_ref().map_or("", |c| c.value.as_str())
    }

    pub fn steps(&self) -> &[Step] {
        self.steps.as_ref().map_or(&[], |s| &s.1)
    }

    pub fn phases(&self) -> &[Phase] {
        self.phases.as_ref().map_or(&[], |p| &p.1)
    }

    pub fn cases(&self) -> &[Case] {
        self.cases.as_ref().map_or(&[], |c| &c.1)
    }

    /// The id steps name each case by: its `id`, else its position from 1.
    pub fn case_ids(&self) -> Vec<String> {
        let ids = self.cases().iter().enumerate();
        ids.map(|(n, c)| {
            c.id.as_ref()
                .map(|i| i.value.trim())
                .filter(|i| !i.is_empty())
                .map_or_else(|| (n + 1).to_string(), str::to_string)
        })
        .collect()
    }

    /// The steps as the table groups them: one range per phase, or all steps.
    pub fn step_groups(&self) -> Vec<std::ops::Range<usize>> {
        if self.phases().is_empty() {
            std::iter::once(0..self.steps().len()).collect()
        } else {
            self.phases().iter().map(|p| p.steps.clone()).collect()
        }
    }

    /// The label of each step as printed: the source's own (`label`), else its number,
    /// counted again from 1 in each phase.
    pub fn step_labels(&self) -> Vec<String> {
        let steps = self.steps();
        let mut out = Vec::with_capacity(steps.len());
        let mut numbered = |range: std::ops::Range<usize>| {
            for (n, i) in range.enumerate() {
                out.push(
                    steps[i]
                        .label
                        .as_ref()
                        .map_or_else(|| (n + 1).to_string(), |l| l.value.trim().to_string()),
                );
            }
        };
        for range in self.step_groups() {
            numbered(range);
        }
        out
    }

    /// A sub-row of the step above: written with an empty `label` and no text of its own,
    /// as a table whose step and content cells are merged over several rows of responsible
    /// units and times.
    pub fn is_continuation(&self, i: usize) -> bool {
        let s = &self.steps()[i];
        let starts_group = i == 0 || self.phases().iter().any(|p| p.steps.start == i);
        !starts_group
            && s.label.as_ref().is_some_and(|l| l.value.trim().is_empty())
            && s.what.is_none()
            && s.task.is_none()
            && s.how.is_none()
    }

    /// How findings name each step: its label, or for a sub-row the label above it with
    /// "(tiếp)".
    pub fn step_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.step_labels();
        for i in 0..names.len() {
            if names[i].is_empty() {
                names[i] = match i {
                    0 => "1".to_string(),
                    _ => tr!(
                        "{} (tiếp)",
                        "{} (continued)",
                        names[i - 1]
                            .trim_end_matches(" (tiếp)")
                            .trim_end_matches(" (continued)")
                    ),
                };
            }
        }
        names
    }

    /// The QMS's time rules with this document's own settings.
    pub fn time_rules(&self, qms: TimeRules) -> TimeRules {
        TimeRules {
            bare_day: self.bare_day.as_ref().map_or(qms.bare_day, |b| b.value),
            unit: self.time_unit.as_ref().map(|u| u.value).or(qms.unit),
            ..qms
        }
    }

    pub fn records(&self) -> &[Record] {
        self.records.as_ref().map_or(&[], |s| &s.1)
    }

    /// Reads the front matter tree into a document.
    pub fn read(r: &mut Reader, root: &Node, head: Span) -> Document {
        let mut d = Document::empty(r.file.clone(), head);
        let what = crate::i18n::tr("phần đầu tài liệu", "the front matter");
        let mut seen_steps = false;
        for e in r.entries(root, fields::DOCUMENT, what) {
            let reported = r.findings.len();
            seen_steps |= e.field.key == "steps";
            match e.field.key {
                "kind" => d.kind = r.choice(&e, KINDS, Kind::from_folded),
                "code" => d.code = r.text(&e),
                "title" => d.title = r.text(&e),
                "revision" => d.revision = r.int(&e),
                "effective" => d.effective = r.date(&e),
                "status" => d.status = r.choice(&e, STATUSES, Status::from_folded),
                "owner" => d.owner = r.text(&e),
                "prepared_by" => d.prepared_by = r.person(&e),
                "reviewed_by" => d.reviewed_by = r.person(&e),
                "approved_by" => d.approved_by = r.person(&e),
                "tthc" => d.tthc = r.text(&e),
                "legal_basis" => {
                    d.legal_basis = r.text_list(&e);
                    d.legal_basis_key = Some(e.key.span);
                }
                "time_limit" => d.time_limit = r.time(&e),
                "cases" => {
                    let items = r.list(&e).unwrap_or(&[]);
                    let cases = items.iter().map(|n| read_case(r, n)).collect();
                    d.cases = Some((e.key.span, cases));
                }
                "fee" => d.fee = r.text(&e),
                "steps" => {
                    let items = r.list(&e).unwrap_or(&[]);
                    let steps = items.iter().map(|n| read_step(r, n)).collect();
                    d.steps = Some((e.key.span, steps));
                }
                "phases" => {
                    let items = r.list(&e).unwrap_or(&[]);
                    let mut steps = Vec::new();
                    let phases = items.iter().map(|n| read_phase(r, n, &mut steps)).collect();
                    d.phases = Some((e.key.span, phases));
                    d.steps = Some((e.key.span, steps));
                }
                "time_unit" => d.time_unit = r.unit(&e),
                "review_every" => d.review_every = r.period(&e),
                "bare_day" => d.bare_day = r.choice(&e, fields::BASES, Basis::from_folded),
                "records" => {
                    let items = r.list(&e).unwrap_or(&[]);
                    let records = items.iter().map(|n| read_record(r, n)).collect();
                    d.records = Some((e.key.span, records));
                }
                "objectives" => {
                    let items = r.list(&e).unwrap_or(&[]);
                    let list = items.iter().map(|n| read_objective(r, n)).collect();
                    d.objectives = Some((e.key.span, list));
                }
                "iso_clauses" => d.iso_clauses = r.text_list(&e),
                "history" => {
                    let items = r.list(&e).unwrap_or(&[]);
                    d.history = items.iter().map(|n| read_history(r, n)).collect();
                }
                "number" => d.number = r.text(&e),
                "signed_by" => d.signed_by = r.text(&e),
                "date" => d.date = r.date(&e),
                "due" => d.due = r.date(&e),
                "inspection" => d.inspection = r.text(&e),
                "action_status" => {
                    d.action_status =
                        r.choice(&e, fields::ACTION_STATUSES, ActionStatus::from_folded);
                }
                "closed" => d.closed = r.date(&e),
                "recipient" => d.recipient = r.text(&e),
                "rules" => d.rules = r.severities(&e),
                _ => {}
            }
            if r.findings.len() > reported {
                d.invalid.push(e.field.key);
            }
        }
        if d.phases.is_some() && seen_steps {
            r.steps_and_phases(d.phases.as_ref().map_or(head, |p| p.0));
        }
        d
    }
}

fn read_step(r: &mut Reader, node: &Node) -> Step {
    let mut s = Step {
        span: node.span,
        ..Step::default()
    };
    let what = crate::i18n::tr("một bước (steps)", "a step");
    for e in r.entries(node, fields::STEP, what) {
        let reported = r.findings.len();
        match e.field.key {
            "label" => s.label = r.text(&e),
            "what" => s.what = r.text(&e),
            "task" => s.task = r.text(&e),
            "who" => s.who = r.text(&e),
            "how" => s.how = r.text(&e),
            "responsible" => s.responsible = r.text(&e),
            "time" => s.time = r.time(&e),
            "output" => s.output = r.text(&e),
            "forms" => s.forms = r.text_list(&e),
            "cases" => s.cases = r.text_list(&e),
            _ => {}
        }
        if r.findings.len() > reported {
            s.invalid.push(e.field.key);
        }
    }
    s
}

/// Reads a phase; its steps are appended to `steps`, the phase keeps their range.
fn read_phase(r: &mut Reader, node: &Node, steps: &mut Vec<Step>) -> Phase {
    let mut p = Phase {
        span: node.span,
        steps: steps.len()..steps.len(),
        ..Phase::default()
    };
    let what = crate::i18n::tr("một giai đoạn (phases)", "a phase");
    for e in r.entries(node, fields::PHASE, what) {
        match e.field.key {
            "name" => p.name = r.text(&e),
            "agency" => p.agency = r.text(&e),
            "time_limit" => p.time_limit = r.time(&e),
            "steps" => {
                p.steps_key = Some(e.key.span);
                for n in r.list(&e).unwrap_or(&[]) {
                    steps.push(read_step(r, n));
                }
            }
            _ => {}
        }
    }
    p.steps.end = steps.len();
    p
}

fn read_case(r: &mut Reader, node: &Node) -> Case {
    let mut c = Case {
        span: node.span,
        ..Case::default()
    };
    let what = crate::i18n::tr("một trường hợp (cases)", "a case");
    for e in r.entries(node, fields::CASE, what) {
        match e.field.key {
            "id" => c.id = r.text(&e),
            "name" => c.name = r.text(&e),
            "time_limit" => c.time_limit = r.time(&e),
            _ => {}
        }
    }
    c
}

fn read_record(r: &mut Reader, node: &Node) -> Record {
    let mut rec = Record {
        span: node.span,
        ..Record::default()
    };
    let what = crate::i18n::tr("một hồ sơ (records)", "a record");
    for e in r.entries(node, fields::RECORD, what) {
        let reported = r.findings.len();
        match e.field.key {
            "name" => rec.name = r.text(&e),
            "keeper" => rec.keeper = r.text(&e),
            "retention" => rec.retention = r.text(&e),
            _ => {}
        }
        if r.findings.len() > reported {
            rec.invalid.push(e.field.key);
        }
    }
    rec
}

fn read_objective(r: &mut Reader, node: &Node) -> Objective {
    let mut o = Objective {
        span: node.span,
        ..Objective::default()
    };
    let what = crate::i18n::tr("một mục tiêu (objectives)", "an objective");
    for e in r.entries(node, fields::OBJECTIVE, what) {
        match e.field.key {
            "objective" => o.objective = r.text(&e),
            "target" => o.target = r.text(&e),
            "owner" => o.owner = r.text(&e),
            "deadline" => o.deadline = r.text(&e),
            "measure" => o.measure = r.text(&e),
            _ => {}
        }
    }
    o
}

fn read_history(r: &mut Reader, node: &Node) -> HistoryEntry {
    let mut h = HistoryEntry {
        span: node.span,
        ..HistoryEntry::default()
    };
    let what = crate::i18n::tr("một mục lịch sử (history)", "a history entry");
    for e in r.entries(node, fields::HISTORY, what) {
        match e.field.key {
            "revision" => h.revision = r.int(&e),
            "date" => h.date = r.date(&e),
            "changes" => h.changes = r.text(&e),
            "decision" => h.decision = r.text(&e),
            "reviewed" => h.reviewed = r.date(&e),
            _ => {}
        }
    }
    h
}
