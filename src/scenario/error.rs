//! Typed errors of the scenario stage: a what-if that does not parse, a
//! change that cannot be applied, a reading that does not apply.

use super::WHAT_IF_SYNTAX;
use crate::model::Issue;
use std::sync::Arc;

/// Why a `--what-if` text is not a change ([`super::Change::parse`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WhatIfError {
    /// A known change written in the wrong form.
    #[error("what-if \"{text}\": expected {form}")]
    Malformed {
        /// The text as given.
        text: String,
        /// The expected form, e.g. `attendance:ID=P`.
        form: &'static str,
    },
    /// No change of that name.
    #[error("what-if \"{text}\": unknown change; one of:\n{WHAT_IF_SYNTAX}")]
    Unknown {
        /// The text as given.
        text: String,
    },
}

/// Why one change cannot be applied to a model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ChangeProblem {
    /// The change names an actor the model does not have.
    #[error("unknown actor \"{id}\"{}", near.as_ref().map(|m| format!(" (did you mean \"{m}\"?)")).unwrap_or_default())]
    UnknownActor {
        /// The id as given.
        id: String,
        /// The closest id of the model, when one is close.
        near: Option<String>,
    },
    /// `add-actor` of an id that is taken.
    #[error("actor \"{0}\" exists already")]
    ActorExists(String),
    /// `remove-channel` of a channel the model does not have.
    #[error("no channel {from} -> {to} to remove")]
    NoChannel {
        /// Sending actor.
        from: String,
        /// Receiving actor.
        to: String,
    },
    /// `set-kind` or `set-all` with no parameter.
    #[error("sets nothing: give fidelity, distortion, latency_days or every_days")]
    SetsNothing,
    /// `set-kind` of a kind no channel has.
    #[error("no channel of kind \"{kind}\" ({})", if kinds.is_empty() { "no channel of this model has a kind".to_string() } else { format!("kinds here: {}", kinds.join(", ")) })]
    UnknownKind {
        /// The kind as given.
        kind: String,
        /// The model's kinds, sorted.
        kinds: Vec<String>,
    },
    /// `merge` of an actor into itself.
    #[error("cannot merge an actor into itself")]
    MergeIntoItself,
    /// `collapse-level` of a level no actor is at.
    #[error("no actor is at level {0}")]
    NoActorAtLevel(i64),
    /// `collapse-level` that would create too many channels.
    #[error("collapsing level {level} would create more than {max} channels")]
    TooManyJoined {
        /// The level.
        level: i64,
        /// The limit, [`super::MAX_JOINED_CHANNELS`].
        max: usize,
    },
    /// The changed model breaks a rule of the format.
    #[error("{}", .0.iter().map(|i| i.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Issue>),
}

/// The first change of a list that cannot be applied ([`super::apply`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("change {}: {problem}", .index + 1)]
pub struct ChangeError {
    /// 0-based index of the change in the list.
    pub index: usize,
    /// Why it cannot be applied.
    pub problem: ChangeProblem,
}

/// What is wrong with one change of a reading.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ReadingProblem {
    /// The change is not a change object of the scenario vocabulary.
    #[error("{0}")]
    NotAChange(Arc<serde_json::Error>),
    /// The change cannot be applied.
    #[error(transparent)]
    Change(ChangeProblem),
}

/// Why a model's reading cannot be applied.
#[derive(Debug, Clone, thiserror::Error)]
#[error("reading \"{reading}\": change {}: {problem}", .change + 1)]
pub struct ReadingError {
    /// The reading's id.
    pub reading: String,
    /// 0-based index of the change at fault in the reading's `changes`.
    pub change: usize,
    /// What is wrong.
    pub problem: ReadingProblem,
}
