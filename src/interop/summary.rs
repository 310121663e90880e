//! What an import inferred, defaulted or changed: plain data, and the lines
//! `hviske import` prints on stderr. Where a line points to a setting, it
//! names a [`Hint`] and the caller words it (the CLI as its flag).

use crate::model::{ChannelParams, Model};

/// Where the value of a channel parameter that no channel set comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultFrom {
    /// The import's own default (written to the model's `defaults`).
    Option(f64),
    /// The toolkit's own default ([`ChannelParams::TOOLKIT_DEFAULT`]).
    Toolkit(f64),
}

/// How the `weight`s were used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightUse {
    /// Kept under `meta.weight`; changes no result.
    Kept,
    /// Used as fidelity as it stands.
    Fidelity,
    /// `fidelity = weight / max`, `max` the largest weight.
    Scaled {
        /// The largest weight.
        max: f64,
    },
}

/// How tie values (a third column, matrix cells) were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TieUse {
    /// Rows (or cells) that gave a value.
    pub rows: usize,
    /// Rows with 0: no tie, so no channel (their actors are kept).
    pub dropped: usize,
    /// The values were only 0 and 1: a tie indicator, not a weight.
    pub binary: bool,
    /// A `--weight-as` other than ignore was asked for and not used, the
    /// values being a tie indicator.
    pub weight_as_unused: bool,
}

/// A setting a summary line points the reader to; [`Summary::lines`]'
/// caller words it (the CLI as its command-line flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint<'a> {
    /// Use the weights as fidelity ([`super::WeightAs::Fidelity`]).
    WeightAsFidelity,
    /// Keep rows whose tie value is 0 ([`super::ImportOptions::keep_zero`]).
    KeepZero,
    /// Set a channel parameter's default for the import: any parameter
    /// (`None`) or this one.
    Default(Option<&'a str>),
    /// A command that follows the levels upwards (one that needs them).
    LevelsUp,
}

/// What an import inferred or changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Actors in the model.
    pub actors: usize,
    /// Actors made from the ids an edge list names (no actors file).
    pub inferred_actors: usize,
    /// Channels in the model.
    pub channels: usize,
    /// Channels that run both ways.
    pub bidirectional: usize,
    /// Reverse edges merged into one bidirectional channel (hviske's own GraphML).
    pub merged_reverse_edges: usize,
    /// Pairs listed both ways in an undirected input, each merged into one
    /// two-way channel.
    pub merged_mutual: usize,
    /// How tie values were read, when the input had them.
    pub ties: Option<TieUse>,
    /// Notes on what the input held that the model cannot (one line each).
    pub notes: Vec<String>,
    /// `(lowest, deepest, actors with a level)`, `None` when no actor has one.
    pub levels: Option<(u32, u32, usize)>,
    /// Actors per side, where any has one, and how many have none.
    pub sides: Vec<(String, usize)>,
    /// Actors without a side.
    pub no_side: usize,
    /// Per channel parameter: channels that do not set it, and the value they get.
    pub defaults: Vec<(&'static str, usize, DefaultFrom)>,
    /// `(original, new)` ids that were not valid and were slugified.
    pub renamed: Vec<(String, String)>,
    /// Attributes or columns kept under `meta` (not fields of the format).
    pub meta: Vec<String>,
    /// How `weight` was used, when any row had one.
    pub weight: Option<WeightUse>,
}

impl Summary {
    /// Fills in the counts that the validated model shows.
    pub(crate) fn count(&mut self, model: &Model) {
        self.actors = model.actors.len();
        self.channels = model.channels.len();
        self.bidirectional = model.channels.iter().filter(|c| c.bidirectional).count();
        let levels: Vec<u32> = model.actors.iter().filter_map(|a| a.level).collect();
        self.levels = levels
            .iter()
            .min()
            .zip(levels.iter().max())
            .map(|(lo, hi)| (*lo, *hi, levels.len()));
        for side in crate::model::Side::ALL {
            let n = model.actors.iter().filter(|a| a.side == Some(side)).count();
            if n > 0 {
                self.sides.push((side.as_str().into(), n));
            }
        }
        self.no_side = model.actors.iter().filter(|a| a.side.is_none()).count();
        self.defaults = default_uses(model);
    }

