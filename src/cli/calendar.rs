//! `--start-day D` and `--start-days A:B`: the project day(s) on which facts
//! start, shared by `simulate`, `compare` and `sweep`.

use super::Rejection;
use clap::Args;
use hviske::sim::Start;

/// The calendar options.
#[derive(Debug, Clone, Args)]
pub struct CalendarArgs {
    /// Project day on which every fact starts; vacancies (vacancy:ID:FROM:TO)
    /// and sittings are in project days, arrival days count from the start
    /// [default: 0].
    #[arg(long, value_name = "D", conflicts_with = "start_days")]
    start_day: Option<f64>,
    /// Spread the facts' start days uniformly over project days [A, B): each
    /// trial's day is a keyed draw, the same for any thread count.
    #[arg(long, value_name = "A:B")]
    start_days: Option<String>,
}

impl CalendarArgs {
    /// The calendar asked for (day 0 when neither option is given).
    pub fn start(&self) -> Result<Start, Rejection> {
        let start = match (&self.start_day, &self.start_days) {
            (Some(day), _) => Start::Day { day: *day },
            (None, Some(window)) => {
                let parsed = window
                    .split_once(':')
                    .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
                let Some((from, to)) = parsed else {
                    return Err(Rejection(format!(
                        "--start-days {window}: expected two project days A:B, e.g. 0:365"
                    )));
                };
                Start::Window { from, to }
            }
            (None, None) => Start::default(),
        };
        start.checked().ok_or_else(|| {
            Rejection(
                "--start-day/--start-days: days must be numbers ≥ 0, and a window A:B needs A < B"
                    .into(),
            )
        })
    }
}
