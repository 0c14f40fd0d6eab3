//! Sorting many rows by one column within a frame.
//!
//! A person clicks a column of a 100k-row report or a 1M-row dataset and
//! expects the rows in order at once. Comparing cells (lowercasing two texts
//! per comparison, twenty comparisons per row) takes seconds at that size, so
//! each row's cell becomes one `u128` that orders as the cell does, and the
//! numbers are sorted instead:
//!
//! | bits    | what                                                        |
//! |---------|-------------------------------------------------------------|
//! | 96..98  | class: values, then texts, then missing cells               |
//! | 32..96  | key: a value's order, or a text's eight bytes (lowercased)  |
//! |         | after the prefix every text of the column shares            |
//! | 0..32   | the row's position: ties keep the order they came in        |
//!
//! Descending reverses the values and texts but leaves missing cells last (a
//! person sorting by connectivity, most first, wants the known ones on top).
//! Only texts whose eight bytes tie are then compared in full.
//!
//! Texts order by their characters lowercased one by one ([`compare_text`]);
//! every sort of the product uses this order.

use std::cmp::Ordering;

/// Texts in any case: by their characters, each lowercased.
pub fn compare_text(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// A `u64` that orders as `value` does under `f64::total_cmp`.
fn ordered_bits(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// What one row brought.
#[derive(Clone, Copy)]
enum Entry {
    /// A number or any other value, as a `u64` in its order.
    Value(u64),
    /// A text: its span in the lowercased buffer.
    Text {
        start: u32,
        end: u32,
    },
    Missing,
}

const VALUE_CLASS: u128 = 0;
const TEXT_CLASS: u128 = 1;
const MISSING_CLASS: u128 = 2;

/// The cells of one column, pushed in the order of the rows to sort.
pub struct SortKeys {
    descending: bool,
    entries: Vec<Entry>,
    /// Every text lowercased, end to end.
    lowered: Vec<u8>,
}

impl SortKeys {
    pub fn new(descending: bool, rows: usize) -> SortKeys {
        SortKeys {
            descending,
            entries: Vec::with_capacity(rows),
            lowered: Vec::new(),
        }
    }

    /// A number; `total_cmp`'s order (callers that take NaN for a missing
    /// value push [`SortKeys::push_missing`] instead).
    pub fn push_number(&mut self, value: f64) {
        self.entries.push(Entry::Value(ordered_bits(value)));
    }

    /// A whole number: dates, moments, booleans, ranks.
    pub fn push_integer(&mut self, value: i64) {
        self.entries.push(Entry::Value(value as u64 ^ 1 << 63));
    }

    /// A text; an empty one is a missing cell.
    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return self.push_missing();
        }
        let start = self.lowered.len() as u32;
        if text.is_ascii() {
            self.lowered
                .extend(text.bytes().map(|byte| byte.to_ascii_lowercase()));
        } else {
            let mut buffer = [0u8; 4];
            for lower in text.chars().flat_map(char::to_lowercase) {
                self.lowered
                    .extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
            }
        }
        let end = self.lowered.len() as u32;
        self.entries.push(Entry::Text { start, end });
    }

    pub fn push_missing(&mut self) {
        self.entries.push(Entry::Missing);
    }

    /// The positions of the pushed cells (0 for the first pushed), sorted.
    pub fn sorted(self) -> Vec<usize> {
        let SortKeys {
            descending,
            entries,
            lowered,
        } = self;
        let text_of = |entry: &Entry| match *entry {
            Entry::Text { start, end } => &lowered[start as usize..end as usize],
            _ => &[],
        };
        let shared = shared_prefix(
            entries
                .iter()
                .filter(|entry| matches!(entry, Entry::Text { .. }))
                .map(text_of),
        );
        let (value_class, text_class) = if descending {
            (TEXT_CLASS, VALUE_CLASS)
        } else {
            (VALUE_CLASS, TEXT_CLASS)
        };
        let reverse = |key: u64| if descending { !key } else { key };
        let mut keyed: Vec<u128> = entries
            .iter()
            .enumerate()
            .map(|(position, entry)| {
                let (class, key) = match entry {
                    Entry::Value(key) => (value_class, reverse(*key)),
                    Entry::Text { .. } => {
                        (text_class, reverse(eight_bytes(&text_of(entry)[shared..])))
                    }
                    Entry::Missing => (MISSING_CLASS, 0),
                };
                class << 96 | (key as u128) << 32 | position as u128
            })
            .collect();
        keyed.sort_unstable();
        let position_of = |keyed: u128| (keyed & u32::MAX as u128) as usize;
        // Texts whose eight bytes tie: in full, then by position.
        let mut start = 0;
        while start < keyed.len() {
            let class_and_key = keyed[start] >> 32;
            let end = start
                + keyed[start..]
                    .iter()
                    .take_while(|other| *other >> 32 == class_and_key)
                    .count();
            if class_and_key >> 64 == text_class && end - start > 1 {
                keyed[start..end].sort_unstable_by(|a, b| {
                    let (a, b) = (position_of(*a), position_of(*b));
                    let order = text_of(&entries[a]).cmp(text_of(&entries[b]));
                    if descending { order.reverse() } else { order }.then(a.cmp(&b))
                });
            }
            start = end;
        }
        keyed.into_iter().map(position_of).collect()
    }
}

