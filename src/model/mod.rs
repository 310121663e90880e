//! Stage 1 of the data flow: a model file becomes a validated [`Model`].
//!
//! [`load`] reads a file and makes it a [`Model`] in one pass: each actor and
//! channel is checked against every rule of the format as it is parsed
//! (`stream` and `build`), ids are interned, and the defaults are filled
//! in. Text this pass cannot read (a syntax or type error, an unknown or
//! repeated field, a scenario) goes through [`raw::RawModel`], the serde
//! mirror of the format, whose errors name every field;
//! [`validate()`] runs the same checks on a `RawModel`. Once a [`Model`]
//! exists, every id resolves, every probability is in [0, 1], every duration
//! is finite and non-negative and every channel carries its resolved
//! parameters, so later stages never check again. [`read_design`] is the one
//! way in for a file that may be a model or a scenario.
//!
//! Parameter resolution, for each of `fidelity`, `distortion`, `latency_days`,
//! `every_days`: the channel's own value, else `kinds[channel.kind]`, else the
//! model's `defaults`, else [`ChannelParams::TOOLKIT_DEFAULT`].

mod build;
mod evidence;
mod load;
mod near;
pub mod raw;
mod stream;
mod validate;

pub use evidence::EvidenceCounts;
pub(crate) use load::{in_format_words, line_col, unknown_field_hint};
pub use load::{
    load, max_input_bytes, parse_design, parse_str, read_design, Design, LoadError, Problem,
    Source, DEFAULT_MAX_INPUT_BYTES, MAX_INPUT_ENV, MAX_LISTED_PROBLEMS,
};
pub use near::near_match;
mod ranges;
pub use ranges::{range_positions, RangePosition};
pub use validate::{
    unargued_readings, unknown_kinds, validate, Issue, Place as IssuePlace, UnarguedReading,
    UnknownKind,
};

/// `s` with control characters (newlines, escapes, bells) written as `\n`,
/// `\t` or `\u{1b}`, so a name or id read from a file can neither drive
/// a terminal nor break a table.
pub fn escape_control(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => "\\n".to_string(),
                '\t' => "\\t".to_string(),
                '\r' => "\\r".to_string(),
                c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
                c => c.to_string(),
            })
            .collect(),
    )
}

/// The first character of `s` that no name may hold: a control character
/// (U+0000–U+001F; TAB and LF too unless `free_text`) or the
/// non-characters U+FFFE and U+FFFF. XML cannot carry them (networkx
/// refuses such a GraphML file), a NUL breaks Graphviz, and a line break
/// breaks a heading; so the loader rejects them in names, kinds and
/// sources (ids allow `[a-z0-9_-]` only).
pub fn forbidden_char(s: &str, free_text: bool) -> Option<char> {
    s.chars().find(|&c| match c {
        '\t' | '\n' => !free_text,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => true,
        _ => false,
    })
}

/// "name holds the control character U+001B (names may not: …)".
pub(crate) fn forbidden_message(field: &str, c: char) -> String {
    let what = if c.is_control() {
        "the control character"
    } else {
        "the non-character"
    };
    format!(
        "{field} holds {what} U+{:04X}; names, kinds and sources may not \
         (XML and Graphviz cannot carry it)",
        c as u32
    )
}

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// A probability, guaranteed finite and in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Probability(f64);

impl Probability {
    /// `Some` when `p` is finite and in [0, 1].
    pub fn new(p: f64) -> Option<Self> {
        (p.is_finite() && (0.0..=1.0).contains(&p)).then_some(Self(p))
    }
    /// Probability one.
    pub const ONE: Self = Self(1.0);
    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A duration in days, guaranteed in [0, [`Days::MAX`]]: sums and means of
/// many of them stay finite.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Days(f64);

impl Days {
    /// The longest duration a model may state: 100 years (36,525 days).
    pub const MAX: f64 = 36_525.0;
    /// The shortest time between sittings (`every_days`): one minute, so a
    /// meeting load stays a readable number.
    pub const MIN_EVERY: f64 = 1.0 / 1440.0;

