//! From a table to procedures: which columns hold the label, the task, the responsible unit,
//! the time and the result (whatever the header's exact words), which rows are phases, steps,
//! sub-rows of a step and the total, and whether the steps add up to the total.

use super::cases::{self, Case};
use super::heading;
use super::table::{Cell, Grid, RawTable};
use super::{Problem, ProblemKind};
use crate::model::duration::{Time, TimeRules, Unit};
use crate::text::fold_text;

/// Rows beyond which a table is refused: the longest real step table has a few dozen.
pub(crate) const MAX_ROWS: usize = 2000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Step {
    /// `None` when the table has no label column; `""` for a sub-row of the step above.
    pub label: Option<String>,
    pub task: Option<String>,
    pub responsible: Option<String>,
    pub time: Option<String>,
    pub output: Option<String>,
    /// The id of the case whose rows the step is in; `None`: every case.
    pub case: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Phase {
    pub name: Option<String>,
    pub time_limit: Option<String>,
    pub steps: Vec<Step>,
}

/// One procedure read from a table (a table holds one, or several when rows inside it
/// introduce another TTHC).
#[derive(Clone, Debug, Default)]
pub(crate) struct Procedure {
    pub tthc: Option<String>,
    pub name: Option<String>,
    pub time_limit: Option<String>,
    /// The unit a number-only time cell has, from the time column's header.
    pub time_unit: Option<String>,
    pub phases: Vec<Phase>,
    /// Cases with their own time limits, when the table has them ("Trường hợp …").
    pub cases: Vec<Case>,
    /// 1-based number of the table in the file.
    pub table: usize,
    /// What keeps this procedure from being written (a time it cannot read, steps that do not
    /// add up); the other procedures of its table are written all the same.
    pub problems: Vec<Problem>,
}

impl Procedure {
    pub(crate) fn steps(&self) -> impl Iterator<Item = &Step> {
        self.phases.iter().flat_map(|ph| &ph.steps)
    }

    /// The table gives a limit per case but does not say which steps each case goes
    /// through: the agency marks them.
    pub(crate) fn cases_unmarked(&self) -> bool {
        !self.cases.is_empty() && self.steps().all(|s| s.case.is_none())
    }

    /// The limit for all cases: none when each case has its own.
    pub(crate) fn overall_limit(&self) -> Option<&str> {
        self.time_limit.as_deref().filter(|_| self.cases.is_empty())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Label,
    Task,
    Responsible,
    Time,
    Output,
    Other,
}

/// Header words of the task column ("Nội dung công việc", "Trình tự thực hiện").
const TASK: [&str; 3] = ["noi dung", "trinh tu", "cong viec"];
/// Header words of the responsible column ("Trách nhiệm xử lý công việc", "Đơn vị thực hiện").
const RESPONSIBLE: [&str; 7] = [
    "trach nhiem",
    "don vi",
    "nguoi thuc hien",
    "phan cong",
    "bo phan",
    "co quan",
    "can bo",
];

fn role(header: &str) -> Role {
    let f = fold_text(header);
    let starts = |ws: &[&str]| {
        ws.iter()
            .any(|w| f == *w || f.starts_with(&format!("{w} ")))
    };
    if starts(&[
        "tt",
        "stt",
        "so tt",
        "buoc",
        "cac buoc",
        "thu tu",
        "ten buoc",
        "buoc thuc hien",
    ]) {
        Role::Label
    } else if starts(&TASK) {
        Role::Task
    } else if starts(&RESPONSIBLE) {
        // Before the words inside: "Trách nhiệm xử lý công việc" is who, not what.
        Role::Responsible
    } else if f.contains("thoi gian") || f.contains("thoi han") {
        Role::Time
    } else if ["bieu mau", "ket qua", "san pham"]
        .iter()
        .any(|w| f.contains(w))
    {
        Role::Output
    } else if TASK.iter().any(|w| f.contains(w)) {
        Role::Task
    } else if RESPONSIBLE.iter().any(|w| f.contains(w)) {
        Role::Responsible
    } else {
        Role::Other
    }
}

/// The columns of a step table, found in its header row.
#[derive(Clone, Debug, Default)]
struct Columns {
    header: usize,
    label: Option<usize>,
    task: usize,
    responsible: Option<usize>,
    time: usize,
    output: Option<usize>,
    /// The time header's parenthesis: a unit ("(ngày làm việc)") or a total ("(03 ngày làm việc)").
    time_note: Option<String>,
}

fn columns(g: &Grid) -> Option<Columns> {
    for h in 0..g.slots.len().min(4) {
        let mut roles: Vec<(usize, Role)> = Vec::new();
        for col in 0..g.width {
            let text = g.at(h, col).map_or("", |c| c.text.as_str());
            roles.push((col, role(text)));
        }
        let first = |r: Role| roles.iter().find(|(_, x)| *x == r).map(|(c, _)| *c);
        if let (Some(task), Some(time)) = (first(Role::Task), first(Role::Time)) {
            let note = g.at(h, time).and_then(|c| {
                let s = c.text.find('(')?;
                let e = c.text.rfind(')').filter(|e| *e > s)?;
                Some(c.text[s + 1..e].trim().to_string())
            });
            return Some(Columns {
                header: h,
                label: first(Role::Label),
                task,
                responsible: first(Role::Responsible),
                time,
                output: first(Role::Output),
                time_note: note,
            });
        }
    }
    None
}

/// "Bước 3", "B5", "3", "3 3": a step's label, not a phase's ("I", "2.1.", "a)").
fn is_step_label(s: &str) -> bool {
    let f = fold_text(s);
    let rest = f
        .strip_prefix("buoc ")
        .or_else(|| f.strip_prefix('b'))
        .unwrap_or(&f);
    !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && !s.trim_end().ends_with('.')
}

/// A row that only numbers the columns: "(1) (2) (3)" or "1 2 3".
fn is_column_numbers(g: &Grid, r: usize) -> bool {
    let cells = g.texts(r);
    cells.len() >= 3
        && cells.iter().enumerate().all(|(i, c)| {
            let t = c.text.trim().trim_start_matches('(').trim_end_matches(')');
            t == (i + 1).to_string()
        })
}

/// Whether this table looks like a step table at all (others, such as the list of TTHC or a
/// signature block, are passed over).
pub(crate) fn is_step_table(t: &RawTable) -> bool {
    let g = Grid::build(&t.rows[..t.rows.len().min(6)]);
    let header = (0..g.slots.len().min(4))
        .any(|h| (0..g.width).any(|c| g.at(h, c).is_some_and(|c| role(&c.text) == Role::Task)));
    let labels = g.slots.iter().enumerate().any(|(r, _)| {
        g.own(r, 0)
            .is_some_and(|c| fold_text(&c.text).starts_with("buoc "))
    });
    header || labels
}

/// Reads the procedures of one table (each with its own problems), or says why it cannot.
pub(crate) fn recognise(t: &RawTable, index: usize) -> (Vec<Procedure>, Vec<Problem>) {
    let problem = |row: Option<usize>, kind| Problem {
        table: index,
        row,
        kind,
    };
    if t.nested {
        return (Vec::new(), vec![problem(None, ProblemKind::Nested)]);
    }
    if t.rows.len() > MAX_ROWS {
        return (
            Vec::new(),
            vec![problem(None, ProblemKind::TooManyRows(t.rows.len()))],
        );
    }
    let g = Grid::build(&t.rows);
    let Some(cols) = columns(&g) else {
        let header = g
            .texts(0)
            .iter()
            .map(|c| c.text.replace('\n', " "))
            .collect();
        return (
            Vec::new(),
            vec![problem(Some(1), ProblemKind::Columns(header))],
        );
    };
    let mut reader = Rows::new(&g, &cols, t, index);
    for r in cols.header + 1..g.slots.len() {
        reader.row(r);
    }
    let mut procs = reader.finish();
    for p in &mut procs {
        let sums = check_sum(p, index);
        p.problems.extend(sums);
    }
    (procs, Vec::new())
}

/// The walk down the rows of a table.
struct Rows<'a> {
    g: &'a Grid,
    cols: &'a Columns,
    done: Vec<Procedure>,
    current: Procedure,
    /// For each step of the current phase: the id of its time cell, and whether it spans
    /// the rows below.
    time_cells: Vec<Option<usize>>,
    /// A total row of the current procedure was read (a second one is an alternative).
    saw_total: bool,
    /// The case whose steps the rows now are, from its row on.
    case: Option<String>,
    /// The "Trường hợp …: 42 ngày" lines before the table (the first procedure's).
    stated: Vec<(String, String)>,
}

impl<'a> Rows<'a> {
    fn new(g: &'a Grid, cols: &'a Columns, t: &RawTable, index: usize) -> Rows<'a> {
        let note = cols.time_note.as_deref().unwrap_or("");
        let unit_in_header = !note.chars().any(|c| c.is_ascii_digit())
            && Time::parse(&format!("1 {}", note.trim_start_matches("ĐVT:").trim()))
                .is_ok_and(|t| matches!(t, Time::Amount(a) if a.unit != Unit::Unstated));
        let own = heading::own(&t.heading);
        let current = Procedure {
            tthc: heading::tthc_code(own),
            name: heading::tthc_name(own),
            time_unit: unit_in_header.then(|| {
                note.trim_start_matches("ĐVT:")
                    .trim()
                    .to_lowercase()
                    .to_string()
            }),
            time_limit: heading::stated_limit(own)
                .or_else(|| (note.chars().any(|c| c.is_ascii_digit())).then(|| note.to_string())),
            phases: vec![Phase::default()],
            cases: Vec::new(),
            table: index,
            problems: Vec::new(),
        };
        Rows {
            g,
            cols,
            done: Vec::new(),
            current,
            time_cells: Vec::new(),
            saw_total: false,
            case: None,
            stated: cases::stated_limits(own),
        }
    }

    fn own(&self, r: usize, col: Option<usize>) -> Option<&'a Cell> {
        let g: &'a Grid = self.g;
        col.and_then(|c| g.own(r, c))
    }

    fn row(&mut self, r: usize) {
        let texts = self.g.texts(r);
        if texts.is_empty() || is_column_numbers(self.g, r) {
            return;
        }
        let label = self.own(r, self.cols.label);
        // A total row says "Tổng …" and has no step label: a step may begin "Tổng hợp …"
        // (Sơn La 2929, B8).
        let labelled = label.is_some_and(|l| is_step_label(&l.text));
        if let Some(total) = texts
            .iter()
            .position(|c| fold_text(&c.text).starts_with("tong"))
            .filter(|_| !labelled)
        {
            return self.total(&texts, total);
        }
        let task = self.own(r, Some(self.cols.task));
        let resp = self.own(r, self.cols.responsible);
        let time = self.own(r, Some(self.cols.time));
        let step_label = label.is_some_and(|l| is_step_label(&l.text));
        let resp_text = resp.filter(|c| !same(Some(c), task) && !same(Some(c), label));
        let label_carried = self
            .cols
            .label
            .is_some_and(|c| self.g.at(r, c).is_some() && self.g.own(r, c).is_none());
        let phase_like = !step_label
            && !label_carried
            && resp_text.is_none_or(|c| c.text.is_empty())
            && (self.cols.responsible.is_some() || same(label, task) || texts.len() == 1);
        if phase_like {
            let name: Vec<&Cell> = texts
                .iter()
                .copied()
                .filter(|c| !same(Some(c), time) || same(Some(c), task))
                .collect();
            let own_time = time
                .filter(|c| !same(Some(c), task) && !same(Some(c), label))
                .map(|c| c.text.clone());
            if let Some((id, case)) = case_row(label.filter(|l| !same(Some(l), task)), &name) {
                return self.case(r, id, case, own_time);
            }
            let name: Vec<&str> = name.iter().map(|c| c.text.as_str()).collect();
            return self.phase(name.join(" "), own_time);
        }
        self.step(r, label, task, resp_text, time);
    }

    fn total(&mut self, texts: &[&Cell], at: usize) {
        let label = &texts[at].text;
        // The cell that reads as a time; else one that at least holds a number (a total
        // written as sentences, kept verbatim for `check` to report): never a cell such as
        // the responsible unit that a merged total row carries along.
        let cells: Vec<String> = texts[at + 1..]
            .iter()
            .rev()
            .map(|c| heading::clean_value(&c.text))
            .chain(label.split_once(':').map(|(_, v)| heading::clean_value(v)))
            .filter(|v| !v.is_empty())
            .collect();
        let value = cells
            .iter()
            .find(|v| Time::parse(v).is_ok())
            .or_else(|| cells.iter().find(|v| v.chars().any(|c| c.is_ascii_digit())))
            .cloned();
        if let Some(v) = value {
            if self.case_total(label, &v) {
                return;
            }
            let joined = match self.current.time_limit.take() {
                Some(prev) if self.saw_total => format!("{prev}\n{v}"),
                _ => v,
            };
            self.current.time_limit = Some(joined);
            self.saw_total = true;
        }
    }

    fn phase(&mut self, name: String, time: Option<String>) {
        if let Some(code) = heading::tthc_code(&name) {
            // A row that introduces another TTHC inside the same table.
            self.close_phase();
            let started = self.current.phases.iter().any(|p| !p.steps.is_empty());
            if started {
                let next = Procedure {
                    tthc: Some(code.clone()),
                    name: heading::tthc_name(&name),
                    time_unit: self.current.time_unit.clone(),
                    phases: vec![Phase::default()],
                    table: self.current.table,
                    ..Procedure::default()
                };
                self.done.push(std::mem::replace(&mut self.current, next));
                self.saw_total = false;
                self.case = None;
            } else {
                self.current.tthc = Some(code);
                self.current.name = heading::tthc_name(&name);
            }
            return;
        }
        self.close_phase();
        self.current.phases.push(Phase {
            name: Some(name),
            time_limit: time,
            steps: Vec::new(),
        });
    }

    /// A phase whose first step's time cell is merged down over all its steps shares that
    /// time: it becomes the phase's own limit.
    fn close_phase(&mut self) {
        let cells = std::mem::take(&mut self.time_cells);
        let Some(phase) = self.current.phases.last_mut() else {
            return;
        };
        let n = phase.steps.len();
        let first = cells.first().copied().flatten();
        let shared = n > 1
            && first.is_some_and(|id| self.g.cells.get(id).is_some_and(|c| c.rows >= n))
            && phase.steps[1..].iter().all(|s| s.time.is_none());
        if shared && phase.time_limit.is_none() && phase.name.is_some() {
            phase.time_limit = phase.steps[0].time.take();
        }
    }

    fn step(
        &mut self,
        r: usize,
        label: Option<&Cell>,
        task: Option<&Cell>,
        resp: Option<&Cell>,
        time: Option<&Cell>,
    ) {
        let text = |c: Option<&Cell>| c.map(|c| c.text.clone()).filter(|t| !t.is_empty());
        let output = self.own(r, self.cols.output);
        let step = Step {
            label: self
                .cols
                .label
                .map(|_| label.map_or(String::new(), |c| c.text.clone())),
            task: text(task),
            responsible: text(resp),
            time: text(time),
            output: text(output),
            case: self.case.clone(),
        };
        if let Some(t) = &step.time
            && let Err(kind) = self.read_time(t)
        {
            self.current.problems.push(Problem {
                table: self.current.table,
                row: Some(r + 1),
                kind,
            });
        }
        self.time_cells
            .push(time.and_then(|_| self.g.slots[r][self.cols.time]));
        if let Some(p) = self.current.phases.last_mut() {
            p.steps.push(step);
        }
    }

    fn read_time(&self, t: &str) -> Result<(), ProblemKind> {
        match Time::parse(t) {
            Ok(Time::Amount(a)) if a.unit == Unit::Unstated && self.current.time_unit.is_none() => {
                Err(ProblemKind::Time(t.to_string(), None))
            }
            Ok(_) => Ok(()),
            Err(e) => Err(ProblemKind::Time(t.to_string(), Some(e.describe()))),
        }
    }

    /// A row that opens the steps of a case.
    fn case(&mut self, r: usize, id: Option<String>, name: String, time: Option<String>) {
        let id = id.unwrap_or_else(|| (self.current.cases.len() + 1).to_string());
        self.case = Some(id.clone());
        self.current.cases.push(Case {
            id,
            name,
            time_limit: time,
            row: Some(r + 1),
        });
    }

    /// A total row that gives a case its limit: the case whose steps end here, when its row
    /// gave it none; else the case the label names ("Tổng thời gian … trong trường hợp hồ sơ
    /// đầy đủ"), one per total row, under steps the table does not mark.
    fn case_total(&mut self, label: &str, value: &str) -> bool {
        let current = self.case.as_deref();
        if let Some(c) = self
            .current
            .cases
            .iter_mut()
            .find(|c| Some(&*c.id) == current)
            && c.time_limit.is_none()
        {
            c.time_limit = Some(value.to_string());
            return true;
        }
        let Some(name) = cases::of_total(label) else {
            return false;
        };
        if self.case.is_some() {
            return false;
        }
        self.current.cases.push(Case {
            id: (self.current.cases.len() + 1).to_string(),
            name,
            time_limit: Some(value.to_string()),
            row: None,
        });
        true
    }

    fn finish(mut self) -> Vec<Procedure> {
        self.close_phase();
        let mut all = self.done;
        all.push(self.current);
        for p in &mut all {
            p.phases.retain(|ph| !ph.steps.is_empty());
        }
        all.retain(|p| !p.phases.is_empty());
        for (n, p) in all.iter_mut().enumerate() {
            // The text before the table speaks of its first procedure.
            settle_cases(p, if n == 0 { &self.stated } else { &[] });
        }
        all
    }
}