/// The first eight bytes of `text` as a big-endian number, zeros after its
/// end: two texts that differ in those bytes order as their numbers (a text
/// that ends first is a prefix of the other there, and sorts first).
fn eight_bytes(text: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    let length = text.len().min(8);
    bytes[..length].copy_from_slice(&text[..length]);
    u64::from_be_bytes(bytes)
}

/// How many leading bytes all the texts share.
fn shared_prefix<'a>(mut texts: impl Iterator<Item = &'a [u8]>) -> usize {
    let Some(first) = texts.next() else {
        return 0;
    };
    let mut shared = first.len();
    for text in texts {
        shared = first[..shared]
            .iter()
            .zip(text)
            .take_while(|(a, b)| a == b)
            .count();
        if shared == 0 {
            break;
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    #[derive(Debug, Clone)]
    enum Cell {
        Number(f64),
        Integer(i64),
        Text(String),
        Missing,
    }

    /// The order the keys must give, by comparing cells.
    fn compare(a: &Cell, b: &Cell, descending: bool) -> Ordering {
        let rank = |cell: &Cell| match cell {
            Cell::Number(_) | Cell::Integer(_) => 0,
            Cell::Text(text) if !text.is_empty() => 1,
            _ => 2,
        };
        let order = match (a, b) {
            _ if rank(a) == 2 || rank(b) == 2 => return rank(a).cmp(&rank(b)),
            (Cell::Number(a), Cell::Number(b)) => a.total_cmp(b),
            (Cell::Integer(a), Cell::Integer(b)) => a.cmp(b),
            (Cell::Text(a), Cell::Text(b)) => compare_text(a, b),
            _ => rank(a).cmp(&rank(b)),
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    }

    #[test]
    fn keys_order_as_the_cells_compare_whatever_the_cells() {
        // Texts sharing long prefixes, differing only in case, after eight
        // bytes, in accents (Σ, whose lowercase depends on where it stands in
        // a word when lowercased as a whole) or by a NUL; numbers of both
        // signs and zeros of both signs; integers at the extremes.
        let mut rng = Rng::new(5, 5);
        let pieces = [
            "Acme ", "acme ", "ACME", "é", "É", "Σ", "σ", "\0", "b", "Zeta", "0", "10", "9", " ",
        ];
        for round in 0..300 {
            let length = rng.below(300) as usize;
            let prefix = ["", "Account number ", "001000000"][round % 3];
            // Numbers and integers are never in one column.
            let integers = round % 2 == 1;
            let cells: Vec<Cell> = (0..length)
                .map(|_| match rng.below(4) {
                    0 if integers => {
                        Cell::Integer(*rng.pick(&[i64::MIN, -1, 0, 1, i64::MAX, 20_000, -20_000]))
                    }
                    0 => Cell::Number(match rng.below(4) {
                        0 => -0.0,
                        1 => 0.0,
                        _ => rng.range(-1_000, 1_000) as f64 / 7.0,
                    }),
                    1 => Cell::Missing,
                    2 if rng.chance(0.1) => Cell::Text(String::new()),
                    _ => {
                        let mut text = prefix.to_string();
                        for _ in 0..rng.below(4) {
                            text.push_str(pieces[rng.below(pieces.len() as u64) as usize]);
                        }
                        Cell::Text(text)
                    }
                })
                .collect();
            for descending in [false, true] {
                let mut keys = SortKeys::new(descending, cells.len());
                for cell in &cells {
                    match cell {
                        Cell::Number(value) => keys.push_number(*value),
                        Cell::Integer(value) => keys.push_integer(*value),
                        Cell::Text(text) => keys.push_text(text),
                        Cell::Missing => keys.push_missing(),
                    }
                }
                let mut expected: Vec<usize> = (0..cells.len()).collect();
                expected.sort_by(|a, b| compare(&cells[*a], &cells[*b], descending));
                assert_eq!(
                    keys.sorted(),
                    expected,
                    "round {round}, descending {descending}"
                );
            }
        }
    }

    #[test]
    fn nothing_to_sort() {
        assert_eq!(SortKeys::new(false, 0).sorted(), Vec::<usize>::new());
        let mut keys = SortKeys::new(true, 2);
        keys.push_missing();
        keys.push_text("");
        assert_eq!(keys.sorted(), [0, 1], "missing cells keep their order");
    }
}
