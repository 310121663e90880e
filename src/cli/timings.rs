//! `--timings`: the wall time of each stage of a command, in milliseconds,
//! on one stderr line at the end (stdout is untouched), so where the time
//! goes can be seen without a harness:
//!
//! ```text
//! hviske: timings (ms): load+validate 142, build 31, simulate 905, render 1, total 1080
//! ```
//!
//! A command marks the end of each stage with [`mark`]; the time since the
//! previous mark (or the start) is charged to that stage, and a stage marked
//! twice adds up. A command that marks nothing reports its total alone.

use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Clock {
    start: Instant,
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

static CLOCK: Mutex<Option<Clock>> = Mutex::new(None);

/// Starts the clock (only with `--timings`; without it [`mark`] does nothing).
pub(crate) fn start() {
    let now = Instant::now();
    *lock() = Some(Clock {
        start: now,
        last: now,
        stages: Vec::new(),
    });
}

fn lock() -> std::sync::MutexGuard<'static, Option<Clock>> {
    CLOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Charges the time since the previous mark to `stage`.
pub(crate) fn mark(stage: &'static str) {
    if let Some(clock) = lock().as_mut() {
        let now = Instant::now();
        let spent = now - clock.last;
        clock.last = now;
        match clock.stages.iter_mut().find(|(name, _)| *name == stage) {
            Some((_, total)) => *total += spent,
            None => clock.stages.push((stage, spent)),
        }
    }
}

/// The timings line (without the `hviske: ` prefix), or `None` when the
/// clock was not started.
pub(crate) fn line() -> Option<String> {
    let guard = lock();
    let clock = guard.as_ref()?;
    let ms = |d: Duration| d.as_millis();
    let mut parts: Vec<String> = clock
        .stages
        .iter()
        .map(|(name, d)| format!("{name} {}", ms(*d)))
        .collect();
    parts.push(format!("total {}", ms(clock.start.elapsed())));
    Some(format!("timings (ms): {}", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_in_the_order_first_marked() {
        start();
        mark("load+validate");
        mark("build");
        mark("load+validate");
        let line = line().expect("started");
        assert!(line.starts_with("timings (ms): load+validate "), "{line}");
        assert!(line.contains(", build "), "{line}");
        assert!(line.ends_with(|c: char| c.is_ascii_digit()), "{line}");
        assert_eq!(line.matches("load+validate").count(), 1, "{line}");
    }
}
