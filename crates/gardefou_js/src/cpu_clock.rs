//! The clock a function's time limit is measured on: the processor time of the calling thread.
//!
//! A sandbox runs on one thread, and its interrupt handler runs on that thread too, so the
//! thread's own CPU clock counts exactly the time spent running the function. On a machine
//! shared with other work (a CI runner, a laptop compiling), wall-clock time would stop a
//! function that is merely waiting for a processor, and the same document would get different
//! findings from one run to the next; processor time does not depend on the load.
//!
//! JavaScript in the sandbox cannot block (it has no I/O, timers or locks), so a runaway
//! function always burns processor time and is always caught.

/// Nanoseconds of processor time used by the calling thread so far (on platforms without a
/// thread clock, a monotonic clock started at the first call).
pub fn now_nanos() -> u64 {
    imp::now_nanos()
}

#[cfg(unix)]
mod imp {
    pub fn now_nanos() -> u64 {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is supported by
        // every Unix gardefou builds on (POSIX.1-2008).
        let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if status != 0 {
            return super::fallback();
        }
        (ts.tv_sec as u64)
            .saturating_mul(1_000_000_000)
            .saturating_add(ts.tv_nsec as u64)
    }
}

#[cfg(not(unix))]
mod imp {
    pub fn now_nanos() -> u64 {
        super::fallback()
    }
}

fn fallback() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

#[cfg(test)]
mod tests {
    use super::now_nanos;

    #[test]
    fn counts_work_and_not_sleep() {
        let before = now_nanos();
        std::thread::sleep(std::time::Duration::from_millis(200));
        let slept = now_nanos() - before;
        // Sleeping uses (almost) no processor time.
        assert!(slept < 50_000_000, "sleeping 200 ms counted {slept} ns");
        let before = now_nanos();
        let mut x = 0u64;
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_millis(100) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        assert!(now_nanos() > before, "busy work counted nothing");
    }
}