    /// `Some` when `d` is in [0, [`Days::MAX`]].
    pub fn new(d: f64) -> Option<Self> {
        (d.is_finite() && (0.0..=Self::MAX).contains(&d)).then_some(Self(d))
    }
    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// An actor id: non-empty, `[a-z0-9_-]+`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ActorId(String);

impl ActorId {
    /// `Some` when `s` matches `[a-z0-9_-]+`.
    pub fn new(s: &str) -> Option<Self> {
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        ok.then(|| Self(s.to_string()))
    }
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The tripartite role of an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Ministry, agencies, supervisors.
    Government,
    /// Employers' organisations and management.
    Employer,
    /// Employees' organisations, union and safety representatives.
    Employee,
    /// An enterprise or its workforce as a whole.
    Enterprise,
    /// Evaluators, advisers, occupational health service.
    Neutral,
}

impl Side {
    /// Every side, in the order reports list them.
    pub const ALL: [Side; 5] = [
        Side::Government,
        Side::Employer,
        Side::Employee,
        Side::Enterprise,
        Side::Neutral,
    ];
    /// The three parties of tripartite cooperation.
    pub const PARTIES: [Side; 3] = [Side::Government, Side::Employer, Side::Employee];

    /// The word used in model files.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Government => "government",
            Side::Employer => "employer",
            Side::Employee => "employee",
            Side::Enterprise => "enterprise",
            Side::Neutral => "neutral",
        }
    }

    /// Parses the word used in model files.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|side| side.as_str() == s)
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How strong the evidence for an actor or channel is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// The source says so.
    Stated,
    /// Follows from the source without being said.
    Inferred,
    /// A modelling choice.
    Assumed,
}

impl Evidence {
    /// Every grade, strongest first.
    pub const ALL: [Evidence; 3] = [Evidence::Stated, Evidence::Inferred, Evidence::Assumed];

    /// The word used in model files.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Stated => "stated",
            Evidence::Inferred => "inferred",
            Evidence::Assumed => "assumed",
        }
    }

    /// Parses the word used in model files.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named alternative reading of the evidence behind a model: changes that
/// turn the model into what the source would be under that reading, with the
/// probability that it is the true one. The model itself is the main reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// Unique id among the model's readings.
    pub id: String,
    /// Short human title (the id where the file gives none).
    pub name: String,
    /// Probability that this reading is the true one.
    pub probability: Probability,
    /// The changes, as written (objects of the scenario change vocabulary;
    /// the `scenario` stage parses and applies them).
    pub changes: Vec<serde_json::Value>,
    /// Why the evidence allows this reading.
    pub rationale: Option<String>,
    /// Evidence (report lines).
    pub source: Option<String>,
}

/// The four parameters of a channel, fully resolved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChannelParams {
    /// Probability that one fact passed on this hop survives.
    pub fidelity: Probability,
    /// Probability that a surviving fact arrives altered.
    pub distortion: Probability,
    /// Time the hop takes once it happens.
    pub latency_days: Days,
    /// Days between sittings (> 0).
    pub every_days: Days,
}

impl ChannelParams {
    /// The toolkit's own defaults, used where neither a channel, its kind nor
    /// the model's `defaults` give a value: a downward oral hop and a monthly
    /// sitting (models/README.md, where the numbers come from: fidelity 0.85, distortion 0.05, latency 7 days,
    /// every 30 days).
    pub const TOOLKIT_DEFAULT: ChannelParams = ChannelParams {
        fidelity: Probability(0.85),
        distortion: Probability(0.05),
        latency_days: Days(7.0),
        every_days: Days(30.0),
    };

