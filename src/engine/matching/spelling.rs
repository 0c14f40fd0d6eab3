//! Words no company has, read as the words the companies do have: the
//! vocabulary of the company database's name words, indexed by character
//! trigrams per word length, so that `Rlverside`, `Lun0r` or `Helpornarros`
//! find `Riverside`, `Lunor` and `Halpomarros` within a few edits.

use rustc_hash::FxHashMap;

/// A misspelt word's likeliest true spellings (most trigrams in common) whose
/// edit distance is checked, and how many of the nearest are kept.
const NEAR_WORDS_CHECKED: usize = 24;
const NEAR_WORDS_KEPT: usize = 3;

thread_local! {
    /// Scratch counts for [`Vocabulary::nearest`], all zero between calls.
    static SHARED_TRIGRAMS: std::cell::RefCell<(Vec<u16>, Vec<u32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// The character trigrams of a word padded with its ends (`^ve`, `vel`, …,
/// `ra$`), each packed into one number.
fn trigrams(word: &str) -> Vec<u64> {
    let chars: Vec<u64> = std::iter::once(u64::from('^'))
        .chain(word.chars().map(u64::from))
        .chain(std::iter::once(u64::from('$')))
        .collect();
    let mut grams: Vec<u64> = chars
        .windows(3)
        .map(|three| three[0] << 42 | three[1] << 21 | three[2])
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// How many edits a misspelt word of `length` characters may be from its
/// true spelling, and still be read as it.
fn edits_allowed(length: usize) -> usize {
    match length {
        0..=3 => 0,
        4..=5 => 1,
        6..=9 => 2,
        _ => 3,
    }
}

/// Every word once, and the words of each length each trigram is in.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: Vec<Box<str>>,
    by_trigram: FxHashMap<(u64, usize), Vec<u32>>,
}

impl Vocabulary {
    /// Adds a word (the caller adds each word once).
    pub fn add(&mut self, word: &str) {
        let at = self.words.len() as u32;
        self.words.push(word.into());
        let length = word.chars().count();
        for gram in trigrams(word) {
            self.by_trigram.entry((gram, length)).or_default().push(at);
        }
    }

    /// The nearest words of the vocabulary to a word it does not have, within
    /// [`edits_allowed`] edits (a swap of two letters is one): the words it is
    /// most likely a misspelling of; the closest first, at most
    /// [`NEAR_WORDS_KEPT`].
    pub fn nearest(&self, word: &str) -> Vec<&str> {
        let length = word.chars().count();
        let allowed = edits_allowed(length);
        if allowed == 0 {
            return Vec::new();
        }
        let grams = trigrams(word);
        // Each edit spoils at most three trigrams: fewer in common than that
        // allows cannot be near (the q-gram lemma); the best few are checked.
        let needed = grams.len().saturating_sub(3 * allowed).max(1) as u16;
        let mut likely: Vec<(u32, u16)> = Vec::new();
        SHARED_TRIGRAMS.with_borrow_mut(|(shared, touched)| {
            // One count per word of the vocabulary, reused across calls:
            // counting in a hash map was most of matching's time.
            shared.resize(self.words.len(), 0);
            let lengths = length.saturating_sub(allowed)..=length + allowed;
            for gram in &grams {
                for other_length in lengths.clone() {
                    for &other in self
                        .by_trigram
                        .get(&(*gram, other_length))
                        .into_iter()
                        .flatten()
                    {
                        let count = &mut shared[other as usize];
                        if *count == 0 {
                            touched.push(other);
                        }
                        *count += 1;
                    }
                }
            }
            for other in touched.drain(..) {
                let count = std::mem::take(&mut shared[other as usize]);
                if count >= needed {
                    likely.push((other, count));
                }
            }
        });
        let most_shared = |a: &(u32, u16), b: &(u32, u16)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if likely.len() > NEAR_WORDS_CHECKED {
            likely.select_nth_unstable_by(NEAR_WORDS_CHECKED, most_shared);
            likely.truncate(NEAR_WORDS_CHECKED);
        }
        let mut near: Vec<(usize, u32)> = likely
            .into_iter()
            .filter_map(|(other, _)| {
                let distance = strsim::osa_distance(word, &self.words[other as usize]);
                (distance <= allowed).then_some((distance, other))
            })
            .collect();
        let Some(closest) = near.iter().map(|(distance, _)| *distance).min() else {
            return Vec::new();
        };
        near.retain(|(distance, _)| *distance == closest);
        near.sort_unstable();
        near.truncate(NEAR_WORDS_KEPT);
        near.into_iter()
            .map(|(_, other)| &*self.words[other as usize])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_no_company_has_is_read_as_its_nearest_spellings() {
        let mut vocabulary = Vocabulary::default();
        for word in ["riverside", "software", "lunor", "labs", "rivers", "edge"] {
            vocabulary.add(word);
        }
        let nearest = |word: &str| vocabulary.nearest(word);
        assert_eq!(nearest("rlverside"), ["riverside"], "OCR: l for i");
        assert_eq!(nearest("softwere"), ["software"]);
        assert_eq!(nearest("lun0r"), ["lunor"], "OCR: 0 for o");
        assert_eq!(
            nearest("lunro"),
            ["lunor"],
            "two letters swapped are one edit"
        );
        assert!(
            nearest("lxnxr").is_empty(),
            "two edits in five letters are too many"
        );
        assert!(nearest("abc").is_empty(), "too short to guess");
    }
}
