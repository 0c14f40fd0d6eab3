//! Reading a file never takes more than four times its size in memory, plus
//! a constant, whatever its shape: hostile or unlucky files that once asked
//! for gigabytes (a few long rows then blank lines, a header of 200,000
//! columns over short rows, a file of duplicate ids, one enormous quoted
//! field). Measured with a counting allocator: the peak of the bytes
//! allocated while reading, over what was allocated before.
//!
//! One test runs every shape in turn, so that no other test shares the
//! counter.

use sightline::engine::ingest::{ingest, IngestOptions};
use sightline::engine::source_kind::SourceKind;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            // While moving, both blocks may be held.
            grew(new_size);
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The constant of the bound: the reader's own tables and buffers.
const CONSTANT: usize = 48 << 20;

/// The constant for files under 64 KB: what the reader allocates whatever
/// the file (its tables, the sniffing sample), far below [`CONSTANT`], which
/// a small file could never reach.
const SMALL_FILE_CONSTANT: usize = 1 << 20;

/// One test at a time: each holds this while it runs, so that no other
/// test's allocations count in its peaks.
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ALONE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The peak memory of reading `bytes` as `kind`, over what was in use before.
fn peak_of_reading(bytes: &[u8], kind: SourceKind) -> (usize, String) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let outcome = match ingest(bytes, kind, &IngestOptions::default()) {
        Ok(read) => format!(
            "{} accepted, {} quarantined",
            read.report.accepted,
            read.report.quarantined.len()
        ),
        Err(error) => format!("refused: {error}"),
    };
    (PEAK.load(Ordering::Relaxed) - before, outcome)
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A few rows with long notes, then the rest of the file blank lines.
fn long_rows_then_blank_lines(size: usize) -> Vec<u8> {
    let mut file = b"Account ID,Account Name,Description\n".to_vec();
    let note = "n".repeat(2_000);
    for row in 0..1_100 {
        file.extend_from_slice(format!("A{row},Acme {row} {note},{note}\n").as_bytes());
    }
    file.resize(size, b'\n');
    file
}

/// Sorted by a long column: the first thousand rows long, the rest short.
fn long_first_rows(size: usize) -> Vec<u8> {
    let mut file = b"Account ID,Account Name,Description,Notes\n".to_vec();
    let long = "l".repeat(4_000);
    let mut row = 0;
    while file.len() < size {
        let (description, notes) = if row < 1_000 {
            (long.as_str(), long.as_str())
        } else {
            ("s", "")
        };
        file.extend_from_slice(
            format!("A{row},Acme {row} {description},{description},{notes}\n").as_bytes(),
        );
        row += 1;
    }
    file
}

/// A header of `columns` columns over rows of two cells, and one full row.
fn wide_header_short_rows(columns: usize) -> Vec<u8> {
    let mut file = b"Account ID,Account Name".to_vec();
    for column in 2..columns {
        file.extend_from_slice(format!(",c{column}").as_bytes());
    }
    file.push(b'\n');
    for row in 0..10_000 {
        file.extend_from_slice(format!("A{row},Acme {row}\n").as_bytes());
    }
    file.extend_from_slice(b"A-full,Full");
    file.extend_from_slice(",x".repeat(columns - 2).as_bytes());
    file.push(b'\n');
    file
}

/// Every row has the first row's id: all but one are quarantined.
fn all_duplicates(size: usize) -> Vec<u8> {
    let mut file = b"Account ID,Account Name,Website,City,Country\n".to_vec();
    let mut row = 0;
    while file.len() < size {
        file.extend_from_slice(format!("A1,Acme {row},acme.com,Austin,US\n").as_bytes());
        row += 1;
    }
    file
}

/// One quoted field of `size` bytes in a row of an ordinary file.
fn one_huge_quoted_field(size: usize) -> Vec<u8> {
    let mut file = b"Account ID,Account Name,Description\nA1,Acme,\"".to_vec();
    file.resize(file.len() + size, b'q');
    file.extend_from_slice(b"\"\nA2,Globex,short\n");
    file
}

#[test]
fn reading_any_shape_of_file_stays_within_four_times_its_size() {
    let _alone = alone();
    // Sizes: large enough that a per-row or per-line reservation shows,
    // small enough for an unoptimised test build.
    let shapes: Vec<(&str, Vec<u8>)> = vec![
        (
            "long rows then blank lines",
            long_rows_then_blank_lines(16 << 20),
        ),
        ("long first rows", long_first_rows(24 << 20)),
        ("wide header, short rows", wide_header_short_rows(16_000)),
        ("all duplicate ids", all_duplicates(24 << 20)),
        ("one huge quoted field", one_huge_quoted_field(100 << 20)),
        // Wider than a spreadsheet: refused at once.
        (
            "a header of 200,000 columns",
            wide_header_short_rows(200_000),
        ),
    ];
    let mut over = Vec::new();
    for (shape, file) in &shapes {
        let (peak, outcome) = peak_of_reading(file, SourceKind::Accounts);
        let bound = 4 * file.len() + CONSTANT;
        println!(
            "{shape}: file {}, peak {} (bound {}); {outcome}",
            megabytes(file.len()),
            megabytes(peak),
            megabytes(bound)
        );
        if peak > bound {
            over.push(format!(
                "{shape}: {} > {}",
                megabytes(peak),
                megabytes(bound)
            ));
        }
    }
    assert!(over.is_empty(), "over the bound: {over:?}");
    let refused = ingest(
        &wide_header_short_rows(200_000),
        SourceKind::Accounts,
        &IngestOptions::default(),
    );
    assert!(
        refused.is_err_and(|error| error.to_string().contains("200000 columns")),
        "a header wider than a spreadsheet is refused"
    );
}

/// Any bytes at all: random files made of what CSV files are made of (and
/// what they should not be) read without a panic, within the same bound.
#[test]
fn reading_random_bytes_never_panics_and_stays_within_the_bound() {
    let _alone = alone();
    let pieces: [&[u8]; 16] = [
        b"Account ID,Account Name,Website\n",
        b"a",
        b",",
        b";",
        b"\t",
        b"\"",
        b"\n",
        b"\r\n",
        b"\xC3\xA9",
        b"\xFF",
        b"=cmd",
        b"#N/A",
        b"2026-03-01",
        b"1,234.5",
        b"\n\n\n\n",
        b"Account ID,Account Name\nA1,Acme\n",
    ];
    let mut rng = sightline::engine::rng::Rng::new(18, 5);
    let kinds = SourceKind::ALL;
    let mut over = Vec::new();
    let mut worst = 0;
    for round in 0..300 {
        let mut file = Vec::new();
        let length = rng.below(64 << 10) as usize;
        while file.len() < length {
            file.extend_from_slice(pieces[rng.below(pieces.len() as u64) as usize]);
        }
        let kind = kinds[round % kinds.len()];
        let (peak, _) = peak_of_reading(&file, kind);
        worst = worst.max(peak.saturating_sub(4 * file.len()));
        if peak > 4 * file.len() + SMALL_FILE_CONSTANT {
            over.push((round, file.len(), peak));
        }
    }
    println!(
        "worst peak beyond four times the file: {}",
        megabytes(worst)
    );
    assert!(over.is_empty(), "over the bound: {over:?}");
}