    /// `base` with every parameter that `over` sets replaced. The caller has
    /// validated `over`.
    pub(crate) fn overlay(self, over: &PartialParams) -> Self {
        ChannelParams {
            fidelity: over.fidelity.unwrap_or(self.fidelity),
            distortion: over.distortion.unwrap_or(self.distortion),
            latency_days: over.latency_days.unwrap_or(self.latency_days),
            every_days: over.every_days.unwrap_or(self.every_days),
        }
    }
}

/// Channel parameters where each may be absent (the model's `defaults`, a
/// `kinds` entry, or what a channel sets itself), already range-checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PartialParams {
    /// See [`ChannelParams::fidelity`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<Probability>,
    /// See [`ChannelParams::distortion`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distortion: Option<Probability>,
    /// See [`ChannelParams::latency_days`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_days: Option<Days>,
    /// See [`ChannelParams::every_days`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every_days: Option<Days>,
}

impl PartialParams {
    /// True when no parameter is set.
    pub fn is_empty(&self) -> bool {
        *self == PartialParams::default()
    }
}

/// Plausible ranges `(low, high)` of a kind's parameters, for drawing
/// assumptions (`compare --uncertain`); each within the parameter's domain,
/// low ≤ high.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ranges {
    /// Range of fidelity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<(f64, f64)>,
    /// Range of distortion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distortion: Option<(f64, f64)>,
    /// Range of latency in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_days: Option<(f64, f64)>,
    /// Range of days between sittings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every_days: Option<(f64, f64)>,
}

impl Ranges {
    /// The four ranges in the order fidelity, distortion, latency, cadence.
    pub fn as_array(&self) -> [Option<(f64, f64)>; 4] {
        [
            self.fidelity,
            self.distortion,
            self.latency_days,
            self.every_days,
        ]
    }
}

/// A validated actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Unique id.
    pub id: ActorId,
    /// Display name (the id where the file gives none).
    pub name: String,
    /// Organisational level, 1 = top.
    pub level: Option<u32>,
    /// Tripartite role.
    pub side: Option<Side>,
    /// Free-text kind (`ministry`, `body`, `enterprise`, …).
    pub kind: Option<String>,
    /// Probability of taking part in a given sitting (1.0 where not given).
    pub attendance: Probability,
    /// For a body: indices into [`Model::actors`] of its members, in file order.
    pub members: Vec<usize>,
    /// For a body: it advises a party rather than seating all parties (an
    /// agency's advisory council of the social partners), so a side it lacks
    /// is not a representation gap.
    pub advisory: bool,
    /// The industry the actor belongs to: a body seating several industries
    /// is also assessed per industry.
    pub industry: Option<String>,
    /// Periods `[from_day, to_day)` during which the seat is empty and the
    /// actor attends no sitting (sorted, non-overlapping not required).
    pub vacancies: Vec<Vacancy>,
    /// Evidence.
    pub source: Option<String>,
    /// How strong that evidence is, where the file says.
    pub evidence: Option<Evidence>,
}

/// A period `[from_day, to_day)` during which an actor attends no sitting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Vacancy {
    /// First day of the vacancy.
    pub from_day: Days,
    /// Day the seat is filled again (exclusive, > `from_day`).
    pub to_day: Days,
}

impl Vacancy {
    /// True when `day` falls inside the vacancy.
    pub fn covers(&self, day: f64) -> bool {
        self.from_day.get() <= day && day < self.to_day.get()
    }
}

impl Actor {
    /// True for a body (an actor with members).
    pub fn is_body(&self) -> bool {
        !self.members.is_empty()
    }

    /// True when one of the actor's vacancies covers `day`.
    pub fn vacant_on(&self, day: f64) -> bool {
        self.vacancies.iter().any(|v| v.covers(day))
    }
}

