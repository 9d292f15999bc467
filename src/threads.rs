//! How many threads the job may use (`--threads`), and the one way a step
//! works on several: one number, validated once by the binary and handed
//! down explicitly to every step that works in parallel, as the
//! configuration is. Nothing deeper asks the system how many cores there
//! are.
//!
//! Every parallel step but one is rayon's (an order-keeping parallel map
//! or sort, a scope whose jobs run beside the calling thread), on a pool
//! of that many threads built for the step, whose threads end with it:
//! [`ThreadCount::install`] when the calling thread only waits,
//! [`ThreadCount::scope_here`] when it does its own part. The one other is
//! passes 1 and 2 over the shares of groups, one thread each
//! ([`ThreadCount::each_on_own_thread`], where the measurement is). A
//! thread the system refuses has one policy everywhere: the work is done
//! on the calling thread, with a warning. Nothing else starts threads but
//! the one that waits for a stop signal, which is no step of the work
//! (`report_folder.rs`).
//!
//! The outputs are the same for every thread count (`tests/it/threads.rs`):
//! files are merged in path order, maps and sorts keep the order of a
//! sequence, and deciding on several threads gives exactly what one
//! sequence gives (ARCHITECTURE.md, "Deciding in groups").

use std::num::NonZeroUsize;

use rayon::{ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder};

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

    /// Runs `op` on a pool of this many threads, built for it, and returns
    /// what it gives: every parallel step inside `op` works on that pool.
    /// The pool's threads end before this returns.
    ///
    /// Why a pool per step rather than one for the run: the allocator
    /// (mimalloc, `main.rs`) keeps what a thread allocated in that
    /// thread's heap, and what another thread frees there goes back to the
    /// system only when the owner allocates again or ends. Threads that
    /// idled between steps held the file rows they had read (freed by the
    /// merge) and the indexes they had built (freed by later stages).
    /// Measured with `benches/options.sh` at full scale on 8 threads: a
    /// peak of 1,204 MiB with one pool for the run, 1,059 MiB with one per
    /// stage, 1,049 MiB with one per step, against 989 MiB before rayon;
    /// the calling thread doing its own part ([`ThreadCount::scope_here`])
    /// and the shares on threads of their own brought it back to the same
    /// range as before. Starting a pool costs microseconds per thread.
    ///
    /// The one policy when the system refuses a thread (a limit on
    /// processes, no memory for a stack): the work goes on, on the calling
    /// thread alone, with a warning. The outputs do not depend on the
    /// number of threads, so only the time does.
    pub fn install<R: Send>(self, op: impl FnOnce() -> R + Send) -> R {
        self.with_pool(|pool| match pool {
            Some(pool) => pool.install(op),
            None => op(),
        })
    }

    /// Runs `op` on the calling thread with a pool of this many threads
    /// beside it (as [`ThreadCount::install`] builds it): the jobs `op`
    /// spawns into the scope run on the pool, and their parallel steps
    /// with them, while `op` goes on here. Returns when `op` and every job
    /// it spawned have finished.
    ///
    /// For a step whose own part makes what the rest of the run keeps and
    /// frees (the book, the rows of the files the calling thread reads):
    /// made here, it stays in the calling thread's heap, and what the run
    /// frees of it later is reused at once (see [`ThreadCount::install`]).
    pub fn scope_here<'s, R>(self, op: impl FnOnce(&rayon::Scope<'s>) -> R) -> R {
        self.with_pool(|pool| match pool {
            Some(pool) => pool.in_place_scope(op),
            None => rayon::in_place_scope(op),
        })
    }

    /// `f` of each item, in the items' order: the first on the calling
    /// thread, every other on a thread of its own started for it, all at
    /// once.
    ///
    /// Not rayon's, for one step: passes 1 and 2 over the shares of
    /// groups, where each share makes and drops a copy of the accounts.
    /// On rayon's pool that step's peak memory was 80–180 MiB higher at
    /// full scale on 8 threads (three runs each, `benches/options.sh`
    /// with the debug log), for no gain in time. A thread the system
    /// refuses follows the one policy: its item is done here, with a
    /// warning.
    pub fn each_on_own_thread<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
        let Some((first, rest)) = items.split_first() else {
            return Vec::new();
        };
        let f = &f;
        std::thread::scope(|s| {
            let helpers: Vec<_> = rest
                .iter()
                .map(|item| {
                    std::thread::Builder::new()
                        .spawn_scoped(s, move || f(item))
                        .map_err(|e| log::warn!("cannot start a thread ({e}): working here"))
                        .ok()
                })
                .collect();
            let mut out = Vec::with_capacity(items.len());
            out.push(f(first));
            for (item, helper) in rest.iter().zip(helpers) {
                match helper.map(|h| h.join()) {
                    Some(Ok(t)) => out.push(t),
                    Some(Err(panic)) => std::panic::resume_unwind(panic),
                    None => out.push(f(item)),
                }
            }
            out
        })
    }

    /// `f` of a pool of this many threads built for it (the calling
    /// thread alone when the system refuses one, see [`or_this_thread`]),
    /// whose threads end before this returns.
    fn with_pool<R>(self, f: impl FnOnce(Option<&ThreadPool>) -> R) -> R {
        std::thread::scope(|scope| {
            let built = ThreadPoolBuilder::new()
                .num_threads(self.get())
                .thread_name(|i| format!("zorgrecon-{i}"))
                .spawn_handler(|thread| {
                    let mut builder = std::thread::Builder::new();
                    if let Some(name) = thread.name() {
                        builder = builder.name(name.to_string());
                    }
                    builder.spawn_scoped(scope, || thread.run())?;
                    Ok(())
                })
                .build();
            // Dropped at the end of this closure, which ends its threads;
            // the scope then waits for them.
            let pool = or_this_thread(built, self);
            f(pool.as_ref())
        })
    }
}

