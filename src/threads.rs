//! How many threads the job may use (`--threads`, issue 22): one number,
//! validated once by the binary and handed down explicitly to every step
//! that works in parallel, as the configuration is. Nothing deeper asks
//! the system how many cores there are.
//!
//! The outputs are the same for every thread count (`tests/it/threads.rs`):
//! files are merged in path order, and deciding on several threads gives
//! exactly what one sequence gives (ARCHITECTURE.md, "Deciding in groups").

use std::num::NonZeroUsize;

/// The most threads any step uses: a server shared with other work gets
/// what `--threads` says, the rest of its cores stay free.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreadCount(NonZeroUsize);

impl ThreadCount {
    /// One thread: every step in one sequence (the report's workbook is
    /// still written beside its CSV files).
    pub const ONE: ThreadCount = ThreadCount(NonZeroUsize::MIN);

    /// As many threads as the system offers this process (its cores, or
    /// what a CPU quota or affinity mask leaves); one when it cannot say.
    pub fn cores() -> ThreadCount {
        ThreadCount(std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }

    /// `n` threads; `None` for zero.
    pub fn new(n: usize) -> Option<ThreadCount> {
        NonZeroUsize::new(n).map(ThreadCount)
    }

    /// The number of threads, at least one.
    pub fn get(self) -> usize {
        self.0.get()
    }
}

/// Most threads `--threads` accepts: a larger number is a typing error,
/// not a machine.
pub const MAX: usize = 1024;

impl std::str::FromStr for ThreadCount {
    type Err = String;

    /// A whole number from 1 to [`MAX`].
    fn from_str(s: &str) -> Result<ThreadCount, String> {
        match s.trim().parse::<usize>() {
            Ok(n @ 1..=MAX) => ThreadCount::new(n).ok_or_else(|| "at least 1".into()),
            Ok(_) => Err(format!("a number of threads from 1 to {MAX}")),
            Err(_) => Err(format!("not a whole number: `{s}`")),
        }
    }
}

impl Default for ThreadCount {
    /// The cores, as [`ThreadCount::cores`].
    fn default() -> ThreadCount {
        ThreadCount::cores()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_threads_is_no_count_and_the_default_is_at_least_one() {
        assert_eq!(ThreadCount::new(0), None);
        assert_eq!(ThreadCount::new(8).map(ThreadCount::get), Some(8));
        assert_eq!(ThreadCount::ONE.get(), 1);
        assert!(ThreadCount::default().get() >= 1);
    }

    #[test]
    fn parses_whole_numbers_from_one_to_the_maximum() {
        assert_eq!("8".parse::<ThreadCount>().map(ThreadCount::get), Ok(8));
        assert_eq!(" 1 ".parse::<ThreadCount>(), Ok(ThreadCount::ONE));
        for bad in ["0", "-1", "two", "1.5", "", "1025"] {
            assert!(bad.parse::<ThreadCount>().is_err(), "{bad}");
        }
    }
}
