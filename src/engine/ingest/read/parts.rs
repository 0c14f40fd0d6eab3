//! Reading a large file on every core (natively; a page has one thread): the
//! file is cut into parts at record boundaries, each part is read by an
//! [`Ingestion`] of its own, and the parts are joined in order into exactly
//! what one reader reading the whole text would have made.
//!
//! A cut must fall between two records. It is looked for at a line end with an
//! even number of quotes before it (outside any quoted cell, for a file that
//! quotes as RFC 4180 says), and then confirmed: the reader of the part before
//! it must end between two records. Whatever cannot be joined exactly (a cut
//! that was not a boundary, a record id repeated across parts) makes
//! [`read_in_parts`] give up, and the file is read in one part instead.
//!
//! The parts are cut in the file's own bytes, and each part decodes its own:
//! in UTF-8 and Windows-1252 a quote and a line end are the same single bytes
//! as in ASCII, and a character never spans a line end, so no pass over the
//! whole file comes first.

use super::{Ingestion, Plan, Step};
use crate::engine::ingest::text::TextEncoding;
use crate::engine::ingest::Ingested;
use crate::engine::source_kind::SourceKind;

/// Reads a whole file in up to `parts` parts at once; `None` when it cannot be
/// read in parts (see the module's docs). `bytes` are the file's after any
/// byte-order mark, in `encoding` (UTF-8 or Windows-1252: a file in UTF-16 is
/// decoded to UTF-8 first); `plan` is the file's own (after its
/// [`super::Scan`]).
pub fn read_in_parts(
    bytes: &[u8],
    encoding: TextEncoding,
    plan: &Plan,
    parts: usize,
) -> Option<Ingested> {
    // Seats check users across rows in ways a join would have to redo; their
    // files are small anyway.
    if parts < 2
        || plan.kind == SourceKind::Seats
        || !matches!(encoding, TextEncoding::Utf8 | TextEncoding::Windows1252)
    {
        return None;
    }
    let cuts = cuts(bytes, parts);
    if cuts.len() < 3 {
        return None;
    }
    let mut part_plan = plan.clone();
    part_plan.encoding = Some(encoding);
    let read: Vec<Option<Ingestion>> = std::thread::scope(|scope| {
        let handles: Vec<_> = cuts
            .windows(2)
            .enumerate()
            .map(|(index, cut)| {
                let part = &bytes[cut[0]..cut[1]];
                let plan = part_plan.clone();
                let last = cut[1] == bytes.len();
                scope.spawn(move || read_part(part, plan, index > 0, last))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or(None))
            .collect()
    });
    let mut read = read.into_iter();
    let mut whole = read.next()??;
    let mut read = read.peekable();
    while let Some(part) = read.next() {
        if !whole.absorb(part?, read.peek().is_none()) {
            return None;
        }
    }
    whole.report.encoding = plan.encoding.unwrap_or(TextEncoding::Utf8);
    Some(whole.finish())
}

/// Where the parts begin and end: `0`, the cuts, `text.len()`. Each cut is just
/// after a line end with an even number of quotes before it; fewer cuts when
/// the text has no such place near where one is wanted.
fn cuts(text: &[u8], parts: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut quotes_before = 0usize;
    let mut counted_to = 0;
    for part in 1..parts {
        let wanted = text.len() * part / parts;
        if wanted <= *cuts.last().unwrap_or(&0) {
            continue;
        }
        quotes_before += memchr::memchr_iter(b'"', &text[counted_to..wanted]).count();
        let mut in_quotes = quotes_before % 2 == 1;
        let found = memchr::memchr2_iter(b'"', b'\n', &text[wanted..]).find(|&at| {
            if text[wanted + at] == b'"' {
                in_quotes = !in_quotes;
                false
            } else {
                !in_quotes
            }
        });
        let Some(at) = found else { break };
        let cut = wanted + at + 1;
        quotes_before += memchr::memchr_iter(b'"', &text[wanted..cut]).count();
        counted_to = cut;
        if cut < text.len() {
            cuts.push(cut);
        }
    }
    cuts.push(text.len());
    cuts
}

/// Reads one part; `None` when the part did not end between two records (the
/// cut before the next part was no boundary) or begins with a UTF-8
/// byte-order mark (which only a file's very first record may have stripped).
fn read_part(part: &[u8], plan: Plan, after_header: bool, last: bool) -> Option<Ingestion> {
    if after_header
        && plan.encoding == Some(TextEncoding::Utf8)
        && part.starts_with(b"\xEF\xBB\xBF")
    {
        return None;
    }
    let mut reading = Ingestion::new(plan, part.len() as u64);
    reading.header_passed = after_header;
    let mut slices = part.chunks(super::super::FEED_BYTES).peekable();
    loop {
        match reading.step(usize::MAX) {
            Step::Working => {}
            Step::Done => {
                if !last {
                    reading.footer_as_rows();
                }
                return Some(reading);
            }
            Step::NeedsInput => match slices.next() {
                Some(slice) => reading.feed(slice, last && slices.peek().is_none()),
                // The part ends here: between two records, or the cut was
                // no boundary.
                None if reading.reader.between_records() => reading.feed(&[], true),
                None => return None,
            },
        }
    }
}

impl Ingestion {
    /// Joins the part read after this one (`last`: the file's last part);
    /// `false` when `other` holds a record id this part holds too (only a
    /// reading in one part says which rows that quarantines, and which
    /// warnings it drops with them).
    fn absorb(&mut self, other: Ingestion, last: bool) -> bool {
        let rows = self.columns.rows() as u32;
        let line_offset = self.reader.lines();
        let Ingestion {
            columns: mut other_columns,
            report: other_report,
            reader: other_reader,
            ..
        } = other;
        // The other part's labels, as codes of this part's pool.
        let codes: Vec<u32> = (0..other_columns.pool.len() as u32)
            .map(|code| self.columns.pool.intern(other_columns.pool.get(code)))
            .collect();
        // Record ids must stay unique across the parts: the other part's are
        // looked up among this part's on another core while the other columns
        // are joined (the two id columns are set aside meanwhile).
        let id_columns = self.columns.id_field.map(|index| {
            let field_type = self.columns.fields[index].spec.field_type;
            let take = |column: &mut super::Column| {
                std::mem::replace(column, super::empty_column(field_type))
            };
            (
                index,
                take(&mut self.columns.fields[index].column),
                take(&mut other_columns.fields[index].column),
            )
        });
        let ids = &self.ids;
        let fields = &mut self.columns.fields;
        let extra = &mut self.columns.extra;
        let repeated = std::thread::scope(|scope| {
            let repeated = id_columns.as_ref().map(|(_, column, other_column)| {
                scope.spawn(move || {
                    (0..other_column.len()).any(|row| {
                        let id = other_column.text_at(row);
                        ids.contains(super::IdSet::hash(id), id, column)
                    })
                })
            });
            for (field, other_field) in fields.iter_mut().zip(&mut other_columns.fields) {
                append_field(field, other_field, &codes);
            }
            for ((_, column), (_, other_column)) in extra.iter_mut().zip(other_columns.extra) {
                column.append(other_column, &codes);
            }
            repeated.is_some_and(|check| check.join().unwrap_or(true))
        });
        if repeated {
            return false;
        }
        if let Some((index, mut column, other_column)) = id_columns {
            column.append(other_column, &codes);
            // After the last part, no id is looked for again.
            if !last {
                for row in rows..column.len() as u32 {
                    let id = column.text_at(row as usize);
                    self.ids.insert_new(super::IdSet::hash(id), row);
                }
            }
            self.columns.fields[index].column = column;
        }
        self.columns.lines.extend(
            other_columns
                .lines
                .iter()
                .map(|line| line + line_offset as u32),
        );
        let report = &mut self.report;
        report.rows_read += other_report.rows_read;
        report.accepted += other_report.accepted;
        report
            .quarantined
            .append(other_report.quarantined, line_offset);
        report.warnings += other_report.warnings;
        for (field, count) in other_report.warnings_by_field {
            *report.warnings_by_field.entry(field).or_default() += count;
        }
        report
            .warning_samples
            .extend(other_report.warning_samples.into_iter().map(|mut problem| {
                problem.line += line_offset;
                problem
            }));
        report
            .warning_samples
            .truncate(crate::engine::ingest::WARNING_SAMPLES);
        // This reader now stands for both parts' text (a third part's lines
        // come after both).
        self.reader.add_lines(other_reader.lines());
        true
    }
}

/// Joins one field's rows of a later part (`other`) to `field`'s: a column
/// of values is appended; a date column still deferred merges its spellings.
fn append_field(field: &mut super::FieldReader, other: &mut super::FieldReader, codes: &[u32]) {
    match (&mut field.deferred, other.deferred.take()) {
        (Some(deferred), Some(other_deferred)) => {
            deferred.day_first_seen |= other_deferred.day_first_seen;
            deferred.slash_seen |= other_deferred.slash_seen;
            let spellings: Vec<u32> = other_deferred
                .spellings
                .iter()
                .map(|spelling| deferred.spelling(spelling))
                .collect();
            deferred
                .rows
                .extend(other_deferred.rows.into_iter().map(|row| {
                    if row == super::NO_DATE || super::PackedDate::of(row).is_some() {
                        row
                    } else {
                        spellings[row as usize]
                    }
                }));
        }
        _ => {
            let column = std::mem::replace(
                &mut other.column,
                super::empty_column(other.spec.field_type),
            );
            field.column.append(column, codes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{default_as_of, Demo, DemoSize};
    use crate::engine::ingest::{ingest_on_cores, plan, IngestOptions};

    fn same(whole: &Ingested, parts: &Ingested, what: &str) {
        assert_eq!(parts.report, whole.report, "{what}");
        assert_eq!(parts.table.lines, whole.table.lines, "{what}");
        assert_eq!(parts.table.rows, whole.table.rows, "{what}");
        for ((name, column), (_, other)) in whole.table.all_columns().zip(parts.table.all_columns())
        {
            for row in 0..whole.table.rows {
                assert_eq!(
                    whole.table.cell_text(column, row),
                    parts.table.cell_text(other, row),
                    "{what}: {name} {row}"
                );
            }
        }
    }

    /// Property: read in 2 to 9 parts, every kind of the demo reads exactly as
    /// in one part (rows, values, labels, lines, quarantine, warnings, dates).
    #[test]
    fn parts_read_as_the_whole() {
        let demo = Demo::new(DemoSize::Small, 5, default_as_of());
        for kind in SourceKind::ALL {
            if kind == SourceKind::Seats {
                continue;
            }
            let bytes = demo.render(kind);
            let whole = ingest_on_cores(&bytes, kind, &IngestOptions::default(), 1).unwrap();
            let mut plan = plan(&bytes, kind, &IngestOptions::default()).unwrap();
            if plan.needs_scan() {
                let mut scan = super::super::Scan::new(&plan);
                scan.feed(&bytes, true);
                plan = scan.finish(plan);
            }
            let (body, encoding) = match plan.encoding().unwrap() {
                TextEncoding::Utf8Bom => (&bytes[3..], TextEncoding::Utf8),
                encoding => (&bytes[..], encoding),
            };
            for parts in 2..10 {
                let read = read_in_parts(body, encoding, &plan, parts)
                    .unwrap_or_else(|| panic!("{kind} reads in {parts} parts"));
                same(&whole, &read, &format!("{kind} in {parts} parts"));
            }
        }
    }

    #[test]
    fn quoted_line_ends_bad_rows_and_late_day_first_dates_across_parts() {
        let mut csv = String::from("Person ID,Company ID,Title,Start Date\r\n");
        for row in 0..400 {
            match row % 7 {
                0 => csv.push_str(&format!(
                    "p{row},c1,\"Head of\nPlatform, \"\"Core\"\"\",1/2/2026\r\n"
                )),
                // No person id: quarantined (an empty company link is not).
                1 => csv.push_str(&format!(",c{row},Engineer,2026-02-30\r\n")),
                2 => csv.push_str("\r\n"),
                3 => csv.push_str(&format!("p{row},c2,Ing#nieur,not a date\r\n")),
                _ => csv.push_str(&format!(
                    "p{row},c3,Dev,{}/{}/2025\r\n",
                    row % 12 + 1,
                    row % 28 + 1
                )),
            }
        }
        csv.push_str("p399b,c4,Last,23/01/2026");
        // `#` stands for a Windows-1252 `é`: the file is not UTF-8.
        let bytes: Vec<u8> = csv
            .bytes()
            .map(|byte| if byte == b'#' { 0xE9 } else { byte })
            .collect();
        let bytes = &bytes[..];
        let options = IngestOptions::default();
        let whole = ingest_on_cores(bytes, SourceKind::People, &options, 1).unwrap();
        assert!(!whole.report.quarantined.is_empty() && whole.report.warnings > 0);
        assert_eq!(whole.report.encoding, TextEncoding::Windows1252);
        assert!((0..whole.table.rows)
            .any(|row| whole.table.text("title", row).as_deref() == Some("Ingénieur")));
        let plan = plan(bytes, SourceKind::People, &options).unwrap();
        let mut scan = super::super::Scan::new(&plan);
        scan.feed(bytes, true);
        let plan = scan.finish(plan);
        for parts in 2..12 {
            let read = read_in_parts(bytes, TextEncoding::Windows1252, &plan, parts)
                .unwrap_or_else(|| panic!("reads in {parts} parts"));
            same(&whole, &read, &format!("{parts} parts"));
        }
    }

    #[test]
    fn a_record_id_repeated_across_parts_is_read_in_one_part() {
        // Large enough for `ingest_on_cores` to try parts.
        let mut csv = String::from("Account ID,Account Name\n");
        let rows: u64 = 300_000;
        for row in 0..rows {
            csv.push_str(&format!("a{row},Name {row}\n"));
        }
        csv.push_str("a1,Again\n");
        assert!(csv.len() > crate::engine::ingest::PARALLEL_BYTES);
        let options = IngestOptions::default();
        let plan = plan(csv.as_bytes(), SourceKind::Accounts, &options).unwrap();
        let plan = {
            let mut scan = super::super::Scan::new(&plan);
            scan.feed(csv.as_bytes(), true);
            scan.finish(plan)
        };
        assert!(read_in_parts(csv.as_bytes(), TextEncoding::Utf8, &plan, 2).is_none());
        let read = ingest_on_cores(csv.as_bytes(), SourceKind::Accounts, &options, 2).unwrap();
        assert_eq!(read.report.accepted, rows);
        assert_eq!(read.report.quarantined.len(), 1);
        let problem = &read.report.quarantined.problem(0);
        assert_eq!(
            (problem.reason.as_str(), problem.line),
            ("duplicate id", rows + 2)
        );
    }

    #[test]
    fn cuts_fall_after_line_ends_outside_quotes() {
        let text = b"a,b\n\"x\ny\nz\",1\n2,3\n4,5\n";
        assert!(cuts(text, 2).len() > 2, "a cut is found");
        for parts in 2..6 {
            let cuts = cuts(text, parts);
            for &cut in &cuts[1..cuts.len() - 1] {
                assert_eq!(text[cut - 1], b'\n');
                let quotes = text[..cut].iter().filter(|&&byte| byte == b'"').count();
                assert_eq!(quotes % 2, 0, "{parts} parts, cut at {cut}");
            }
        }
    }
}
