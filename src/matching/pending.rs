//! The credits no allocating rule decided: rule 6 (suggestion) and the
//! candidates named in an unmatched payment's note. Both only read what
//! invoices still need, as it stood at the line's turn in pass 2, and
//! change nothing, so they are decided after the passes
//! (`passes.rs`), in slices of pass 2 at once: each slice
//! starts from the accounts as they stood at its first line and books
//! the decisions of its own lines as it goes.

use crate::payment::BankLine;
use crate::threads::ThreadCount;

use super::book::Book;
use super::decision::Decision;
use super::passes::{Pending, apply};
use super::state::Accounts;
use super::suggestion;

/// A line of pass 2: decided already (its allocations to be booked), or
/// pending (taken when it is decided).
pub(crate) enum Turn<'a> {
    Decided(&'a Decision),
    Pending(Option<Box<Pending>>),
}

/// Decides the pending lines of pass 2. `turns` are pass 2's lines in
/// decision order; `accounts` are the invoices after pass 1 and become
/// those after pass 2. `from_insurer(i)` says whether line `i` came from
/// an insurer. Cut into `slices` slices, decided at once on `pool`
/// threads. Returns each pending line's decision.
pub(crate) fn decide(
    book: &Book,
    lines: &[BankLine],
    accounts: &mut Accounts,
    mut turns: Vec<(usize, Turn<'_>)>,
    from_insurer: &(dyn Fn(usize) -> bool + Sync),
    slices: usize,
    pool: ThreadCount,
) -> Vec<(usize, Decision)> {
    let is_pending = |t: &(usize, Turn<'_>)| matches!(t.1, Turn::Pending(_));
    let pending = turns.iter().filter(|t| is_pending(t)).count();
    let slices = slices.clamp(1, pending.max(1));
    // Cut where each slice has its part of the pending lines (the work).
    let per = pending.div_ceil(slices).max(1);
    let mut rest: &mut [(usize, Turn<'_>)] = &mut turns;
    let mut cuts: Vec<&mut [(usize, Turn<'_>)]> = Vec::with_capacity(slices);
    while cuts.len() + 1 < slices {
        let mut seen = 0;
        let at = rest
            .iter()
            .position(|t| {
                seen += usize::from(is_pending(t));
                seen > per
            })
            .unwrap_or(rest.len());
        let (cut, tail) = std::mem::take(&mut rest).split_at_mut(at);
        cuts.push(cut);
        rest = tail;
    }
    let last = rest;

    // The accounts at the start of each slice: every slice but the last
    // gets a copy, then its decided lines are booked on the way to the
    // next; the last slice works on `accounts` itself and leaves them as
    // they are after pass 2.
    let mut starts: Vec<(Accounts, &mut [(usize, Turn<'_>)])> = Vec::with_capacity(cuts.len());
    for cut in cuts {
        let start = accounts.reading_copy();
        for (i, t) in cut.iter() {
            if let Turn::Decided(d) = t {
                apply(accounts, *i, d, from_insurer(*i));
            }
        }
        starts.push((start, cut));
    }
    let run = |accounts: &mut Accounts, cut: &mut [(usize, Turn<'_>)]| {
        let mut out = Vec::new();
        for (i, t) in cut.iter_mut() {
            match t {
                Turn::Decided(d) => apply(accounts, *i, d, from_insurer(*i)),
                Turn::Pending(p) => {
                    if let Some(p) = p.take() {
                        out.push((*i, read(book, accounts, &lines[*i], *p)));
                    }
                }
            }
        }
        out
    };
    // Every slice at once: each but the last on its own copy as a job on
    // the pool, the last on `accounts` on this thread. The decisions come
    // out in slice order.
    let done: Vec<std::sync::OnceLock<Vec<(usize, Decision)>>> =
        starts.iter().map(|_| std::sync::OnceLock::new()).collect();
    let run = &run;
    let tail = pool.scope_here(|s| {
        for ((mut start, cut), slot) in starts.into_iter().zip(&done) {
            s.spawn(move |_| {
                // Each slot belongs to one job: set once, checked in
                // debug builds like every other set-once of matching.
                let first = slot.set(run(&mut start, cut));
                debug_assert!(first.is_ok(), "a slice of pass 2 decided twice");
            });
        }
        run(accounts, last)
    });
    debug_assert!(
        done.iter().all(|slot| slot.get().is_some()),
        "a slice of pass 2 left undecided"
    );
    let mut out: Vec<(usize, Decision)> = done
        .into_iter()
        .filter_map(std::sync::OnceLock::into_inner)
        .flatten()
        .collect();
    out.extend(tail);
    out
}

/// Rule 6, then the candidates of the same amount, for a pending credit.
fn read(book: &Book, accounts: &Accounts, line: &BankLine, p: Pending) -> Decision {
    let Pending {
        mut explain,
        from_insurer,
        payer_clients,
    } = p;
    if !from_insurer {
        let namesakes = suggestion::payer_namesakes(book, line);
        if let Some(d) = suggestion::decide(book, accounts, line, &namesakes, &mut explain) {
            return d;
        }
    }
    explain.add(suggestion::same_amount(
        book,
        accounts,
        &payer_clients,
        line,
    ));
    Decision::unmatched(explain.note(book))
}
