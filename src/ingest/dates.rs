//! Dates written as text, read in one place for every reader.
//!
//! Two entry points share the rules that must not differ between them (the
//! year window, day before month, which digits make a date):
//!
//! - [`strict`] for the date fields of bank exports, which have a fixed
//!   shape per format (`yyyymmdd`, `yyyy-mm-dd`, `dd-mm-yyyy`, `dd/mm/yyyy`,
//!   `dd.mm.yyyy`); anything else in such a field is a misread column.
//! - [`liberal`] for dates people type into spreadsheets (register,
//!   specifications, overrides): single digits, two-digit years, a time or
//!   a second date after the date, `1 maart 2026`.
//!
//! Formats with a date shape of their own read it here too: CAMT's ISO
//! date-times ([`iso_day`]), MT940's `YYMMDD` and year-less `MMDD`
//! ([`swift_yymmdd`], [`nearest_year`]).
//!
//! On the fixed shapes both read the same date (a property test holds them
//! to it), so a bank date and a register date can never disagree about the
//! same text.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

use crate::text::fold;

/// The years a date may have. Others only come from misread columns, a
/// time of day read as a date, or a typo in the year.
pub(crate) const YEARS: RangeInclusive<i32> = 1900..=2100;

/// `date` when its year is in [`YEARS`].
pub(crate) fn in_window(date: NaiveDate) -> Option<NaiveDate> {
    YEARS.contains(&date.year()).then_some(date)
}

/// The date of year, month and day when there is one, in [`YEARS`].
fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    // Years come from at most four digits: they fit an i32.
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d).and_then(in_window)
}

/// The number written by the ASCII digits `digits`; `None` when another
/// byte is among them, when there are none or more than four.
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// The fixed shapes of bank exports with every digit in its place
/// (`20190102`, `2019-01-02`, `02-01-2019`, `02/01/2019`, `02.01.2019`):
/// `Some(date or None)`, the date within [`YEARS`]. `None` for any other
/// text. Day comes before month, as in the Netherlands; never month first.
fn fixed_shape(s: &str) -> Option<Option<NaiveDate>> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| number(b.get(r)?);
    let (y, m, d) = match b.len() {
        8 => (num(0..4)?, num(4..6)?, num(6..8)?),
        10 if b[4] == b'-' && b[7] == b'-' => (num(0..4)?, num(5..7)?, num(8..10)?),
        10 if b[2] == b[5] && matches!(b[2], b'-' | b'/' | b'.') => {
            (num(6..10)?, num(3..5)?, num(0..2)?)
        }
        _ => return None,
    };
    Some(ymd(y, m, d))
}

/// A date field of a bank export: one of the fixed shapes (see the module
/// header), surrounding white space ignored. Years outside [`YEARS`] are
/// refused.
pub(crate) fn strict(text: &str) -> Option<NaiveDate> {
    let s = text.trim();
    if let Some(d) = fixed_shape(s) {
        return d;
    }
    // What is not exactly a fixed shape goes through chrono's format
    // parser, which allows what the fast path does not (a sign, padding);
    // kept so that every field reads as it always has.
    let date = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(s, "%Y%m%d").ok()
    } else if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    } else if s.len() == 10 {
        ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
    } else {
        None
    };
    date.and_then(in_window)
}

/// The day of an ISO 8601 date or date-time (`2014-12-31`,
/// `2014-12-31T13:15:00+01:00`, as CAMT writes them): the date part as
/// written, the bank's own calendar day, not converted to another time
/// zone, read by [`strict`].
pub(crate) fn iso_day(text: &str) -> Option<NaiveDate> {
    let day = text.trim().get(0..10)?;
    (day.as_bytes().get(4) == Some(&b'-'))
        .then(|| strict(day))
        .flatten()
}

/// SWIFT's `YYMMDD` (the MT940 value date): years `80`–`99` are
/// 1980–1999, the others 2000–2079, as the banks' MT940 specifications
/// say. `None` when `digits` is not six digits making a date.
pub(crate) fn swift_yymmdd(digits: &str) -> Option<NaiveDate> {
    let b = digits.as_bytes();
    if b.len() != 6 {
        return None;
    }
    let yy = number(&b[0..2])?;
    let year = if yy < 80 { 2000 + yy } else { 1900 + yy };
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        number(&b[2..4])?,
        number(&b[4..6])?,
    )
}

/// A month and day written without their year (the MT940 entry date
/// `MMDD`), in the year that puts it nearest `near` (so `1231` near
/// 2 January is last year's). `None` when no such year makes it a date.
pub(crate) fn nearest_year(month: u32, day: u32, near: NaiveDate) -> Option<NaiveDate> {
    let y = near.year();
    [y - 1, y, y + 1]
        .iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(*y, month, day))
        .min_by_key(|date| (*date - near).num_days().abs())
}

