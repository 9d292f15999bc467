//! A map over line numbers on every core, for the work that depends on
//! the book alone (what each line names), so that the passes that must go
//! one line at a time find it ready.
//!
//! The result is the same as a sequential map, in the same order, whatever
//! the number of threads: threads take chunks of consecutive indexes and
//! the chunks are joined in index order. How many threads is the caller's
//! to say (`Threads::maps`, from the job's `--threads`).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Indexes per chunk: small enough to balance files whose lines cost
/// differently (long card-payment texts, short transfers), large enough
/// that taking a chunk costs nothing.
const CHUNK: usize = 2048;

/// Most threads deciding uses: the work is a few seconds at most.
pub(crate) const MAX_THREADS: usize = 8;

/// `f` of each item, each on a thread of its own (the first on the calling
/// thread), results in the items' order.
pub(crate) fn each<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    let Some((first, rest)) = items.split_first() else {
        return Vec::new();
    };
    let f = &f;
    std::thread::scope(|s| {
        // A thread the system refuses only means that item is done here.
        let helpers: Vec<_> = rest
            .iter()
            .map(|item| {
                std::thread::Builder::new()
                    .spawn_scoped(s, move || f(item))
                    .ok()
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        out.push(f(first));
        for (item, h) in rest.iter().zip(helpers) {
            match h.map(|h| h.join()) {
                Some(Ok(t)) => out.push(t),
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => out.push(f(item)),
            }
        }
        out
    })
}

/// Sorts `v` by `cmp` on up to `threads` threads: parts sorted on threads
/// of their own, then merged. `cmp` must be a total order (no two items
/// equal), so the result is the one a sequential sort gives.
pub(crate) fn sort_by<T: Copy + Send + Sync>(
    v: &mut Vec<T>,
    threads: usize,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
) {
    let parts = threads.min(v.len().div_ceil(CHUNK * 8));
    if parts <= 1 {
        v.sort_unstable_by(&cmp);
        return;
    }
    let size = v.len().div_ceil(parts);
    let chunks: Vec<&mut [T]> = v.chunks_mut(size).collect();
    let cmp = &cmp;
    let _ = each(
        &chunks
            .into_iter()
            .map(std::sync::Mutex::new)
            .collect::<Vec<_>>(),
        |c| {
            if let Ok(mut c) = c.lock() {
                c.sort_unstable_by(cmp);
            }
        },
    );
    // Merge the sorted runs two at a time.
    let mut runs: Vec<Vec<T>> = v.chunks(size).map(<[T]>::to_vec).collect();
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(merge(&a, &b, cmp)),
                None => next.push(a),
            }
        }
        runs = next;
    }
    if let Some(sorted) = runs.pop() {
        *v = sorted;
    }
}

/// Two sorted runs as one.
fn merge<T: Copy>(a: &[T], b: &[T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if cmp(&b[j], &a[i]) == std::cmp::Ordering::Less {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// `f(0), f(1), …, f(n − 1)`, computed on up to `threads` threads.
pub(crate) fn map<T: Send>(threads: usize, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads.min(n.div_ceil(CHUNK));
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<T>)> = Vec::new();
        loop {
            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
            if start >= n {
                return done;
            }
            done.push((start, (start..(start + CHUNK).min(n)).map(&f).collect()));
        }
    };
    let mut chunks: Vec<(usize, Vec<T>)> = std::thread::scope(|s| {
        // A thread the system refuses only means fewer helpers: the
        // calling thread takes whatever is left.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, work).ok())
            .collect();
        let mut chunks = work();
        for h in helpers {
            match h.join() {
                Ok(mut c) => chunks.append(&mut c),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        chunks
    });
    chunks.sort_unstable_by_key(|(start, _)| *start);
    let mut out = Vec::with_capacity(n);
    for (_, c) in chunks {
        out.extend(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_a_sequential_map_in_the_same_order() {
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17] {
            for threads in [1, 2, 8] {
                let got = map(threads, n, |i| i * 3 + 1);
                let want: Vec<usize> = (0..n).map(|i| i * 3 + 1).collect();
                assert_eq!(got, want, "n = {n}, threads = {threads}");
            }
        }
    }

    #[test]
    fn a_parallel_sort_sorts_as_a_sequential_one() {
        for n in [0, 1, 7, CHUNK * 8 + 1, CHUNK * 40 + 3] {
            // A scrambled permutation, sorted by a key with ties broken by
            // the item (a total order).
            let scrambled: Vec<usize> = (0..n).map(|i| (i * 7919 + 13) % n.max(1)).collect();
            let key = |x: &usize| (x % 97, *x);
            let mut want = scrambled.clone();
            want.sort_unstable_by_key(key);
            for threads in [1, 2, 8] {
                let mut v = scrambled.clone();
                sort_by(&mut v, threads, |a, b| key(a).cmp(&key(b)));
                assert_eq!(v, want, "n = {n}, threads = {threads}");
            }
        }
    }

    #[test]
    fn every_index_is_computed_once() {
        let calls = AtomicUsize::new(0);
        let n = 7 * CHUNK + 5;
        let got = map(8, n, |i| {
            calls.fetch_add(1, Ordering::Relaxed);
            i
        });
        assert_eq!(calls.load(Ordering::Relaxed), n);
        assert!(got.iter().enumerate().all(|(i, &v)| i == v));
    }
}
