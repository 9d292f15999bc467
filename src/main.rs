//! The `zorgrecon` binary: parses arguments, calls the library, maps the
//! outcome to the exit codes of README.md. Everything else is in the library.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use zorgrecon::config::DEFAULT_CONFIG;
use zorgrecon::problem::Severity;
use zorgrecon::report::Lang;
use zorgrecon::run::{RunOptions, check, run};
use zorgrecon::threads::ThreadCount;

/// mimalloc instead of the system allocator: the job makes and
/// drops millions of small strings and vectors on several threads, where
/// glibc's malloc and free were a seventh of the run's CPU. Built without
/// transparent huge pages (`no_thp`): with them every first touch of a
/// block zeroed 2 MiB, an eighth of the run's CPU in the kernel and twice
/// the memory on a typical night (BENCHMARKS.md, round 4).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reconciles client payments, invoices and insurer specifications for
/// non-contracted home care, and writes the morning report.
#[derive(Parser)]
#[command(name = "zorgrecon", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reconcile and write the report.
    Run {
        /// Input folder with invoices/, bank/, specs/ (and optionally
        /// overrides.csv and zorgrecon.toml).
        #[arg(long)]
        input: PathBuf,
        /// Output folder [default: reports/<as-of>].
        #[arg(long)]
        out: Option<PathBuf>,
        /// The date the run is for, YYYY-MM-DD [default: today].
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Configuration file [default: <input>/zorgrecon.toml, else built in].
        #[arg(long)]
        config: Option<PathBuf>,
        /// Language of the workbook and of the CSV files' texts (reason,
        /// note, explanation); codes stay English.
        #[arg(long, value_enum, default_value = "nl")]
        lang: Lang,
        /// Exit with 3 when there were input errors.
        #[arg(long)]
        strict: bool,
        /// The previous report to list changes against [default: the newest
        /// earlier reports/<date> folder beside --out].
        #[arg(long)]
        previous: Option<PathBuf>,
        /// The most threads any step uses (reading files, deciding), for a
        /// server shared with other work; the outputs are the same for
        /// every number [default: the cores].
        #[arg(long)]
        threads: Option<ThreadCount>,
    },
    /// Read and validate the inputs only; print every problem.
    Check {
        /// Input folder.
        #[arg(long)]
        input: PathBuf,
        /// Configuration file.
        #[arg(long)]
        config: Option<PathBuf>,
        /// The date to check for [default: today].
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// The most threads any step uses [default: the cores].
        #[arg(long)]
        threads: Option<ThreadCount>,
    },
    /// Print the built-in default configuration.
    Config,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("info,calamine=error"),
    )
    .format_timestamp_secs()
    .init();
    if let Err(e) = zorgrecon::report_folder::install_stop_handler() {
        return fatal(&e);
    }
    let today = chrono::Local::now().date_naive();
    match cli.command {
        Command::Config => {
            print!("{DEFAULT_CONFIG}");
            ExitCode::SUCCESS
        }
        Command::Check {
            input,
            config,
            as_of,
            threads,
        } => match check(
            &input,
            config.as_deref(),
            as_of.unwrap_or(today),
            threads.unwrap_or_default(),
        ) {
            Ok(problems) => {
                let errors = problems
                    .iter()
                    .filter(|p| p.severity == Severity::Error)
                    .count();
                for p in &problems {
                    println!(
                        "{}: {}: {}{}",
                        p.source,
                        p.severity.as_str(),
                        // The operator's log stays English.
                        zorgrecon::report::text::problem(&p.kind, zorgrecon::report::Lang::En),
                        show_value(&p.value)
                    );
                }
                println!("{errors} errors, {} warnings", problems.len() - errors);
                if errors > 0 {
                    ExitCode::from(3)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => fatal(&e),
        },
        Command::Run {
            input,
            out,
            as_of,
            config,
            lang,
            strict,
            previous,
            threads,
        } => {
            let opts = RunOptions {
                input,
                out,
                as_of: as_of.unwrap_or(today),
                config,
                lang,
                previous,
                threads: threads.unwrap_or_default(),
            };
            match run(&opts) {
                Ok(r) => {
                    log::info!("report written to {}", r.out.display());
                    if strict && r.errors > 0 {
                        ExitCode::from(3)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => fatal(&e),
            }
        }
    }
}

fn show_value(v: &str) -> String {
    if v.is_empty() {
        String::new()
    } else {
        format!(" ({v})")
    }
}

/// One line on stderr with the whole cause chain, exit 1.
fn fatal(e: &anyhow::Error) -> ExitCode {
    eprintln!("zorgrecon: error: {e:#}");
    ExitCode::from(1)
}