/// A date typed into a spreadsheet as text: `dd-mm-yyyy`, `d-m-yyyy`,
/// `yyyy-mm-dd`, `d-m-yy`, `dd/mm/yyyy`, `dd.mm.yyyy`, `yyyymmdd` (or
/// `ddmmyyyy` when that makes no date), `1 maart 2026`; a time after the
/// date and a second date after it (a period `01-03-2026 t/m 31-03-2026`)
/// are ignored. Day comes before month: these are Dutch files.
pub(crate) fn liberal(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    // A date-time or a period: the first date in it counts.
    let first = t
        .split(|c: char| c.is_whitespace() || c == 'T')
        .next()
        .unwrap_or(t);
    if let Some(d) = token(first) {
        return Some(d);
    }
    long_date(t)
}

/// One token of digits and separators, as [`liberal`] reads it.
fn token(s: &str) -> Option<NaiveDate> {
    // The bank shapes first, read as [`strict`] reads them.
    if let Some(Some(d)) = fixed_shape(s) {
        return Some(d);
    }
    let num = |p: &str| number(p.as_bytes());
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(date) = ymd(num(s.get(..4)?)?, num(s.get(4..6)?)?, num(s.get(6..)?)?) {
            return Some(date);
        }
        // ddmmyyyy, when yyyymmdd makes no date.
        return ymd(num(s.get(4..)?)?, num(s.get(2..4)?)?, num(s.get(..2)?)?);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if a.len() <= 2 && b.len() <= 2 && (c.len() == 4 || c.len() == 2) {
        let y = num(c)?;
        // Two-digit years: 70–99 are 1970–1999, the rest 2000–2069.
        let y = match (c.len(), y) {
            (2, y) if y >= 70 => 1900 + y,
            (2, y) => 2000 + y,
            (_, y) => y,
        };
        (y, num(b)?, num(a)?)
    } else {
        return None;
    };
    ymd(y, m, d)
}

