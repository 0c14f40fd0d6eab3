//! The record ids of the rows accepted so far, so that a repeated id is
//! quarantined (`docs/inputs.md`): [`IdSet`], a hash table made for this one use.
//!
//! Why not a general hash table: a file's ids are nearly all new, so nearly
//! every look-up goes to a slot nobody asked for lately, and with hundreds of
//! thousands of ids that slot is not in the processor's cache. Waiting for it
//! was a fifth of the whole reading. Here an id's slot is known from its hash
//! alone, so it is fetched ([`IdSet::prefetch`]) when the row's id is first
//! seen, and is in the cache by the time the rest of the row is read and the
//! id is looked up.
//!
//! The table: open addressing with linear probing over 8-byte slots. A filled
//! slot holds the top 32 bits of an id's hash (its *tag*) and the id's row + 1;
//! an empty slot is 0. The tag's top bits choose the home slot, so the table
//! grows without hashing any id again, and an id is confirmed against the id
//! column itself only when a slot's tag equals its own (for a new id, almost
//! never). Ten million ids take 128 MB, no allocation per row.

use crate::engine::ingest::table::Column;

#[derive(Debug)]
pub(super) struct IdSet {
    slots: Vec<u64>,
    filled: usize,
    /// `32 - log2(slots.len())`: a tag shifted right by it is its home slot.
    shift: u32,
}

/// Where a look-up ended: the id is there, or at this empty slot it would go.
/// A slot number is good only until the set is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Probe {
    Seen,
    Vacant(usize),
}

impl IdSet {
    const FEWEST_SLOTS: usize = 16;

    /// An empty set with room for `ids` ids before it grows.
    pub fn with_room(ids: usize) -> IdSet {
        let wanted = (ids + ids / 7 + 1).max(Self::FEWEST_SLOTS);
        let slots = wanted
            .checked_next_power_of_two()
            .unwrap_or(1 << 31)
            .min(1 << 31);
        IdSet {
            slots: vec![0; slots],
            filled: 0,
            shift: 32 - slots.trailing_zeros(),
        }
    }

