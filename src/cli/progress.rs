//! A progress bar on stderr for long work: shown only when stderr is a
//! terminal, `--quiet` is off, and the work has run for more than a second.
//! When stderr is not a terminal (a log, a CI runner, a pipe), plain lines
//! take its place at a low rate: the first after [`FIRST_LINE`], then one
//! every [`LINE_EVERY`] (`hviske: simulating: 42% after 1 min 10 s`).
//!
//! One bar per command: work made of several simulations (designs,
//! directions, sweep steps) is given as a number of stages, and the bar
//! runs once over all of them instead of restarting for each. After a
//! second of work, when the whole run looks set to take more than about
//! ten seconds, an estimate is printed (unless `--quiet`), terminal or not.
//! The estimate is the rate of the work finished since the first report
//! (so setup before it, and the units every thread had started, do not
//! count), once a few reports have come in.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Stages are counted in this many steps each on the bar.
const STEPS: u64 = 1000;

/// Reports after the first before the rate is trusted for an estimate.
const RATE_REPORTS: u64 = 4;

/// When stderr is not a terminal: the first plain progress line after this
/// much work...
const FIRST_LINE: Duration = Duration::from_secs(5);

/// ...and then one line per this much more.
const LINE_EVERY: Duration = Duration::from_secs(30);

/// A bar that appears after a second of work.
pub struct Progress {
    bar: ProgressBar,
    quiet: bool,
    wanted: bool,
    shown: AtomicBool,
    estimated: AtomicBool,
    start: Instant,
    stages: u64,
    stage: AtomicU64,
    stage_done: AtomicBool,
    /// The first report (when, at which position) and the reports since.
    first: Mutex<Option<(Instant, u64)>>,
    reports: AtomicU64,
    /// Plain lines instead of a bar (stderr is not a terminal, not quiet),
    /// and when the next one is due.
    lines: bool,
    next_line: Mutex<Duration>,
}

impl Progress {
    /// A hidden bar labelled `what`; `quiet` keeps it hidden.
    pub fn new(what: &str, quiet: bool) -> Self {
        Self::with_stages(what, quiet, 1)
    }

    /// A bar over `stages` pieces of work, each reported from 0 to its own
    /// total through [`update`](Progress::update).
    pub fn with_stages(what: &str, quiet: bool, stages: u64) -> Self {
        let stages = stages.max(1);
        let bar = ProgressBar::with_draw_target(Some(stages * STEPS), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("hviske: {msg} [{bar:30}] {percent:>3}% {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress {
            bar,
            quiet,
            wanted: !quiet && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            estimated: AtomicBool::new(false),
            start: Instant::now(),
            stages,
            stage: AtomicU64::new(0),
            stage_done: AtomicBool::new(false),
            first: Mutex::new(None),
            reports: AtomicU64::new(0),
            lines: !quiet && !std::io::stderr().is_terminal(),
            next_line: Mutex::new(FIRST_LINE),
        }
    }

    /// Reports `done` of `total` in the current stage; safe to call from
    /// any thread. A report below `total` after one at `total` starts the
    /// next stage.
    pub fn update(&self, done: u64, total: u64) {
        let total = total.max(1);
        if done < total && self.stage_done.swap(false, Ordering::Relaxed) {
            self.stage.fetch_add(1, Ordering::Relaxed);
        }
        if done >= total {
            self.stage_done.store(true, Ordering::Relaxed);
        }
        let stage = self.stage.load(Ordering::Relaxed).min(self.stages - 1);
        let position = stage * STEPS + done.min(total) * STEPS / total;
        let elapsed = self.start.elapsed();
        let rate = self.rate(position);
        if self.lines {
            self.line(elapsed, position);
        }
        if elapsed > Duration::from_secs(1) {
            self.show();
            if let Some(per_step) = rate {
                let left = (self.stages * STEPS).saturating_sub(position);
                self.estimate(elapsed.as_secs_f64() + per_step * left as f64);
            }
        }
        self.bar.set_position(position);
    }

    /// A plain progress line, when one is due.
    fn line(&self, elapsed: Duration, position: u64) {
        let Ok(mut due) = self.next_line.try_lock() else {
            return;
        };
        if elapsed < *due {
            return;
        }
        *due = elapsed + LINE_EVERY;
        let percent = position * 100 / (self.stages * STEPS);
        eprintln!(
            "hviske: {}: {percent}% after {}",
            self.bar.message(),
            duration_words(elapsed.as_secs_f64())
        );
    }

    fn show(&self) {
        if self.wanted && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Seconds per step of the work reported since the first report, once
    /// [`RATE_REPORTS`] reports have come in after it.
    fn rate(&self, position: u64) -> Option<f64> {
        if self.quiet || self.estimated.load(Ordering::Relaxed) {
            return None;
        }
        let mut first = self.first.lock().ok()?;
        let (at, from) = *first.get_or_insert((Instant::now(), position));
        let reports = self.reports.fetch_add(1, Ordering::Relaxed);
        (reports >= RATE_REPORTS && position > from)
            .then(|| at.elapsed().as_secs_f64() / (position - from) as f64)
    }

    /// Prints, once, how long the run will take (`whole` seconds from the
    /// start) when that is over ten seconds.
    fn estimate(&self, whole: f64) {
        if !self.estimated.swap(true, Ordering::Relaxed) && whole > 10.0 {
            let line = format!(
                "hviske: {}: this run will take about {} (Ctrl-C stops it)",
                self.bar.message(),
                duration_words(whole)
            );
            if self.shown.load(Ordering::Relaxed) {
                self.bar.println(line);
            } else {
                eprintln!("{line}");
            }
        }
    }
}

/// "40 seconds", "12 minutes", "3.5 hours".
pub(crate) fn duration_words(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} seconds")
    } else if seconds < 7200.0 {
        format!("{:.0} minutes", seconds / 60.0)
    } else {
        format!("{:.1} hours", seconds / 3600.0)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