/// A validated channel, with its parameters resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Channel {
    /// Index of the sending actor in [`Model::actors`].
    pub from: usize,
    /// Index of the receiving actor in [`Model::actors`].
    pub to: usize,
    /// Channel kind.
    pub kind: Option<String>,
    /// The parameters in force on this channel.
    pub params: ChannelParams,
    /// The parameters the channel sets itself (the rest come from its kind or
    /// the defaults). Kept so that a model can be re-resolved after its kinds
    /// change, or reset to its kinds' values.
    pub own: PartialParams,
    /// Also runs `to` -> `from`.
    pub bidirectional: bool,
    /// Evidence.
    pub source: Option<String>,
    /// How strong that evidence is, where the file says.
    pub evidence: Option<Evidence>,
}

impl Channel {
    /// The directed arcs the channel carries, as actor indices: `from -> to`,
    /// and `to -> from` too when it is bidirectional.
    pub fn arcs(&self) -> impl Iterator<Item = (usize, usize)> {
        let back = self.bidirectional.then_some((self.to, self.from));
        std::iter::once((self.from, self.to)).chain(back)
    }
}

/// A named level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    /// Level number, 1 = top.
    pub level: u32,
    /// Its name.
    pub name: String,
}

/// A validated organisation model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// Short human title.
    pub name: String,
    /// Longer text.
    pub description: Option<String>,
    /// Where the structure comes from.
    pub source: Option<String>,
    /// The source's own reservation about this design (a proposal its
    /// source says is still to be discussed), quoted by the fairness section.
    pub caveat: Option<String>,
    /// The modelling assumptions behind the numbers, in words.
    pub assumptions: Vec<String>,
    /// Names of the levels, sorted by level.
    pub levels: Vec<Level>,
    /// The model's `defaults` (what it sets; the toolkit's fill the rest).
    pub defaults: PartialParams,
    /// Per channel kind parameters, by kind name.
    pub kinds: BTreeMap<String, PartialParams>,
    /// Plausible ranges per channel kind, by kind name.
    pub ranges: BTreeMap<String, Ranges>,
    /// Alternative readings of the evidence, in file order.
    pub readings: Vec<Reading>,
    /// Actors in file order.
    pub actors: Vec<Actor>,
    /// Channels in file order.
    pub channels: Vec<Channel>,
}

