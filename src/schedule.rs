//! How `lint` and `score` go through many documents: one document per worker at a time, the
//! result of each reduced (by the caller's `work`) before the next is loaded, and the largest
//! documents never loaded side by side, so the peak memory of a run over thousands of
//! documents is set by its largest document, not by how many there are.
//!
//! The documents are handed out by plain threads, one per thread of the pool, each running its
//! document inside the pool (where the linter's own parallel work runs). Handing them out as
//! pool tasks would let a pool thread that waits inside one document's lint pick up another
//! whole document, and keep several in memory at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Documents whose source adds up to this many bytes may be in progress together; a larger one
/// waits until it is the only one (the budget is raised to the largest document).
const SOURCE_BUDGET: u64 = 32 * 1024 * 1024;

/// Runs `work` on every item (each `size` bytes of source, roughly), on `pool`, at most one
/// item per pool thread at a time and no more than the budget together; the results are in
/// the items' order.
pub(crate) fn each<I, T, W>(pool: &rayon::ThreadPool, items: &[(I, u64)], work: W) -> Vec<T>
where
    I: Sync,
    T: Send,
    W: Fn(&I) -> T + Sync,
{
    let largest = items.iter().map(|(_, s)| *s).max().unwrap_or(0);
    let gate = Gate::new(SOURCE_BUDGET.max(largest));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let workers = pool.current_num_threads().clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((item, size)) = items.get(i) else {
                    break;
                };
                let _held = gate.enter(*size);
                let result = pool.install(|| work(item));
                *slots[i].lock().expect("a result slot") = Some(result);
            });
        }
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .expect("a result slot")
                .expect("every item was worked on")
        })
        .collect()
}

/// Bytes of source in progress, bounded.
struct Gate {
    budget: u64,
    in_progress: Mutex<u64>,
    freed: Condvar,
}

struct Held<'g> {
    gate: &'g Gate,
    size: u64,
}

impl Gate {
    fn new(budget: u64) -> Self {
        Gate {
            budget,
            in_progress: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until `size` more bytes fit (or nothing else is in progress).
    fn enter(&self, size: u64) -> Held<'_> {
        let mut n = self.in_progress.lock().expect("the gate");
        while *n > 0 && *n + size > self.budget {
            n = self.freed.wait(n).expect("the gate");
        }
        *n += size;
        Held { gate: self, size }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut n = self.gate.in_progress.lock().expect("the gate");
        *n -= self.size;
        self.gate.freed.notify_all();
    }
}

/// The size of an input's source, for the budget.
pub(crate) fn size_of(input: &crate::discover::Input, stdin: Option<&[u8]>) -> u64 {
    match input {
        crate::discover::Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        crate::discover::Input::Stdin => stdin.map_or(0, |s| s.len() as u64),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn results_in_order_and_the_budget_holds() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let big = super::SOURCE_BUDGET;
        // Two documents larger than half the budget never run together; the small ones do.
        let items: Vec<(usize, u64)> = (0..40)
            .map(|i| (i, if i % 10 == 0 { big * 3 / 4 } else { 1 }))
            .collect();
        let in_progress = AtomicU64::new(0);
        let peak = AtomicU64::new(0);
        let concurrent = AtomicU64::new(0);
        let most = AtomicU64::new(0);
        let out = super::each(&pool, &items, |&i| {
            let size = items[i].1;
            let now = in_progress.fetch_add(size, Ordering::SeqCst) + size;
            peak.fetch_max(now, Ordering::SeqCst);
            let c = concurrent.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(c, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(if size > 1 {
                20
            } else {
                1
            }));
            concurrent.fetch_sub(1, Ordering::SeqCst);
            in_progress.fetch_sub(size, Ordering::SeqCst);
            i * 2
        });
        assert_eq!(out, (0..40).map(|i| i * 2).collect::<Vec<_>>());
        assert!(
            peak.load(Ordering::SeqCst) <= big,
            "{}",
            peak.load(Ordering::SeqCst)
        );
        assert!(most.load(Ordering::SeqCst) <= 4);
        assert!(
            most.load(Ordering::SeqCst) >= 2,
            "small documents run side by side"
        );
    }
}