/// The pool `built`, or when the system refused one of its threads, a pool
/// made of the calling thread alone (it starts no thread, so it cannot be
/// refused). `None` when the calling thread already works in a pool (an
/// earlier refusal made it one of its own): the work then stays in that
/// pool, which is this thread alone too.
fn or_this_thread(
    built: Result<ThreadPool, ThreadPoolBuildError>,
    threads: ThreadCount,
) -> Option<ThreadPool> {
    let refused = match built {
        Ok(pool) => return Some(pool),
        Err(e) => e,
    };
    log::warn!(
        "cannot start {} threads ({refused}): working on one thread",
        threads.get()
    );
    ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
        .ok()
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
    fn a_refused_thread_leaves_the_work_to_the_calling_thread() {
        // A system that gives the pool its first thread and refuses the
        // second: the pool is not built, and the work runs here, with
        // every parallel step still giving a sequence's result.
        let refused = ThreadPoolBuilder::new()
            .num_threads(3)
            .spawn_handler(|thread| match thread.index() {
                0 => std::thread::Builder::new()
                    .spawn(|| thread.run())
                    .map(|_| ()),
                _ => Err(std::io::Error::other("no more threads")),
            })
            .build();
        assert!(refused.is_err());
        let three = ThreadCount::new(3).unwrap();
        let pool = or_this_thread(refused, three).unwrap();
        let here = std::thread::current().id();
        let (threads, on, doubled) = pool.install(|| {
            use rayon::prelude::*;
            let doubled: Vec<usize> = (0..10_000).into_par_iter().map(|i| 2 * i).collect();
            (
                rayon::current_num_threads(),
                std::thread::current().id(),
                doubled,
            )
        });
        assert_eq!((threads, on), (1, here));
        assert!(doubled.iter().enumerate().all(|(i, &d)| d == 2 * i));
    }

    #[test]
    fn installs_a_pool_of_the_count() {
        let two = ThreadCount::new(2).unwrap();
        assert_eq!(two.install(rayon::current_num_threads), 2);
        assert_eq!(ThreadCount::ONE.install(rayon::current_num_threads), 1);
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