/// `1 maart 2026`, `1 mrt 2026`, `1 March 2026`.
fn long_date(t: &str) -> Option<NaiveDate> {
    const MONTHS: [&[&str]; 12] = [
        &["jan", "januari", "january"],
        &["feb", "februari", "february"],
        &["mrt", "maart", "mar", "march"],
        &["apr", "april"],
        &["mei", "may"],
        &["jun", "juni", "june"],
        &["jul", "juli", "july"],
        &["aug", "augustus", "august"],
        &["sep", "sept", "september"],
        &["okt", "oktober", "oct", "october"],
        &["nov", "november"],
        &["dec", "december"],
    ];
    let f = fold(t);
    let words: Vec<&str> = f.split(' ').collect();
    let [d, m, y, ..] = words.as_slice() else {
        return None;
    };
    let month = MONTHS.iter().position(|names| names.contains(m))? as u32 + 1;
    let d: u32 = d.parse().ok()?;
    let y: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
    NaiveDate::from_ymd_opt(y, month, d).and_then(in_window)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn fixed_shapes_read_as_chrono_reads_them() {
        let formats = ["%Y%m%d", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"];
        for s in [
            "20190102",
            "2019-01-02",
            "02-01-2019",
            "02/01/2019",
            "02.01.2019",
            "29-02-2019",
            "29-02-2020",
            "31/04/2021",
            "00-01-2019",
            "2019-13-01",
            "02-01/2019",
            "2019-0a-01",
        ] {
            let chrono = formats
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok());
            match fixed_shape(s) {
                Some(d) => assert_eq!(d, chrono, "{s}"),
                None => assert!(s.bytes().any(|b| b.is_ascii_alphabetic()) || chrono.is_none()),
            }
        }
        assert_eq!(fixed_shape("2019-1-2"), None);
    }

    #[test]
    fn strict_reads_every_dutch_bank_shape() {
        let d = ymd(2019, 1, 2);
        assert_eq!(strict("20190102"), d);
        assert_eq!(strict("2019-01-02"), d);
        assert_eq!(strict("02-01-2019"), d);
        assert_eq!(strict("02/01/2019"), d);
        assert_eq!(strict(" 02.01.2019 "), d);
        assert_eq!(strict("31-02-2019"), None);
        assert_eq!(strict("2019-1-2"), None);
        assert_eq!(strict("00010102"), None);
        assert_eq!(strict("21010102"), None);
        assert_eq!(strict("02-01-1899"), None);
        assert_eq!(strict(""), None);
        // Typed shapes are no bank field.
        assert_eq!(strict("2-1-2019"), None);
        assert_eq!(strict("02012019"), None);
        assert_eq!(strict("2 januari 2019"), None);
    }

    #[test]
    fn swift_dates_have_their_own_century_and_year() {
        assert_eq!(swift_yymmdd("240708"), ymd(2024, 7, 8));
        assert_eq!(swift_yymmdd("791231"), ymd(2079, 12, 31));
        assert_eq!(swift_yymmdd("800101"), ymd(1980, 1, 1));
        assert_eq!(swift_yymmdd("030105"), ymd(2003, 1, 5));
        assert_eq!(swift_yymmdd("240230"), None);
        assert_eq!(swift_yymmdd("24070"), None);
        assert_eq!(swift_yymmdd("24O708"), None);
        let new_year = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap_or_default();
        assert_eq!(nearest_year(12, 31, new_year), ymd(2024, 12, 31));
        assert_eq!(nearest_year(1, 3, new_year), ymd(2025, 1, 3));
        assert_eq!(nearest_year(2, 29, new_year), ymd(2024, 2, 29));
        assert_eq!(nearest_year(2, 30, new_year), None);
    }

    #[test]
    fn iso_day_takes_the_day_as_written() {
        assert_eq!(iso_day("2014-12-31"), ymd(2014, 12, 31));
        assert_eq!(iso_day(" 2014-12-31T23:15:00-05:00"), ymd(2014, 12, 31));
        assert_eq!(iso_day("31-12-2014"), None);
        assert_eq!(iso_day("20141231"), None);
        assert_eq!(iso_day("2014-12"), None);
    }

    #[test]
    fn liberal_reads_what_people_type() {
        let d = ymd(2026, 3, 1);
        for t in [
            "01-03-2026",
            "1-3-2026",
            "2026-03-01",
            "1-3-26",
            "01/03/2026",
            "01.03.2026",
            "20260301",
            "01032026",
            "2026/03/01",
            "2026-03-01 00:00:00",
            "2026-03-01T12:00:00",
            "01-03-2026 t/m 31-03-2026",
            "1 maart 2026",
            "1 mrt. 2026",
            "1 March 2026",
        ] {
            assert_eq!(liberal(t), d, "{t}");
        }
        assert_eq!(liberal("15-6-99"), ymd(1999, 6, 15));
        assert_eq!(liberal("15-6-69"), ymd(2069, 6, 15));
        assert_eq!(liberal("31-02-2026"), None);
        assert_eq!(liberal("1-3-2101"), None);
        assert_eq!(liberal("1 maart 1899"), None);
        assert_eq!(liberal("volgende week"), None);
        assert_eq!(liberal("1-3-12026"), None);
    }

    /// Text in one of the fixed shapes, with any digits in its places.
    fn fixed_shape_text() -> impl Strategy<Value = String> {
        let digits = |n: usize| proptest::collection::vec(0u8..10, n);
        let text = |d: Vec<u8>| -> String { d.iter().map(|d| char::from(b'0' + d)).collect() };
        // Years and months near the real ones, so that dates are found
        // often, and anything else too.
        let year = prop_oneof![
            (1890u32..2110).prop_map(|y| y.to_string()),
            digits(4).prop_map(text)
        ];
        let two = prop_oneof![
            (0u32..35).prop_map(|n| format!("{n:02}")),
            digits(2).prop_map(text)
        ];
        (year, two.clone(), two, 0usize..5).prop_map(|(y, m, d, shape)| match shape {
            0 => format!("{y}{m}{d}"),
            1 => format!("{y}-{m}-{d}"),
            2 => format!("{d}-{m}-{y}"),
            3 => format!("{d}/{m}/{y}"),
            _ => format!("{d}.{m}.{y}"),
        })
    }

    proptest! {
        /// On the shapes of bank fields both entry points read the same
        /// date; liberal only adds `ddmmyyyy` where `yyyymmdd` makes none.
        #[test]
        fn strict_and_liberal_agree_on_the_fixed_shapes(s in fixed_shape_text(), pad in 0usize..3) {
            let padded = format!("{}{s}{}", " ".repeat(pad), " ".repeat(pad));
            let strict = strict(&padded);
            let liberal = liberal(&padded);
            if s.len() == 8 && strict.is_none() {
                let ddmmyyyy = NaiveDate::parse_from_str(&s, "%d%m%Y").ok().and_then(in_window);
                prop_assert_eq!(liberal, ddmmyyyy, "{}", s);
            } else {
                prop_assert_eq!(strict, liberal, "{}", s);
            }
            if let Some(d) = strict {
                prop_assert!(YEARS.contains(&d.year()));
            }
        }

        /// Neither entry point panics or leaves the window on any text.
        #[test]
        fn any_text_is_a_date_in_the_window_or_none(s in "\\PC{0,24}") {
            for d in [strict(&s), liberal(&s)].into_iter().flatten() {
                prop_assert!(YEARS.contains(&d.year()));
            }
        }
    }
}
