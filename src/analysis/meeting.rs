//! Meeting load: what a design costs in time spent at sittings.
//!
//! The formula, stated in every report that shows the figure:
//!
//! * A **body** (an actor with members) sits every `E` days, where `E` is the
//!   shortest `every_days` of the channels between the body and its members
//!   (else of any channel touching the body; else 30). Each sitting costs each
//!   member [`BODY_SITTING_DAYS`] person-days (meeting, preparation, travel).
//! * Every **other channel** (reporting, instruction, newsletters, supervision,
//!   liaison, workplace meetings) costs [`CHANNEL_SITTING_DAYS`] person-days
//!   for each of its two ends per sitting; a bidirectional channel sits once
//!   for both directions.
//!
//! So load = Σ_bodies (365 / E) · members · 0.5 + Σ_other channels
//! (365 / every_days) · 2 · 0.125 person-days per year. Attendance is not
//! discounted: an absent member's seat is still budgeted.

use crate::model::Model;
use serde::Serialize;

/// Person-days per member per sitting of a body.
pub const BODY_SITTING_DAYS: f64 = 0.5;
/// Person-days per end per sitting of any other channel.
pub const CHANNEL_SITTING_DAYS: f64 = 0.125;

/// A design's meeting load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingLoad {
    /// Person-days per year in body sittings.
    pub bodies_person_days: f64,
    /// Person-days per year on other channels.
    pub channels_person_days: f64,
    /// The sum.
    pub total_person_days: f64,
}

/// The formula in one sentence, for a report's assumptions.
pub const FORMULA: &str = "Meeting load = for each body, (365 / its sitting interval) × members × 0.5 person-days, \
plus for each other channel, (365 / every_days) × 2 ends × 0.125 person-days; per year, attendance not discounted.";

/// Computes the meeting load of a model.
///
/// Complexity: O(actors + channels · members).
pub fn meeting_load(m: &Model) -> MeetingLoad {
    let n = m.actors.len();
    // Is channel c a membership channel (a member and its body)?
    let is_member_of = |member: usize, body: usize| m.actors[body].members.contains(&member);
    let membership = |from: usize, to: usize| is_member_of(from, to) || is_member_of(to, from);
    let mut body_every: Vec<Option<f64>> = vec![None; n];
    let mut any_every: Vec<Option<f64>> = vec![None; n];
    let mut channels = 0.0;
    let min = |slot: &mut Option<f64>, x: f64| *slot = Some(slot.map_or(x, |y: f64| y.min(x)));
    for c in &m.channels {
        let every = c.params.every_days.get();
        min(&mut any_every[c.from], every);
        min(&mut any_every[c.to], every);
        if membership(c.from, c.to) {
            let body = if m.actors[c.to].members.contains(&c.from) {
                c.to
            } else {
                c.from
            };
            min(&mut body_every[body], every);
        } else {
            channels += 365.0 / every * 2.0 * CHANNEL_SITTING_DAYS;
        }
    }
    let bodies: f64 = m
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_body())
        .map(|(i, a)| {
            let every = body_every[i].or(any_every[i]).unwrap_or(30.0);
            365.0 / every * a.members.len() as f64 * BODY_SITTING_DAYS
        })
        .sum();
    MeetingLoad {
        bodies_person_days: bodies,
        channels_person_days: channels,
        total_person_days: bodies + channels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monthly_body_of_three_and_one_report_line() {
        let m = crate::model::parse_str(
            r#"{"format":1,"name":"m","actors":[{"id":"b","members":["x","y","z"]},{"id":"x"},{"id":"y"},{"id":"z"},{"id":"top"}],
               "channels":[{"from":"x","to":"b","every_days":36.5,"bidirectional":true},{"from":"y","to":"b","every_days":73},
                           {"from":"b","to":"top","every_days":365}]}"#,
            "m.json",
        )
        .unwrap();
        let load = meeting_load(&m);
        // The body sits every 36.5 days: 10 sittings × 3 members × 0.5.
        assert!((load.bodies_person_days - 15.0).abs() < 1e-12);
        // One yearly report: 1 sitting × 2 ends × 0.125.
        assert!((load.channels_person_days - 0.25).abs() < 1e-12);
    }
}
