//! The serde mirror of the model file (`models/README.md`, format 1), field for
//! field. Nothing here is checked beyond JSON types: [`super::validate`] turns a
//! [`RawModel`] into a [`super::Model`]. Unknown fields are rejected, so a typo
//! such as `fidelty` can never silently change a result.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The whole file as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    /// Must be 1. Optional here only so that a missing one gets a clear message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<i64>,
    /// Short human title. Optional here only so a missing one gets a clear message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Longer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the structure comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The source's own reservation about this design, quoted in the
    /// fairness section of every comparison (a toolkit addition to format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
    /// Modelling assumptions behind the numbers, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
    /// Names of the levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<RawLevel>,
    /// Channel parameters used where neither the channel nor its kind gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<RawParams>,
    /// Channel parameters per channel kind.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, RawParams>,
    /// Plausible ranges per channel kind, drawn from by `compare --uncertain`
    /// (a toolkit addition to format 1).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: BTreeMap<String, RawRanges>,
    /// Alternative readings of the evidence, each a list of changes to this
    /// model with the probability that it is the true one (a toolkit addition
    /// to format 1; the model itself is the main reading).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<RawReading>,
    /// The actors (required).
    pub actors: Vec<RawActor>,
    /// The channels (required, may be empty).
    pub channels: Vec<RawChannel>,
    /// Free-form user data, ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
}

/// One entry of `levels`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    /// Level number, 1 = top.
    pub level: i64,
    /// Its name.
    pub name: String,
}

/// The four channel parameters, each optional (`defaults` and `kinds` entries).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawParams {
    /// Probability that a fact survives one hop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<f64>,
    /// Probability that a surviving fact arrives altered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distortion: Option<f64>,
    /// Days a hop takes once it happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_days: Option<f64>,
    /// Days between sittings of the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_days: Option<f64>,
}

/// Plausible `[low, high]` ranges of the four parameters of a channel kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRanges {
    /// Range of `fidelity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<[f64; 2]>,
    /// Range of `distortion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distortion: Option<[f64; 2]>,
    /// Range of `latency_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_days: Option<[f64; 2]>,
    /// Range of `every_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_days: Option<[f64; 2]>,
}

/// One actor as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    /// Unique id, `[a-z0-9_-]+`.
    pub id: String,
    /// Display name (defaults to the id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Organisational level, 1 = top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<i64>,
    /// Tripartite role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// Free text kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Probability of taking part in a given sitting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<f64>,
    /// For a body: the actors represented in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// For a body: it advises a party rather than seating all parties, so a
    /// side it lacks is not a representation gap (a toolkit addition to format 1).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub advisory: bool,
    /// The industry the actor belongs to, for representation per industry in
    /// bodies that seat several (a toolkit addition to format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Periods during which the seat is empty (a toolkit addition to format 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vacancies: Vec<RawVacancy>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How strong that evidence is: `stated`, `inferred` or `assumed` (a
    /// toolkit addition to format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Free-form user data, ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Box<Value>>,
}

/// One entry of `readings`: a named alternative reading of the evidence.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawReading {
    /// Unique id among the model's readings, `[a-z0-9_-]+`.
    pub id: String,
    /// Short human title (defaults to the id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Probability in [0, 1] that this reading, rather than the model's own,
    /// is the true one.
    pub probability: f64,
    /// The changes this reading makes, in the scenario change vocabulary
    /// (objects with an `"op"`, as in a scenario file's `changes`). Checked
    /// by the scenario stage, which knows the vocabulary.
    pub changes: Vec<Value>,
    /// Why the evidence allows this reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// Evidence (report lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free-form user data, ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Box<Value>>,
}

/// A period during which an actor's seat is empty: it attends no sitting.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawVacancy {
    /// First project day of the vacancy (facts start on day 0 unless a
    /// calendar, `--start-day` or `--start-days`, says otherwise).
    pub from_day: f64,
    /// Day the seat is filled again (exclusive).
    pub to_day: f64,
}

/// One channel as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    /// Sending actor id.
    pub from: String,
    /// Receiving actor id.
    pub to: String,
    /// Channel kind (selects an entry of `kinds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Probability that a fact survives this hop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<f64>,
    /// Probability that a surviving fact arrives altered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distortion: Option<f64>,
    /// Days the hop takes once it happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_days: Option<f64>,
    /// Days between sittings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_days: Option<f64>,
    /// Also runs `to` -> `from` with the same parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bidirectional: Option<bool>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How strong that evidence is: `stated`, `inferred` or `assumed` (a
    /// toolkit addition to format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Free-form user data, ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Box<Value>>,
}

impl RawChannel {
    /// The four parameters this channel sets itself.
    pub fn params(&self) -> RawParams {
        RawParams {
            fidelity: self.fidelity,
            distortion: self.distortion,
            latency_days: self.latency_days,
            every_days: self.every_days,
        }
    }
}
