//! A progress bar on stderr for long work: shown only when stderr is a
//! terminal, `--quiet` is off, and the work has run for more than a second.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A bar that appears after a second of work.
pub struct Progress {
    bar: ProgressBar,
    wanted: bool,
    shown: AtomicBool,
    start: Instant,
}

impl Progress {
    /// A hidden bar labelled `what`; `quiet` keeps it hidden.
    pub fn new(what: &str, quiet: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("hviske: {msg} [{bar:30}] {percent:>3}% {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress {
            bar,
            wanted: !quiet && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            start: Instant::now(),
        }
    }

    /// Reports `done` of `total`; safe to call from any thread.
    pub fn update(&self, done: u64, total: u64) {
        if self.wanted
            && !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_length(total.max(1));
        self.bar.set_position(done);
    }

    /// Sets the label.
    pub fn stage(&self, what: impl Into<String>) {
        self.bar.set_message(what.into());
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
