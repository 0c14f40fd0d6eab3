//! Quick facts about a CSV file without parsing its fields: how many data rows it
//! holds. The sources list shows this the moment a file is added; full reading,
//! mapping and validation are the ingest module's job.

/// Counts the records after the header row: line ends outside quotes (RFC 4180:
/// a quoted field may hold newlines), skipping blank lines. `\r\n`, `\n` and a
/// lone `\r` all end a record. A file with only a header has 0 rows.
pub fn count_data_rows(bytes: &[u8]) -> u64 {
    let mut records = 0u64;
    let mut in_quotes = false;
    let mut line_has_content = false;
    let mut previous = 0u8;
    for &byte in bytes {
        match byte {
            b'"' => {
                in_quotes = !in_quotes;
                line_has_content = true;
            }
            b'\n' if previous == b'\r' => {}
            b'\n' | b'\r' if !in_quotes => {
                if line_has_content {
                    records += 1;
                }
                line_has_content = false;
            }
            b' ' | b'\t' => {}
            _ => line_has_content = true,
        }
        previous = byte;
    }
    if line_has_content {
        records += 1;
    }
    records.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_records_not_lines() {
        assert_eq!(count_data_rows(b""), 0);
        assert_eq!(count_data_rows(b"Account ID,Name\r\n"), 0);
        assert_eq!(count_data_rows(b"Account ID,Name\r\n1,Acme\r\n2,Globex\r\n"), 2);
        assert_eq!(count_data_rows(b"id,note\n1,\"two\nlines\"\n2,x"), 2, "quoted newline, no final newline");
        assert_eq!(count_data_rows(b"id\n\n1\n   \n2\n\n"), 2, "blank lines are skipped");
        assert_eq!(count_data_rows(b"id\r1\r2\r"), 2, "old Mac line ends");
        assert_eq!(count_data_rows(b"id,q\n1,\"say \"\"hi\"\"\"\n"), 1, "escaped quotes");
    }
}
