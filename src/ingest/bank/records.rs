//! The records of a delimited bank export, read with the csv crate, each
//! with the physical line it starts on (header and skipped lines counted),
//! so that a problem names the line a person finds in the file.

/// One record of a delimited file and the physical line it starts on
/// (1-based, header and skipped lines counted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// Physical line number of the record's first line.
    pub line: u64,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

impl Record {
    /// The field at `i`, trimmed; empty when the record is shorter.
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |s| s.trim())
    }

    /// The field at an optional column, trimmed; empty when absent.
    pub fn opt(&self, i: Option<usize>) -> &str {
        i.map_or("", |i| self.get(i))
    }

    /// True when every field is blank: such records are no data.
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Splits `text` into records with the csv crate: flexible field counts,
/// the given delimiter and quote character, blank records dropped.
pub(crate) fn records(text: &str, delimiter: u8, quote: u8) -> Vec<Record> {
    collect(RecordReader::new(text, delimiter, quote))
}

/// [`records`], each ending at the end of its line
/// ([`RecordReader::one_line`]).
pub(crate) fn line_records(text: &str, delimiter: u8, quote: u8) -> Vec<Record> {
    collect(RecordReader::new(text, delimiter, quote).one_line())
}

fn collect(mut reader: RecordReader<'_>) -> Vec<Record> {
    let mut out = Vec::new();
    while let Some(r) = reader.next_record() {
        out.push(r.clone());
    }
    out
}

/// The records of a delimited text one at a time, as [`records`] gives
/// them, in one [`Record`] whose field strings are reused: a file of a
/// hundred thousand lines is read without a string per field, and without
/// holding all its records at once.
pub(crate) struct RecordReader<'a> {
    reader: csv::Reader<&'a [u8]>,
    bytes: &'a [u8],
    raw: csv::StringRecord,
    record: Record,
    /// Byte offset up to which line ends have been counted.
    seen_byte: usize,
    /// Where `reader` started in `bytes` (it restarts after a cut record).
    base: usize,
    /// Records end at the end of their line (see [`RecordReader::one_line`]).
    one_line: bool,
    delimiter: u8,
    quote: u8,
}

/// A csv reader with the settings every bank reader uses.
fn csv_reader(bytes: &[u8], delimiter: u8, quote: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .from_reader(bytes)
}

impl<'a> RecordReader<'a> {
    /// Reads `text` with the csv crate: flexible field counts, the given
    /// delimiter and quote character.
    pub fn new(text: &'a str, delimiter: u8, quote: u8) -> RecordReader<'a> {
        RecordReader {
            reader: csv_reader(text.as_bytes(), delimiter, quote),
            bytes: text.as_bytes(),
            raw: csv::StringRecord::new(),
            record: Record {
                line: 1,
                fields: Vec::new(),
            },
            seen_byte: 0,
            base: 0,
            one_line: false,
            delimiter,
            quote,
        }
    }

    /// Every record ends at the end of its physical line. Bank exports
    /// write no line breaks inside fields, so a quote left open (an
    /// apostrophe in an ASN/SNS description, a lost closing quote) would
    /// otherwise swallow the lines after it into one record and lose them
    /// without a word: cut this way, one bad line costs one line.
    pub fn one_line(mut self) -> RecordReader<'a> {
        self.one_line = true;
        self
    }

    /// The next record that is not blank; `None` at the end.
    pub fn next_record(&mut self) -> Option<&Record> {
        // The input is a `&str`, so neither I/O nor UTF-8 errors can occur
        // and `flexible` rules out length errors; an error would still end
        // the reading rather than loop on an error the reader keeps
        // repeating.
        while let Ok(true) = self.reader.read_record(&mut self.raw) {
            // The line is counted from the record's byte offset. The csv
            // crate reports where it resumed reading, which is before the
            // line end of the previous record and any blank lines (its own
            // line count is off by as much), so those line ends are stepped
            // over first.
            let bytes = self.bytes;
            let mut at = self
                .raw
                .position()
                .map_or(self.seen_byte, |p| self.base + p.byte() as usize);
            at = at.clamp(self.seen_byte, bytes.len());
            while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                at += 1;
            }
            // In range: seen_byte <= at <= bytes.len() by the clamp and loop.
            self.record.line += bytes[self.seen_byte..at]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.seen_byte = at;
            if self.one_line {
                self.cut_at_line_end(at);
            }
            let fields = &mut self.record.fields;
            let n = self.raw.len();
            for (i, f) in self.raw.iter().enumerate() {
                match fields.get_mut(i) {
                    Some(s) => {
                        s.clear();
                        s.push_str(f);
                    }
                    None => fields.push(f.to_string()),
                }
            }
            fields.truncate(n);
            if !self.record.is_blank() {
                return Some(&self.record);
            }
        }
        None
    }

    /// When the record just read, which starts at byte `at`, runs over a
    /// line end: reads its first line alone instead and restarts after it.
    fn cut_at_line_end(&mut self, at: usize) {
        let end = (self.base + self.reader.position().byte() as usize).clamp(at, self.bytes.len());
        // In range: at <= end <= bytes.len() by the clamp.
        let body = self.bytes[at..end].trim_ascii_end();
        let Some(nl) = body.iter().position(|b| *b == b'\n') else {
            return;
        };
        let line = &self.bytes[at..at + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut alone = csv_reader(line, self.delimiter, self.quote);
        if !matches!(alone.read_record(&mut self.raw), Ok(true)) {
            self.raw.clear();
        }
        self.base = at + nl + 1;
        self.reader = csv_reader(&self.bytes[self.base..], self.delimiter, self.quote);
    }
}

/// The field delimiter of a delimited text: see
/// [`sniff::delimiter`](crate::ingest::sniff::delimiter), shared with the
/// spreadsheet readers.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    crate::ingest::sniff::delimiter(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_physical_line_numbers() {
        let t = "a,b\r\n\r\n\"x\ny\",2\nc,3";
        let r = records(t, b',', b'"');
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].line, 1);
        assert_eq!(r[1].line, 3);
        assert_eq!(r[1].fields, vec!["x\ny", "2"]);
        assert_eq!(r[2].line, 5);
    }

    #[test]
    fn one_line_records_cut_an_open_quote_at_its_line_end() {
        let t = "a,'open,b\r\nc,d\n'x',y\n\ne,'f\ng'\n";
        let r = line_records(t, b',', b'\'');
        let got: Vec<(u64, Vec<&str>)> = r
            .iter()
            .map(|r| (r.line, r.fields.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, vec!["a", "open,b"]),
                (2, vec!["c", "d"]),
                (3, vec!["x", "y"]),
                (5, vec!["e", "f"]),
                (6, vec!["g'"]),
            ]
        );
        // Without the cut the open quote takes the next line with it.
        assert!(records(t, b',', b'\'').len() < got.len());
    }
}
