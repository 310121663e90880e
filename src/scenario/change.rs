//! The change vocabulary: what a what-if or a scenario file can change.

use crate::model::raw::{RawActor, RawChannel, RawParams};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One what-if change. In scenario files each is an object with an `"op"`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Change {
    /// Remove an actor for good, with every channel and membership it has.
    RemoveActor {
        /// The actor's id.
        actor: String,
    },
    /// Leave an actor's seat empty from `from_day` until `to_day` (it attends
    /// no sitting then): a vacancy for a period, such as a project leader who
    /// leaves and is replaced.
    Vacancy {
        /// The actor's id.
        actor: String,
        /// First day of the vacancy (day 0 = the day a fact starts).
        from_day: f64,
        /// Day the seat is filled again.
        to_day: f64,
    },
    /// Set an actor's attendance (the "empty chair").
    Attendance {
        /// The actor's id.
        actor: String,
        /// Probability of taking part in a sitting, in [0, 1].
        value: f64,
    },
    /// Add an actor (its channels are added with `add-channel`).
    AddActor {
        /// The actor, as in a model file.
        actor: RawActor,
    },
    /// Add a channel, as in a model file.
    AddChannel {
        /// The channel, as in a model file.
        #[serde(flatten)]
        channel: RawChannel,
    },
    /// Remove the channels `from` -> `to` (of `kind`, when given). A
    /// bidirectional channel `to` <-> `from` keeps its other direction. When
    /// no channel is left between a body and one of its members, the member
    /// no longer sits in the body.
    RemoveChannel {
        /// Sending actor.
        from: String,
        /// Receiving actor.
        to: String,
        /// Only channels of this kind.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
    },
    /// Set parameters for every channel of a kind (channels' own values for
    /// the parameters given are dropped, so the new value holds everywhere).
    SetKind {
        /// The channel kind.
        kind: String,
        /// The parameters to set.
        #[serde(flatten)]
        params: RawParams,
    },
    /// Set parameters on every channel of the model (all kinds).
    SetAll {
        /// The parameters to set.
        #[serde(flatten)]
        params: RawParams,
    },
    /// Peel a level off: its actors go, and the levels below move up by one.
    /// Each path `u -> x -> v` through removed actors becomes a channel
    /// `u -> v` when `u` and `v` both have a level (actors outside the
    /// chain of levels, such as a coordination group with no level, are not
    /// wired through: they lose their channels to the removed actors). The
    /// new channel has the kind of `u -> x` and that kind's parameters, not
    /// the removed channel's own overrides (a steering group's 90-day
    /// sitting does not carry over to the link that replaces it). At most
    /// [`MAX_JOINED_CHANNELS`](super::MAX_JOINED_CHANNELS) channels are created.
    CollapseLevel {
        /// The level to remove.
        level: u32,
    },
    /// Merge actor `from` into actor `into`: channels and memberships of
    /// `from` move to `into`, its members join `into`'s, and `from` goes.
    Merge {
        /// The actor that stays.
        into: String,
        /// The actor merged into it.
        from: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params = |p: &RawParams| {
            let mut parts = Vec::new();
            if let Some(x) = p.fidelity {
                parts.push(format!("fidelity {x}"));
            }
            if let Some(x) = p.distortion {
                parts.push(format!("distortion {x}"));
            }
            if let Some(x) = p.latency_days {
                parts.push(format!("latency {x} days"));
            }
            if let Some(x) = p.every_days {
                parts.push(format!("a sitting every {x} days"));
            }
            parts.join(", ")
        };
        match self {
            Change::RemoveActor { actor } => write!(f, "remove {actor}"),
            Change::Vacancy {
                actor,
                from_day,
                to_day,
            } => write!(f, "{actor} vacant from day {from_day} to day {to_day}"),
            Change::Attendance { actor, value } => {
                write!(f, "attendance of {actor} set to {value}")
            }
            Change::AddActor { actor } => write!(f, "add actor {}", actor.id),
            Change::AddChannel { channel } => write!(
                f,
                "add channel {} -> {}{}",
                channel.from,
                channel.to,
                channel
                    .kind
                    .as_deref()
                    .map(|k| format!(" ({k})"))
                    .unwrap_or_default()
            ),
            Change::RemoveChannel { from, to, kind } => write!(
                f,
                "remove channel {from} -> {to}{}",
                kind.as_deref()
                    .map(|k| format!(" ({k})"))
                    .unwrap_or_default()
            ),
            Change::SetKind { kind, params: p } => write!(f, "{kind} channels: {}", params(p)),
            Change::SetAll { params: p } => write!(f, "every channel: {}", params(p)),
            Change::CollapseLevel { level } => write!(f, "level {level} peeled off"),
            Change::Merge { into, from } => write!(f, "{from} merged into {into}"),
        }
    }
}
