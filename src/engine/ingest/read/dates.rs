//! Optional date columns read at the end: while the file is read, each row
//! keeps its cell's spelling (or the date's numbers, when written in one of
//! the two usual shapes), and the column is read once its slash order is known
//! — no second pass over the file.

use super::super::values::SlashOrder;
use rustc_hash::FxHashMap;

/// An optional date column while the file is read: each row's spelling, by
/// index into the distinct spellings, or the date's numbers themselves when it
/// is written in one of the two usual shapes ([`PackedDate`]: no look-up).
#[derive(Default)]
pub(super) struct DeferredDates {
    pub(super) spellings: Vec<Box<str>>,
    pub(super) index: FxHashMap<Box<str>, u32>,
    /// Per accepted row: a spelling's index, a [`PackedDate`], or
    /// [`NO_DATE`] when the cell was empty.
    pub(super) rows: Vec<u32>,
    /// A packed `a/b/yyyy` with `a` over 12 was seen: the column is day-first.
    pub(super) day_first_seen: bool,
    pub(super) slash_seen: bool,
}

/// A deferred row whose cell was empty.
pub(super) const NO_DATE: u32 = u32::MAX;

impl DeferredDates {
    pub(super) fn spelling(&mut self, cell: &str) -> u32 {
        if let Some(packed) = PackedDate::pack(cell) {
            self.slash_seen |= packed.is_slash();
            self.day_first_seen |= packed.is_slash() && packed.first() > 12;
            return packed.0;
        }
        if let Some(&index) = self.index.get(cell) {
            return index;
        }
        let index = self.spellings.len() as u32;
        self.spellings.push(cell.into());
        self.index.insert(cell.into(), index);
        index
    }
}

/// A date written `m/d/yyyy` or `d/m/yyyy` (one or two digits each) or
/// `yyyy-mm-dd`, as its numbers in a `u32` whose top bit is set (spelling
/// indexes never reach it): the year times 10,000 plus the first number times
/// 100 plus the second, the shape, and each number's width, so that the
/// spelling can be written back exactly for a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PackedDate(u32);

impl PackedDate {
    const PACKED: u32 = 1 << 31;
    const ISO: u32 = 1 << 30;
    const FIRST_WIDE: u32 = 1 << 29;
    const SECOND_WIDE: u32 = 1 << 28;

    pub(super) fn pack(cell: &str) -> Option<PackedDate> {
        let bytes = cell.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = bytes.get(range)?;
            part.iter().try_fold(0u32, |value, &byte| {
                byte.is_ascii_digit()
                    .then(|| value * 10 + u32::from(byte - b'0'))
            })
        };
        if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
            let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
            return Some(PackedDate(
                Self::PACKED | Self::ISO | (year * 10_000 + month * 100 + day),
            ));
        }
        let first_end = bytes.iter().position(|&byte| byte == b'/')?;
        let second_end = first_end
            + 1
            + bytes[first_end + 1..]
                .iter()
                .position(|&byte| byte == b'/')?;
        let (first_width, second_width) = (first_end, second_end - first_end - 1);
        if !(1..=2).contains(&first_width)
            || !(1..=2).contains(&second_width)
            || bytes.len() != second_end + 5
        {
            return None;
        }
        let (first, second) = (digits(0..first_end)?, digits(first_end + 1..second_end)?);
        let year = digits(second_end + 1..bytes.len())?;
        let mut packed = Self::PACKED | (year * 10_000 + first * 100 + second);
        if first_width == 2 {
            packed |= Self::FIRST_WIDE;
        }
        if second_width == 2 {
            packed |= Self::SECOND_WIDE;
        }
        Some(PackedDate(packed))
    }

    pub(super) fn of(row: u32) -> Option<PackedDate> {
        (row != NO_DATE && row & Self::PACKED != 0).then_some(PackedDate(row))
    }

    pub(super) fn numbers(self) -> u32 {
        self.0 & (Self::SECOND_WIDE - 1)
    }

    pub(super) fn is_slash(self) -> bool {
        self.0 & Self::ISO == 0
    }

    pub(super) fn first(self) -> u32 {
        self.numbers() / 100 % 100
    }

    /// Days since the epoch, read in `order`; `None` for no such date.
    pub(super) fn days(self, order: SlashOrder) -> Option<i32> {
        let numbers = self.numbers();
        let (year, first, second) = (numbers / 10_000, numbers / 100 % 100, numbers % 100);
        let (month, day) = match (self.is_slash(), order) {
            (true, SlashOrder::DayFirst) => (second, first),
            _ => (first, second),
        };
        chrono::NaiveDate::from_ymd_opt(year as i32, month, day)
            .map(super::super::table::date_to_days)
    }

    /// The spelling it was packed from.
    pub(super) fn spelling(self) -> String {
        let numbers = self.numbers();
        let (year, first, second) = (numbers / 10_000, numbers / 100 % 100, numbers % 100);
        if !self.is_slash() {
            return format!("{year:04}-{first:02}-{second:02}");
        }
        let first_width = if self.0 & Self::FIRST_WIDE != 0 { 2 } else { 1 };
        let second_width = if self.0 & Self::SECOND_WIDE != 0 {
            2
        } else {
            1
        };
        format!("{first:0first_width$}/{second:0second_width$}/{year:04}")
    }
}