impl Model {
    /// Index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id.as_str() == id)
    }

    /// The parameters a channel of this kind gets when it sets none itself.
    pub fn kind_params(&self, kind: Option<&str>) -> ChannelParams {
        let base = ChannelParams::TOOLKIT_DEFAULT.overlay(&self.defaults);
        match kind.and_then(|k| self.kinds.get(k)) {
            Some(over) => base.overlay(over),
            None => base,
        }
    }

    /// Recomputes every channel's parameters from its own values, its kind and
    /// the defaults. Call after changing `kinds` or `defaults`.
    pub fn resolve(&mut self) {
        for i in 0..self.channels.len() {
            let c = &self.channels[i];
            let params = self.kind_params(c.kind.as_deref()).overlay(&c.own);
            self.channels[i].params = params;
        }
    }

    /// The model as a file would hold it: the inverse of [`validate()`], so
    /// that `validate(&m.to_raw())` gives `m` back. Used to apply what-if
    /// changes by id and to write a changed model out.
    pub fn to_raw(&self) -> raw::RawModel {
        raw::RawModel {
            format: Some(1),
            name: Some(self.name.clone()),
            description: self.description.clone(),
            source: self.source.clone(),
            caveat: self.caveat.clone(),
            assumptions: self.assumptions.clone(),
            levels: self
                .levels
                .iter()
                .map(|l| raw::RawLevel {
                    level: i64::from(l.level),
                    name: l.name.clone(),
                })
                .collect(),
            defaults: (!self.defaults.is_empty()).then(|| self.defaults.to_raw()),
            kinds: self
                .kinds
                .iter()
                .map(|(k, p)| (k.clone(), p.to_raw()))
                .collect(),
            ranges: self
                .ranges
                .iter()
                .map(|(k, r)| (k.clone(), r.to_raw()))
                .collect(),
            readings: self.readings.iter().map(Reading::to_raw).collect(),
            actors: self.actors.iter().map(|a| self.raw_actor(a)).collect(),
            channels: self.channels.iter().map(|c| self.raw_channel(c)).collect(),
            meta: None,
        }
    }

    /// An actor as written in a model file (members by id).
    fn raw_actor(&self, a: &Actor) -> raw::RawActor {
        raw::RawActor {
            id: a.id.as_str().to_string(),
            name: (a.name != a.id.as_str()).then(|| a.name.clone()),
            level: a.level.map(i64::from),
            side: a.side.map(|s| s.as_str().to_string()),
            kind: a.kind.clone(),
            attendance: (a.attendance != Probability::ONE).then(|| a.attendance.get()),
            members: a
                .members
                .iter()
                .map(|&m| self.actors[m].id.as_str().to_string())
                .collect(),
            advisory: a.advisory,
            industry: a.industry.clone(),
            vacancies: a
                .vacancies
                .iter()
                .map(|v| raw::RawVacancy {
                    from_day: v.from_day.get(),
                    to_day: v.to_day.get(),
                })
                .collect(),
            source: a.source.clone(),
            evidence: a.evidence.map(|e| e.as_str().to_string()),
            meta: None,
        }
    }

    /// A channel as written in a model file (ends by id, own parameters only).
    fn raw_channel(&self, c: &Channel) -> raw::RawChannel {
        let own = c.own.to_raw();
        raw::RawChannel {
            from: self.actors[c.from].id.as_str().to_string(),
            to: self.actors[c.to].id.as_str().to_string(),
            kind: c.kind.clone(),
            fidelity: own.fidelity,
            distortion: own.distortion,
            latency_days: own.latency_days,
            every_days: own.every_days,
            bidirectional: c.bidirectional.then_some(true),
            source: c.source.clone(),
            evidence: c.evidence.map(|e| e.as_str().to_string()),
            meta: None,
        }
    }

    /// The deepest level any actor has (`None` when no actor has a level).
    pub fn deepest_level(&self) -> Option<u32> {
        self.actors.iter().filter_map(|a| a.level).max()
    }

    /// The top level any actor has (normally 1).
    pub fn top_level(&self) -> Option<u32> {
        self.actors.iter().filter_map(|a| a.level).min()
    }

    /// The name of a level, where the model gives one.
    pub fn level_name(&self, level: u32) -> Option<&str> {
        self.levels
            .iter()
            .find(|l| l.level == level)
            .map(|l| l.name.as_str())
    }
}

impl PartialParams {
    /// The parameters as written in a model file.
    fn to_raw(self) -> raw::RawParams {
        raw::RawParams {
            fidelity: self.fidelity.map(Probability::get),
            distortion: self.distortion.map(Probability::get),
            latency_days: self.latency_days.map(Days::get),
            every_days: self.every_days.map(Days::get),
        }
    }
}

impl Ranges {
    /// The ranges as written in a model file (`[low, high]` pairs).
    fn to_raw(self) -> raw::RawRanges {
        let pair = |x: Option<(f64, f64)>| x.map(|(a, b)| [a, b]);
        raw::RawRanges {
            fidelity: pair(self.fidelity),
            distortion: pair(self.distortion),
            latency_days: pair(self.latency_days),
            every_days: pair(self.every_days),
        }
    }
}

impl Reading {
    /// The reading as written in a model file (the name only when it differs from the id).
    fn to_raw(&self) -> raw::RawReading {
        raw::RawReading {
            id: self.id.clone(),
            name: (self.name != self.id).then(|| self.name.clone()),
            probability: self.probability.get(),
            changes: self.changes.clone(),
            rationale: self.rationale.clone(),
            source: self.source.clone(),
            meta: None,
        }
    }
}