    /// The summary in lines for a person, without a prefix; `hint` words a
    /// setting the reader may change.
    pub fn lines(&self, hint: &dyn Fn(Hint<'_>) -> String) -> Vec<String> {
        let mut out = vec![format!(
            "{} actors ({} inferred from the channels), {} channels ({} both ways)",
            self.actors, self.inferred_actors, self.channels, self.bidirectional
        )];
        if self.merged_reverse_edges > 0 {
            out.push(format!(
                "{} reverse edges of bidirectional channels merged (same \"channel\" number)",
                self.merged_reverse_edges
            ));
        }
        if self.merged_mutual > 0 {
            out.push(format!(
                "{} pairs listed both ways merged into one two-way channel each",
                self.merged_mutual
            ));
        }
        if let Some(t) = self.ties {
            let what = if t.binary {
                "the tie column holds only 0 and 1: a tie indicator, not a weight"
            } else {
                "the tie column is the tie value (0 = no tie)"
            };
            out.push(format!(
                "ties: {what}; {} of {} rows are 0 and are not channels (their actors are kept; {} keeps them)",
                t.dropped,
                t.rows,
                hint(Hint::KeepZero)
            ));
            if t.weight_as_unused {
                out.push(format!(
                    "weight: not used as fidelity, the column being a tie indicator ({} reads it as weights)",
                    hint(Hint::KeepZero)
                ));
            }
        }
        out.extend(self.notes.iter().cloned());
        out.push(match self.levels {
            Some((lo, hi, n)) => {
                format!("levels {lo}-{hi} ({n} of {} actors have one)", self.actors)
            }
            None => format!(
                "levels: none given (the commands that need levels, such as {}, will say so)",
                hint(Hint::LevelsUp)
            ),
        });
        let sides: Vec<String> = self.sides.iter().map(|(s, n)| format!("{s} {n}")).collect();
        out.push(format!(
            "sides: {}{} without",
            if sides.is_empty() {
                "none given; ".into()
            } else {
                format!("{}; ", sides.join(", "))
            },
            self.no_side
        ));
        for (param, n, from) in self.defaults.iter().filter(|d| d.1 > 0) {
            out.push(match from {
                DefaultFrom::Option(x) => {
                    format!(
                        "{param}: {n} channels get {x} ({})",
                        hint(Hint::Default(None))
                    )
                }
                DefaultFrom::Toolkit(x) => format!(
                    "{param}: {n} channels get the toolkit default {x} (set it with {})",
                    hint(Hint::Default(Some(param)))
                ),
            });
        }
        if let Some(w) = self.weight {
            out.push(match w {
                WeightUse::Kept => format!(
                    "weight: kept under meta.weight (changes no result; {} uses it)",
                    hint(Hint::WeightAsFidelity)
                ),
                WeightUse::Fidelity => "weight: used as fidelity as it stands".into(),
                WeightUse::Scaled { max } => {
                    format!("weight: fidelity = weight / {max} (the largest weight)")
                }
            });
        }
        if !self.meta.is_empty() {
            out.push(format!("kept under \"meta\": {}", self.meta.join(", ")));
        }
        if !self.renamed.is_empty() {
            out.push(format!(
                "{} ids were not valid ([a-z0-9_-]+) and were changed:",
                self.renamed.len()
            ));
            out.extend(self.renamed.iter().map(|(a, b)| format!("  {a:?} -> {b}")));
        }
        out
    }
}

fn default_uses(model: &Model) -> Vec<(&'static str, usize, DefaultFrom)> {
    let t = ChannelParams::TOOLKIT_DEFAULT;
    let d = model.defaults;
    let from = |given: Option<f64>, toolkit: f64| match given {
        Some(x) => DefaultFrom::Option(x),
        None => DefaultFrom::Toolkit(toolkit),
    };
    let unset = |f: fn(&crate::model::PartialParams) -> bool| {
        model.channels.iter().filter(|c| !f(&c.own)).count()
    };
    vec![
        (
            "fidelity",
            unset(|p| p.fidelity.is_some()),
            from(d.fidelity.map(|x| x.get()), t.fidelity.get()),
        ),
        (
            "distortion",
            unset(|p| p.distortion.is_some()),
            from(d.distortion.map(|x| x.get()), t.distortion.get()),
        ),
        (
            "latency_days",
            unset(|p| p.latency_days.is_some()),
            from(d.latency_days.map(|x| x.get()), t.latency_days.get()),
        ),
        (
            "every_days",
            unset(|p| p.every_days.is_some()),
            from(d.every_days.map(|x| x.get()), t.every_days.get()),
        ),
    ]
}