fn same(a: Option<&Cell>, b: Option<&Cell>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a == b)
}

/// A phase-like row that opens a case ("I | Trường hợp …"): the id in its number cell or
/// before its name, and its name.
fn case_row(number: Option<&Cell>, cells: &[&Cell]) -> Option<(Option<String>, String)> {
    let name: Vec<&str> = cells
        .iter()
        .filter(|c| !same(Some(c), number))
        .map(|c| c.text.as_str())
        .collect();
    let name = name.join(" ");
    if !cases::is_case_row(&name) {
        return None;
    }
    let (lead, name) = cases::split_numbering(&name);
    let id = number.and_then(|n| cases::case_id(&n.text)).or(lead);
    Some((id, name))
}

/// The cases of a procedure as written: a case row with no steps after it is a note, not a
/// case ("Trường hợp hồ sơ quá hạn xử lý, …" under the last step); one total row for a case
/// is the procedure's total; a case without a limit takes the one the text before the table
/// states for its words.
fn settle_cases(p: &mut Procedure, stated: &[(String, String)]) {
    let ids: Vec<String> = p.steps().filter_map(|s| s.case.clone()).collect();
    p.cases.retain(|c| c.row.is_none() || ids.contains(&c.id));
    if let [only] = p.cases.as_slice()
        && only.row.is_none()
    {
        p.time_limit = only.time_limit.clone();
        p.cases.clear();
    }
    for c in p.cases.iter_mut().filter(|c| c.time_limit.is_none()) {
        c.time_limit = cases::limit_for(&c.name, stated);
    }
}