    pub fn hash(id: &str) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault};
        Self::spread(BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(id))
    }

    /// Where a `usize` is 32 bits (WASM), `FxHasher` gives 32-bit hashes: the
    /// top half, which the tag is, would be 0 for every id and put them all
    /// in one run of slots. A multiplication makes every bit of the top half
    /// depend on every bit of the hash.
    fn spread(hash: u64) -> u64 {
        hash.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn tag(hash: u64) -> u32 {
        (hash >> 32) as u32
    }

    fn home(&self, tag: u32) -> usize {
        (tag >> self.shift) as usize
    }

    /// Asks the processor to bring the home slot of the id of hash `hash` into
    /// its cache (a hint: nothing changes, and nothing happens where the
    /// processor has no such instruction).
    pub fn prefetch(&self, hash: u64) {
        #[cfg(target_arch = "x86_64")]
        if let Some(slot) = self.slots.get(self.home(Self::tag(hash))) {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // SAFETY: a prefetch reads nothing into the program and never
            // faults, whatever the address; the intrinsic is `unsafe` only for
            // its target feature, SSE, which every x86_64 processor has.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(slot).cast::<i8>()) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = hash;
    }

    /// Looks for `id` (of hash `hash`); `column` holds the ids of the rows
    /// in the set.
    pub fn probe(&self, hash: u64, id: &str, column: &Column) -> Probe {
        let tag = Self::tag(hash);
        let mask = self.slots.len() - 1;
        let mut at = self.home(tag);
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return Probe::Vacant(at);
            }
            if slot as u32 == tag && column.text_at((slot >> 32) as usize - 1) == id {
                return Probe::Seen;
            }
            at = (at + 1) & mask;
        }
    }

    /// (For joining the parts of a file read on several cores.)
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn contains(&self, hash: u64, id: &str, column: &Column) -> bool {
        self.probe(hash, id, column) == Probe::Seen
    }

    /// Puts `row`'s id, of hash `hash`, in the empty slot `at` that
    /// [`IdSet::probe`] just gave.
    pub fn fill(&mut self, at: usize, hash: u64, row: u32) {
        debug_assert_eq!(self.slots[at], 0, "only an empty slot is filled");
        self.slots[at] = Self::slot(hash, row);
        self.filled += 1;
        // At most seven slots in eight filled, as `with_room` counts.
        if self.filled > self.slots.len() - self.slots.len() / 8 {
            self.grow();
        }
    }

    /// Puts `row`'s id, of hash `hash`, known not to be in the set.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn insert_new(&mut self, hash: u64, row: u32) {
        let at = self.vacant_slot(Self::tag(hash));
        self.fill(at, hash, row);
    }

    fn slot(hash: u64, row: u32) -> u64 {
        (u64::from(row) + 1) << 32 | u64::from(Self::tag(hash))
    }

    fn vacant_slot(&self, tag: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = self.home(tag);
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    /// Twice the slots; each id moves to the first empty slot from its new
    /// home, found from its tag.
    fn grow(&mut self) {
        if self.shift == 1 {
            // 2^31 slots (16 GB) hold 1.8 billion ids: more rows than any
            // column of this program can (their offsets are `u32`).
            return;
        }
        let doubled = vec![0; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        self.shift -= 1;
        for slot in old.into_iter().filter(|&slot| slot != 0) {
            let at = self.vacant_slot(slot as u32);
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_column(ids: &[String]) -> Column {
        let mut bytes = String::new();
        let mut ends = Vec::new();
        for id in ids {
            bytes.push_str(id);
            ends.push(bytes.len() as u32);
        }
        Column::Text { bytes, ends }
    }

    /// Adds each id unless it is there, as the reader does; the rows whose id
    /// was seen before.
    fn repeated_rows(set: &mut IdSet, ids: &[String]) -> Vec<usize> {
        let column = id_column(ids);
        let mut repeated = Vec::new();
        for (row, id) in ids.iter().enumerate() {
            let hash = IdSet::hash(id);
            set.prefetch(hash);
            match set.probe(hash, id, &column) {
                Probe::Seen => repeated.push(row),
                Probe::Vacant(at) => set.fill(at, hash, row as u32),
            }
        }
        repeated
    }

    #[test]
    fn a_repeated_id_is_seen_and_a_new_one_is_not_while_the_table_grows() {
        // 16 slots to begin with: the table doubles many times on the way.
        let mut set = IdSet::with_room(0);
        let ids: Vec<String> = (0..50_000)
            .map(|index| format!("0015g0000{:06X}AAQ", index % 40_000))
            .collect();
        assert_eq!(
            repeated_rows(&mut set, &ids),
            (40_000..50_000).collect::<Vec<_>>()
        );
        assert_eq!(set.filled, 40_000);
        assert!(set.slots.len() >= 40_000 * 8 / 7);
        let column = id_column(&ids);
        let first = &ids[0];
        assert!(set.contains(IdSet::hash(first), first, &column));
        let never = "0015g0000FFFFFFAAQ";
        assert!(!set.contains(IdSet::hash(never), never, &column));
    }

    #[test]
    fn ids_of_one_tag_are_told_apart_by_the_column() {
        // Every id in one home slot with one tag: a probe must walk the run
        // and compare the texts.
        let mut set = IdSet::with_room(100);
        let ids: Vec<String> = ["a", "b", "a", "c", "b", "d"].map(String::from).to_vec();
        let column = id_column(&ids);
        let same_hash = 0xDEAD_BEEF_0000_0001;
        let mut repeated = Vec::new();
        for (row, id) in ids.iter().enumerate() {
            match set.probe(same_hash, id, &column) {
                Probe::Seen => repeated.push(row),
                Probe::Vacant(at) => set.fill(at, same_hash, row as u32),
            }
        }
        assert_eq!(repeated, vec![2, 4]);
        // The run wraps past the last slot back to the first.
        let last_home = u64::MAX;
        let mut wrapped = IdSet::with_room(0);
        for row in 0..5 {
            wrapped.insert_new(last_home, row);
        }
        assert_eq!(wrapped.slots[0] >> 32, 2);
        assert_eq!(wrapped.slots[wrapped.slots.len() - 1] >> 32, 1);
    }

    #[test]
    fn hashes_of_32_bits_get_tags_of_their_own() {
        // What `FxHasher` gives on WASM: nothing in the top half.
        let tags: std::collections::HashSet<u32> = (0..100_000u64)
            .map(|hash| {
                IdSet::tag(IdSet::spread(
                    hash.wrapping_mul(2_654_435_761) & 0xFFFF_FFFF,
                ))
            })
            .collect();
        assert!(tags.len() > 99_000, "{} distinct tags", tags.len());
        // And their homes spread over the slots.
        let set = IdSet::with_room(100_000);
        let homes: std::collections::HashSet<usize> =
            tags.iter().map(|&tag| set.home(tag)).collect();
        assert!(homes.len() > 50_000, "{} distinct homes", homes.len());
    }

    #[test]
    fn room_is_made_up_front() {
        let set = IdSet::with_room(300_000);
        assert!(set.slots.len() * 7 / 8 >= 300_000);
        assert!(set.slots.len().is_power_of_two());
    }
}
