//! Where the writer draws each element (BPMN DI): steps left to right in their order, one row
//! per lane, the start event before the first step and the end event after the last, each
//! step's timer on its lower edge with the "overdue" end event under it. Rows are
//! [`ROW`] high and columns [`COL`] wide, so no two shapes touch.

use super::super::Workflow;

/// One row of the diagram: a unit's lane, inside its phase's lane when the step belongs to a
/// phase. `unit` is `None` for the single row that stands for a phase with no step.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    pub(super) phase: Option<usize>,
    pub(super) unit: Option<Option<String>>,
}

/// A rectangle in diagram coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Bounds {
    pub(super) x: i64,
    pub(super) y: i64,
    pub(super) w: i64,
    pub(super) h: i64,
}

impl Bounds {
    fn right(self) -> i64 {
        self.x + self.w
    }

    fn mid_y(self) -> i64 {
        self.y + self.h / 2
    }

    pub(super) fn mid_x(self) -> i64 {
        self.x + self.w / 2
    }

    pub(super) fn bottom(self) -> i64 {
        self.y + self.h
    }
}

const X0: i64 = 100;
const Y0: i64 = 60;
/// The label strip of a pool and of a lane that holds lanes.
const HEAD: i64 = 30;
const MARGIN: i64 = 50;
const COL: i64 = 170;
const ROW: i64 = 200;
const TASK_W: i64 = 110;
const TASK_H: i64 = 80;
const EVENT: i64 = 36;

/// The rows and which row each step is drawn in.
pub(super) struct Layout {
    pub(super) rows: Vec<Row>,
    pub(super) step_row: Vec<usize>,
    phased: bool,
}

impl Layout {
    /// Rows grouped by phase (phases and the steps outside any phase in the order they first
    /// appear), then by unit in the order units first appear.
    pub(super) fn new(w: &Workflow) -> Layout {
        let mut groups: Vec<Option<usize>> = Vec::new();
        for s in &w.steps {
            if !groups.contains(&s.phase) {
                groups.push(s.phase);
            }
        }
        groups.extend(
            (0..w.phases.len())
                .map(Some)
                .filter(|p| !groups.contains(p))
                .collect::<Vec<_>>(),
        );
        let mut rows = Vec::new();
        for g in groups {
            let first = rows.len();
            for s in w.steps.iter().filter(|s| s.phase == g) {
                let row = Row {
                    phase: g,
                    unit: Some(s.who.clone()),
                };
                if !rows[first..].contains(&row) {
                    rows.push(row);
                }
            }
            if rows.len() == first {
                rows.push(Row {
                    phase: g,
                    unit: None,
                });
            }
        }
        let step_row = w
            .steps
            .iter()
            .map(|s| {
                rows.iter()
                    .position(|r| r.phase == s.phase && r.unit.as_ref() == Some(&s.who))
                    .unwrap_or(0)
            })
            .collect();
        let phased = rows.iter().any(|r| r.phase.is_some());
        Layout {
            rows,
            step_row,
            phased,
        }
    }

    fn content_x(&self) -> i64 {
        X0 + HEAD + if self.phased { HEAD } else { 0 } + MARGIN
    }

    fn slot(&self, column: usize) -> i64 {
        self.content_x() + column as i64 * COL
    }

    fn row_y(row: usize) -> i64 {
        Y0 + row as i64 * ROW
    }

    pub(super) fn pool(&self, steps: usize) -> Bounds {
        Bounds {
            x: X0,
            y: Y0,
            w: self.slot(steps + 1) + TASK_W + MARGIN - X0,
            h: self.rows.len() as i64 * ROW,
        }
    }

    /// A unit's lane (`row`), indented when it sits in a phase's lane.
    pub(super) fn lane(&self, row: usize, steps: usize) -> Bounds {
        let pool = self.pool(steps);
        let x = X0
            + HEAD
            + if self.rows[row].phase.is_some() {
                HEAD
            } else {
                0
            };
        Bounds {
            x,
            y: Self::row_y(row),
            w: pool.right() - x,
            h: ROW,
        }
    }

    /// A phase's lane, around its rows `rows`.
    pub(super) fn phase_lane(&self, rows: std::ops::Range<usize>, steps: usize) -> Bounds {
        let pool = self.pool(steps);
        Bounds {
            x: X0 + HEAD,
            y: Self::row_y(rows.start),
            w: pool.right() - X0 - HEAD,
            h: rows.len() as i64 * ROW,
        }
    }

    pub(super) fn task(&self, step: usize) -> Bounds {
        Bounds {
            x: self.slot(step + 1),
            y: Self::row_y(self.step_row[step]) + 40,
            w: TASK_W,
            h: TASK_H,
        }
    }

    /// An event in `column` (0: start; steps + 1: end) of `row`.
    pub(super) fn event(&self, column: usize, row: usize) -> Bounds {
        Bounds {
            x: self.slot(column) + (TASK_W - EVENT) / 2,
            y: Self::row_y(row) + 40 + (TASK_H - EVENT) / 2,
            w: EVENT,
            h: EVENT,
        }
    }

    /// The timer on the lower edge of a step's task.
    pub(super) fn timer(&self, step: usize) -> Bounds {
        let task = self.task(step);
        Bounds {
            x: task.right() - EVENT - 12,
            y: task.bottom() - EVENT / 2,
            w: EVENT,
            h: EVENT,
        }
    }

    /// The "overdue" end event under a step's timer.
    pub(super) fn late(&self, step: usize) -> Bounds {
        let timer = self.timer(step);
        Bounds {
            y: timer.bottom() + 20,
            ..timer
        }
    }
}

/// The waypoints of a sequence flow from `a` to `b`, `b` to the right of `a`: straight when
/// they are in one row, else bent half-way between them.
pub(super) fn waypoints(a: Bounds, b: Bounds) -> Vec<(i64, i64)> {
    let (from, to) = ((a.right(), a.mid_y()), (b.x, b.mid_y()));
    if from.1 == to.1 {
        return vec![from, to];
    }
    let mid = from.0 + (to.0 - from.0) / 2;
    vec![from, (mid, from.1), (mid, to.1), to]
}