/// Compares the sum of the steps with the stated total, when both are plain amounts of the
/// same kind of time and the phases are not alternative cases ("Trường hợp …"); with cases,
/// each case's steps with its own limit (when the table says which steps each goes through).
fn check_sum(p: &Procedure, table: usize) -> Vec<Problem> {
    let rules = TimeRules {
        unit: p.time_unit.as_deref().and_then(unit_of),
        ..TimeRules::default()
    };
    if p.phases.iter().any(|ph| {
        ph.name
            .as_deref()
            .is_some_and(|n| fold_text(n).contains("truong hop"))
    }) || p.cases_unmarked()
    {
        return Vec::new();
    }
    let scopes: Vec<(Option<&str>, &str)> = if p.cases.is_empty() {
        p.time_limit.iter().map(|t| (None, t.as_str())).collect()
    } else {
        let limits = p
            .cases
            .iter()
            .filter_map(|c| Some((c, c.time_limit.as_deref()?)));
        limits.map(|(c, t)| (Some(c.id.as_str()), t)).collect()
    };
    let problem = |kind| Problem {
        table,
        row: None,
        kind,
    };
    scopes
        .into_iter()
        .filter_map(|(case, total)| mismatch(p, &rules, case, total))
        .map(problem)
        .collect()
}

/// The steps of a case (`None`: all) add up to other than `total_text`.
fn mismatch(
    p: &Procedure,
    rules: &TimeRules,
    case: Option<&str>,
    total_text: &str,
) -> Option<ProblemKind> {
    let total = rules.limit(Time::parse(total_text).ok()?)?;
    let in_case = |s: &&Step| case.is_none_or(|id| s.case.as_deref().is_none_or(|c| c == id));
    let mut sum = 0u64;
    for ph in &p.phases {
        let steps: Vec<&Step> = ph.steps.iter().filter(in_case).collect();
        let shared = ph.time_limit.is_some() && steps.iter().all(|s| s.time.is_none());
        let times: Vec<&str> = if steps.is_empty() {
            Vec::new()
        } else if shared {
            ph.time_limit.iter().map(String::as_str).collect()
        } else {
            steps.iter().filter_map(|s| s.time.as_deref()).collect()
        };
        for t in times {
            let d = rules.step(Time::parse(t).ok()?)?;
            if d.basis != total.basis {
                return None;
            }
            sum += d.minutes;
        }
    }
    (sum != total.minutes).then(|| ProblemKind::Sum {
        case: case.map(str::to_string),
        steps: rules.show(rules.working(sum)),
        total: total_text.to_string(),
    })
}

/// The unit a time column's header names.
pub(crate) fn unit_of(text: &str) -> Option<Unit> {
    match Time::parse(&format!("1 {text}")) {
        Ok(Time::Amount(a)) if a.unit != Unit::Unstated => Some(a.unit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Role, role};

    /// Header words as real decisions write them (Cao Bằng 1948 says "Thứ tự công việc |
    /// Nội dung công việc | Trách nhiệm xử lý công việc | Thời gian").
    #[test]
    fn columns_by_their_header_words() {
        let cases = [
            ("Thứ tự công việc", Role::Label),
            ("Nội dung công việc", Role::Task),
            ("Trách nhiệm xử lý công việc", Role::Responsible),
            ("Thời gian (ngày làm việc)", Role::Time),
            ("Trình tự thực hiện", Role::Task),
            ("Đơn vị thực hiện", Role::Responsible),
            ("Biểu mẫu/Kết quả", Role::Output),
            ("Bước", Role::Label),
            ("Ghi chú", Role::Other),
        ];
        for (header, want) in cases {
            assert_eq!(role(header), want, "{header}");
        }
    }
}
