//! A table as the readers see it, whatever the format: rows of cells with their spans, and the
//! text that stands before the table (its heading). [`Grid`] resolves the spans into one slot
//! per row and column, each slot naming the cell that covers it.

/// A cell as written in the source, before spans are resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RawCell {
    /// The text, paragraphs joined by `\n`, each line trimmed and its spaces collapsed.
    pub text: String,
    /// Columns the cell covers (HTML `colspan`, Word `w:gridSpan`), at least 1.
    pub colspan: usize,
    /// Rows the cell covers (HTML `rowspan`), at least 1. Word writes one cell per row instead.
    pub rowspan: usize,
    /// Word's `<w:vMerge/>` without `restart`: this cell continues the one above it.
    pub continues: bool,
}

impl RawCell {
    pub(crate) fn new(text: impl Into<String>) -> RawCell {
        RawCell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            continues: false,
        }
    }
}

/// A table as read: the heading text before it and its rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawTable {
    /// The text between the previous table (or the start of the document) and this one.
    pub heading: String,
    pub rows: Vec<Vec<RawCell>>,
    /// The table holds another table inside one of its cells.
    pub nested: bool,
}

/// One resolved cell: its text and the rectangle it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub text: String,
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// The table with spans resolved: `slots[row][col]` is the index in `cells` of the cell that
/// covers that place, `None` where a short row leaves the place empty.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grid {
    pub cells: Vec<Cell>,
    pub slots: Vec<Vec<Option<usize>>>,
    pub width: usize,
}

/// Columns and rows beyond which a table is not a step table but an attack or an accident.
pub(crate) const MAX_COLUMNS: usize = 64;

impl Grid {
    /// Resolves the spans of a table. Spans are clamped to [`MAX_COLUMNS`] and to the rows
    /// that exist; a Word continuation with nothing above it is an empty cell of its own.
    pub(crate) fn build(rows: &[Vec<RawCell>]) -> Grid {
        let mut g = Grid::default();
        // For each column: the cell that still covers it from above and for how many rows.
        let mut pending: Vec<(usize, usize)> = Vec::new();
        for (r, raw) in rows.iter().enumerate() {
            let mut line: Vec<Option<usize>> = Vec::new();
            let mut col = 0;
            let mut cells = raw.iter();
            loop {
                if let Some(&(id, left)) = pending.get(col).filter(|p| p.1 > 0) {
                    pending[col] = (id, left - 1);
                    line.push(Some(id));
                    col += 1;
                    continue;
                }
                let Some(c) = cells.next() else { break };
                let span = c.colspan.clamp(1, MAX_COLUMNS.saturating_sub(col).max(1));
                let above = g.slots.last().and_then(|l| l.get(col).copied().flatten());
                let id = match above.filter(|_| c.continues) {
                    Some(id) => {
                        g.cells[id].rows = r + 1 - g.cells[id].row;
                        id
                    }
                    None => {
                        g.cells.push(Cell {
                            text: c.text.clone(),
                            row: r,
                            col,
                            rows: 1,
                            cols: span,
                        });
                        g.cells.len() - 1
                    }
                };
                let down = c.rowspan.clamp(1, rows.len() - r) - 1;
                if down > 0 {
                    g.cells[id].rows = down + 1;
                }
                for _ in 0..span {
                    if pending.len() <= col {
                        pending.resize(col + 1, (0, 0));
                    }
                    pending[col] = (id, down);
                    line.push(Some(id));
                    col += 1;
                }
                if col >= MAX_COLUMNS {
                    break;
                }
            }
            g.width = g.width.max(line.len());
            g.slots.push(line);
        }
        for line in &mut g.slots {
            line.resize(g.width, None);
        }
        g
    }

    /// The cell at a place, if any.
    pub(crate) fn at(&self, row: usize, col: usize) -> Option<&Cell> {
        let id = (*self.slots.get(row)?.get(col)?)?;
        self.cells.get(id)
    }

    /// The cell at a place when it starts in this row (not carried down from a row above).
    pub(crate) fn own(&self, row: usize, col: usize) -> Option<&Cell> {
        self.at(row, col).filter(|c| c.row == row)
    }

    /// The distinct cells of a row that start in it and hold text, left to right.
    pub(crate) fn texts(&self, row: usize) -> Vec<&Cell> {
        let mut out: Vec<&Cell> = Vec::new();
        for col in 0..self.width {
            if let Some(c) = self.own(row, col)
                && c.col == col
                && !c.text.trim().is_empty()
            {
                out.push(c);
            }
        }
        out
    }
}

/// Normalises the text of a cell: NFC, no-break and other spaces made one space, each line
/// trimmed, empty lines dropped.
pub(crate) fn clean_text(s: &str) -> String {
    let s = crate::text::nfc(s);
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let mut l = String::with_capacity(line.len());
        for w in line.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}') {
            if w.is_empty() {
                continue;
            }
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(w);
        }
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str) -> RawCell {
        RawCell::new(t)
    }

    #[test]
    fn html_spans() {
        let mut a = c("a");
        a.rowspan = 2;
        let mut b = c("b");
        b.colspan = 2;
        let g = Grid::build(&[vec![a, b], vec![c("x"), c("y")]]);
        assert_eq!(g.width, 3);
        assert_eq!(g.at(1, 0).map(|c| c.text.as_str()), Some("a"));
        assert!(g.own(1, 0).is_none());
        assert_eq!(g.at(0, 2).map(|c| c.text.as_str()), Some("b"));
        assert_eq!(g.own(1, 1).map(|c| c.text.as_str()), Some("x"));
        assert_eq!(g.texts(0).len(), 2);
    }

    #[test]
    fn word_vmerge() {
        let mut cont = c("");
        cont.continues = true;
        let g = Grid::build(&[vec![c("1"), c("07 ngày")], vec![c("2"), cont]]);
        assert_eq!(g.at(1, 1).map(|c| c.text.as_str()), Some("07 ngày"));
        assert_eq!(g.cells[1].rows, 2);
    }

    #[test]
    fn cleans() {
        assert_eq!(clean_text("  a \u{a0} b\n\n c "), "a b\nc");
    }
}
