//! The rows a reading set aside (`docs/inputs.md`, "Bad rows: quarantine and warnings"): each with its line,
//! field and reason, and every one of its original cells, for the download.
//!
//! Kept compactly, because a file can be all bad rows (every row a duplicate
//! id): the cells of all rows back to back in one text, the fields and
//! reasons interned (most rows share one), a fixed-size entry per row. A
//! quarantined row then costs about its own bytes, not an allocation per cell.

use super::table::{Column, StringPool};
use super::Problem;

/// One quarantined row: where its problem is, and where its cells end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The source line where the row starts (1-based).
    pub line: u64,
    /// The field and the reason, as codes of [`Quarantine::texts`].
    pub field: u32,
    pub reason: u32,
    /// One past the index of the row's last cell end in `cell_ends`.
    pub cells_end: u32,
}

/// The quarantined rows of a reading.
#[derive(Debug, Clone, Default)]
pub struct Quarantine {
    entries: Vec<Entry>,
    texts: StringPool,
    cells: String,
    cell_ends: Vec<u32>,
}

impl PartialEq for Quarantine {
    fn eq(&self, other: &Quarantine) -> bool {
        self.len() == other.len()
            && (0..self.len()).all(|row| {
                self.problem(row) == other.problem(row) && self.cells(row).eq(other.cells(row))
            })
    }
}

impl Quarantine {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sets a row aside.
    pub fn push<'c>(
        &mut self,
        line: u64,
        field: &str,
        reason: &str,
        cells: impl IntoIterator<Item = &'c str>,
    ) {
        for cell in cells {
            self.cells.push_str(cell);
            self.cell_ends.push(self.cells.len() as u32);
        }
        self.entries.push(Entry {
            line,
            field: self.texts.intern(field),
            reason: self.texts.intern(reason),
            cells_end: self.cell_ends.len() as u32,
        });
    }

    /// The `row`-th row's problem.
    pub fn problem(&self, row: usize) -> Problem {
        let entry = self.entries[row];
        Problem {
            line: entry.line,
            field: self.texts.get(entry.field).to_string(),
            reason: self.texts.get(entry.reason).to_string(),
        }
    }

    /// Every row's problem, in order.
    pub fn problems(&self) -> impl Iterator<Item = Problem> + '_ {
        (0..self.len()).map(|row| self.problem(row))
    }

    /// The `row`-th row's original cells.
    pub fn cells(&self, row: usize) -> impl Iterator<Item = &str> + '_ {
        let first = match row {
            0 => 0,
            _ => self.entries[row - 1].cells_end as usize,
        };
        let last = self.entries[row].cells_end as usize;
        (first..last).map(move |cell| &self.cells[Column::span(&self.cell_ends, cell)])
    }

    /// The most cells any row has.
    pub fn widest(&self) -> usize {
        let mut first = 0;
        self.entries
            .iter()
            .map(|entry| {
                let width = entry.cells_end as usize - first;
                first = entry.cells_end as usize;
                width
            })
            .max()
            .unwrap_or(0)
    }

    /// Appends `other`'s rows (read from a later part of the same file, its
    /// lines counted from `line_offset`).
    pub fn append(&mut self, other: Quarantine, line_offset: u64) {
        for row in 0..other.len() {
            let entry = other.entries[row];
            self.push(
                entry.line + line_offset,
                other.texts.get(entry.field),
                other.texts.get(entry.reason),
                other.cells(row),
            );
        }
    }

    /// The stored parts (`codec`): entries, texts, cells and their ends.
    pub fn raw_parts(&self) -> (&[Entry], &StringPool, &str, &[u32]) {
        (&self.entries, &self.texts, &self.cells, &self.cell_ends)
    }

    /// A quarantine from stored parts; `None` when they do not fit together.
    pub fn from_raw_parts(
        entries: Vec<Entry>,
        texts: StringPool,
        cells: String,
        cell_ends: Vec<u32>,
    ) -> Option<Quarantine> {
        let fits = entries.is_sorted_by_key(|entry| entry.cells_end)
            && entries
                .last()
                .is_none_or(|entry| entry.cells_end as usize == cell_ends.len())
            && entries.iter().all(|entry| {
                (entry.field as usize) < texts.len() && (entry.reason as usize) < texts.len()
            })
            && cell_ends.is_sorted()
            && cell_ends
                .iter()
                .all(|end| *end as usize <= cells.len() && cells.is_char_boundary(*end as usize));
        fits.then_some(Quarantine {
            entries,
            texts,
            cells,
            cell_ends,
        })
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.texts.heap_bytes()
            + self.cells.capacity()
            + self.cell_ends.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_every_cell_and_their_problem() {
        let mut quarantine = Quarantine::default();
        quarantine.push(3, "account_id", "duplicate id", ["A1", "Acme", ""]);
        quarantine.push(7, "name", "missing name", ["A2"]);
        let mut later = Quarantine::default();
        later.push(2, "account_id", "duplicate id", ["A1", "x", "y", "extra"]);
        quarantine.append(later, 100);
        assert_eq!(quarantine.len(), 3);
        assert_eq!(quarantine.problem(2).to_string(), "line 102: duplicate id");
        assert_eq!(quarantine.problem(1).field, "name");
        let cells: Vec<Vec<&str>> = (0..3).map(|row| quarantine.cells(row).collect()).collect();
        assert_eq!(
            cells,
            vec![
                vec!["A1", "Acme", ""],
                vec!["A2"],
                vec!["A1", "x", "y", "extra"]
            ]
        );
        assert_eq!(quarantine.widest(), 4);
    }
}
