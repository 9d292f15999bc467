//! How much deciding gains from its threads: reads an input
//! folder once, then times `reconcile_on` for each choice given, best of
//! `--runs`, and checks that every choice decides the same. A choice is
//! `SHARES,SLICES` (`Threads`; each parallel step gets as many threads as
//! the slices), or one number for all three.
//!
//! ```text
//! cargo run --release --example decide_threads -- DIR [--threads "1 2,2 1,2"] [--runs 3] [--as-of 2026-11-20]
//! ```
//!
//! Each deciding stage's time is in the job's own debug log
//! (`RUST_LOG=zorgrecon=debug zorgrecon run …`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use zorgrecon::matching::Threads;

/// The job's allocator, as in the job.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    env_logger::init();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("decide_threads: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut threads = vec!["1".to_string(), "1,2".to_string(), "2".to_string()];
    let mut runs = 3usize;
    let mut as_of = NaiveDate::from_ymd_opt(2026, 11, 20).context("date")?;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => {
                let list = args.next().context("--threads needs a list")?;
                threads = list.split_whitespace().map(str::to_string).collect();
            }
            "--runs" => runs = args.next().context("--runs needs N")?.parse()?,
            "--as-of" => as_of = args.next().context("--as-of needs a date")?.parse()?,
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => bail!("unexpected argument {a}"),
        }
    }
    let dir = dir.context("usage: decide_threads DIR [--threads \"1 2\"] [--runs N]")?;
    let policy = zorgrecon::run::load_policy(&dir, None)?;
    let inputs = zorgrecon::ingest::read_inputs(&dir, &policy)?;
    let ledger = &inputs.ledger;
    println!(
        "{} invoices, {} bank lines; best of {runs}",
        ledger.invoices.len(),
        ledger.bank_lines.len()
    );
    let mut first: Option<zorgrecon::outcome::Reconciliation> = None;
    for t in &threads {
        let choice = match t.split_once(',') {
            Some((a, b)) => {
                let slices = b.parse().context("--threads: SHARES,SLICES")?;
                Threads {
                    shares: a.parse().context("--threads: SHARES,SLICES")?,
                    ..Threads::all(slices)
                }
            }
            None => Threads::all(t.parse().context("--threads: a number")?),
        };
        let mut best = f64::INFINITY;
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let r = zorgrecon::matching::reconcile_on(ledger, &policy, as_of, choice);
            best = best.min(started.elapsed().as_secs_f64());
            match &first {
                None => first = Some(r),
                Some(f) if *f != r => bail!("{t} threads decided differently"),
                Some(_) => {}
            }
        }
        println!(
            "shares={} slices={} seconds={best:.3}",
            choice.shares, choice.slices
        );
    }
    println!("every thread count decided the same");
    Ok(())
}
