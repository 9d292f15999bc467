//! Three sections of the workbook's summary sheet: the balance check of
//! each bank export (closed, broken or not checked, and how many statements
//! or lines), the dates each export covers per account (`coverage` of
//! `summary.json`), and the provider's own accounts with where each came
//! from (the configuration or the exports that name it).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{section, write_text};
use super::formats::Formats;
use crate::ingest::InputKind;
use crate::ingest::bank::balance::{BalanceStatus, BalanceUnit};
use crate::own_accounts::FROM_CONFIG;
use crate::report::Lang;
use crate::report::summary::Summary;
use crate::report::text::{self, Label};

/// Writes both sections from row `r` on; returns the last row written.
pub(super) fn write(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    mut r: u32,
    s: &Summary,
) -> Result<u32, XlsxError> {
    let t = |l: Label| text::label(l, lang);
    let bank: Vec<_> = s
        .inputs
        .iter()
        .filter(|i| i.kind == InputKind::Bank)
        .collect();
    if !bank.is_empty() {
        r = section(
            ws,
            f,
            lang,
            r,
            Label::BalanceCheckHeading,
            &[
                Label::File,
                Label::Balances,
                Label::BalanceUnit,
                Label::Checked,
                Label::Closed,
                Label::Broken,
                Label::NotCheckable,
            ],
        )?;
        for file in bank {
            r += 1;
            write_text(ws, r, 0, &file.path)?;
            let Some(c) = &file.balances else {
                ws.write_string(r, 1, t(Label::NoBalances))?;
                continue;
            };
            let status = match c.status {
                BalanceStatus::Closed => Label::BalanceClosed,
                BalanceStatus::Broken => Label::BalanceBroken,
                BalanceStatus::NotChecked => Label::BalanceNotChecked,
            };
            if c.status == BalanceStatus::Broken {
                ws.write_string_with_format(r, 1, t(status), &f.total_label)?;
            } else {
                ws.write_string(r, 1, t(status))?;
            }
            let unit = match c.unit {
                BalanceUnit::Statement => Label::PerStatement,
                BalanceUnit::Line => Label::PerLine,
            };
            ws.write_string(r, 2, t(unit))?;
            for (col, n) in [
                (3u16, c.checked),
                (4, c.closed),
                (5, c.broken),
                (6, c.not_checkable),
            ] {
                ws.write_number(r, col, n as f64)?;
            }
        }
        r += 2;
    }
    if !s.coverage.is_empty() {
        r = section(
            ws,
            f,
            lang,
            r,
            Label::CoverageHeading,
            &[
                Label::Account,
                Label::File,
                Label::FirstBookingDate,
                Label::LastBookingDate,
            ],
        )?;
        for c in &s.coverage {
            r += 1;
            write_text(ws, r, 0, &c.account)?;
            write_text(ws, r, 1, &c.file)?;
            for (col, day) in [(2u16, &c.first), (3, &c.last)] {
                match day.parse::<chrono::NaiveDate>() {
                    Ok(d) => {
                        ws.write_datetime_with_format(r, col, d, &f.date)?;
                    }
                    Err(_) => write_text(ws, r, col, day)?,
                }
            }
        }
        r += 2;
    }
    r = section(
        ws,
        f,
        lang,
        r,
        Label::OwnAccountsHeading,
        &[Label::Account, Label::From],
    )?;
    for a in &s.own_accounts {
        r += 1;
        write_text(ws, r, 0, &a.account)?;
        let from: Vec<&str> = a
            .from
            .iter()
            .map(|f| {
                if f == FROM_CONFIG {
                    t(Label::FromConfiguration)
                } else {
                    f.as_str()
                }
            })
            .collect();
        write_text(ws, r, 1, &from.join(", "))?;
    }
    Ok(r)
}
