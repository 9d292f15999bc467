//! How a delimited export is recognised: its header cells compared by
//! folded aliases, or, for the formats without a header, the layout of
//! their first lines.

use super::records::{Record, records, sniff_delimiter};
use crate::text::fold;

/// How many data lines of a headerless file its format is recognised from.
pub(crate) const LAYOUT_LINES: usize = 20;

/// The first [`LAYOUT_LINES`] lines of `text`, for detectors that look at
/// the layout of several lines without reading the whole file.
pub(crate) fn head_lines(text: &str) -> String {
    text.lines()
        .take(LAYOUT_LINES)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Recognises a headerless layout from several lines, not from the first
/// alone: true when at least one of the first [`LAYOUT_LINES`] items fits
/// and at least half of them do. One unreadable line (an amount `#N/B`)
/// then costs that line, as a problem, and not the file.
pub(crate) fn layout_fits<T>(
    items: impl Iterator<Item = T>,
    mut fits: impl FnMut(&T) -> bool,
) -> bool {
    let (mut seen, mut fit) = (0usize, 0usize);
    for item in items.take(LAYOUT_LINES) {
        seen += 1;
        fit += usize::from(fits(&item));
    }
    fit > 0 && 2 * fit >= seen
}

/// The first non-blank record of the text, read with the sniffed delimiter:
/// the header of the formats that have one.
pub(crate) fn first_record(text: &str) -> Option<Record> {
    // Only the first few lines are needed; reading the whole file to detect
    // its format would make detection as slow as parsing.
    let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    records(&head, sniff_delimiter(&head), b'"')
        .into_iter()
        .next()
}

/// The header cells in folded form (see [`fold`]).
pub(crate) fn folded(fields: &[String]) -> Vec<String> {
    fields.iter().map(|f| fold(f)).collect()
}

/// Index of the first header cell equal to one of the folded `aliases`.
pub(crate) fn column(header: &[String], aliases: &[&str]) -> Option<usize> {
    aliases
        .iter()
        .find_map(|a| header.iter().position(|h| h == a))
}
