//! "Is the comparison fair?": the asymmetries between the designs that a
//! verdict rests on — where one design is modelled with frictions, weak
//! channels, readings or per-kind values the other is not, and how strong
//! each design's evidence is. It also flags every `assumed` hop on a
//! design's most reliable routes up (a verdict that rests on a link the
//! source does not describe), and quotes a design's `caveat`, the source's
//! own reservation about it.

use crate::analysis::route_channels;
use crate::graph;
use crate::model::{ChannelParams, Evidence, EvidenceCounts, Model};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// One design's modelling choices that a comparison should weigh.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignChoices {
    /// The design's label.
    pub label: String,
    /// Its channels by evidence grade.
    pub channels: EvidenceCounts,
    /// The hops of every deepest-level actor's most reliable route to the top
    /// by evidence grade (see [`crate::analysis::evidence`]).
    pub route_hops: EvidenceCounts,
    /// Channels given a value worse than their kind's (a weaker fidelity, a
    /// larger distortion, a longer latency or a rarer cadence).
    pub weak_channels: usize,
    /// Actors attending below 1.
    pub stretched_actors: usize,
    /// The ids of its readings.
    pub readings: Vec<String>,
    /// Every channel graded `assumed` on the most reliable routes up, in
    /// channel order, with the number of routes that take it.
    pub assumed_route_hops: Vec<RouteHop>,
    /// The source's own reservation about the design (the model's
    /// `caveat`), quoted.
    pub caveat: Option<String>,
}

/// A channel on the most reliable routes up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteHop {
    /// Sender's id.
    pub from: String,
    /// Receiver's id.
    pub to: String,
    /// The channel's kind.
    pub kind: Option<String>,
    /// How many deepest-level actors' most reliable routes take it.
    pub routes: usize,
    /// The channel's `source`.
    pub source: Option<String>,
}

/// An asymmetry between the designs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "asymmetry", rename_all = "snake_case")]
pub enum Asymmetry {
    /// Channels weaker than their kind in some designs only (count per design).
    WeakChannels {
        /// Per design.
        counts: Vec<usize>,
    },
    /// Attendance below 1 in some designs only (count per design).
    Attendance {
        /// Per design.
        counts: Vec<usize>,
    },
    /// The designs' shares of `stated` channels differ by 10 points or more.
    EvidenceMix {
        /// Per design, the share of channels graded `stated`.
        stated_share: Vec<Option<f64>>,
    },
    /// Some designs have readings (contested alternatives) and others fewer.
    Readings {
        /// Per design.
        counts: Vec<usize>,
    },
    /// A channel kind's value differs between the designs that use it.
    KindValue {
        /// The kind.
        kind: String,
        /// The parameter.
        param: String,
        /// Per design (`null` where the design has no channel of the kind).
        values: Vec<Option<f64>>,
    },
}

/// The fairness section of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fairness {
    /// Per design, its modelling choices.
    pub designs: Vec<DesignChoices>,
    /// The asymmetries found, in the order of [`Asymmetry`]'s variants.
    pub asymmetries: Vec<Asymmetry>,
}

impl Fairness {
    /// The asymmetries in words, naming the designs, then per design the
    /// assumed hops on its most reliable routes up and its source's caveat.
    pub fn sentences(&self) -> Vec<String> {
        let labels: Vec<&str> = self.designs.iter().map(|d| d.label.as_str()).collect();
        let mut out: Vec<String> = self
            .asymmetries
            .iter()
            .map(|a| Named(a, &labels).to_string())
            .collect();
        out.extend(self.designs.iter().filter_map(assumed_sentence));
        out.extend(self.designs.iter().filter_map(|d| {
            d.caveat
                .as_ref()
                .map(|c| format!("{}: its source's own caveat: {c}", d.label))
        }));
        out
    }
}

/// "label: N assumed hops on its most reliable routes up …", grouping the
/// channels by kind and receiver; `None` when there are none.
fn assumed_sentence(d: &DesignChoices) -> Option<String> {
    if d.assumed_route_hops.is_empty() {
        return None;
    }
    let mut groups: Vec<(&Option<String>, &str, Vec<&str>)> = Vec::new();
    for h in &d.assumed_route_hops {
        match groups
            .iter_mut()
            .find(|(k, to, _)| *k == &h.kind && *to == h.to)
        {
            Some(g) => g.2.push(&h.from),
            None => groups.push((&h.kind, &h.to, vec![&h.from])),
        }
    }
    let described: Vec<String> = groups
        .iter()
        .map(|(kind, to, from)| {
            let kind = kind.as_deref().map(|k| format!("{k} ")).unwrap_or_default();
            let senders = match from.as_slice() {
                [one] => (*one).to_string(),
                [a, b] => format!("{a}, {b}"),
                [a, .., z] => format!("{} actors ({a} … {z})", from.len()),
                [] => String::new(),
            };
            format!("{kind}{senders} -> {to}")
        })
        .collect();
    let hops: usize = d.assumed_route_hops.iter().map(|h| h.routes).sum();
    Some(format!(
        "{}: {hops} hop(s) of its most reliable routes up are graded assumed (not described by the source), on {} channel(s): {}; the verdict rests on them as far as these routes carry it",
        d.label,
        d.assumed_route_hops.len(),
        described.join("; ")
    ))
}

/// An asymmetry with the designs' labels, for display.
struct Named<'a>(&'a Asymmetry, &'a [&'a str]);

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels = self.1;
        let per = |xs: Vec<String>| {
            xs.iter()
                .zip(labels)
                .map(|(x, l)| format!("{l} {x}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let counts = |c: &[usize]| per(c.iter().map(ToString::to_string).collect());
        match self.0 {
            Asymmetry::WeakChannels { counts: c } => write!(
                f,
                "channels weakened below their kind in some designs only: {} (a design without them gets no friction the evidence might support)",
                counts(c)
            ),
            Asymmetry::Attendance { counts: c } => write!(
                f,
                "actors attending below 1 in some designs only: {}",
                counts(c)
            ),
            Asymmetry::EvidenceMix { stated_share } => write!(
                f,
                "evidence mix differs: channels graded stated {}",
                per(stated_share
                    .iter()
                    .map(|s| s.map_or("–".into(), |x| format!("{:.0}%", 100.0 * x)))
                    .collect())
            ),
            Asymmetry::Readings { counts: c } => write!(
                f,
                "contested readings differ: {} (a design without readings is shown as if its evidence were uncontested)",
                counts(c)
            ),
            Asymmetry::KindValue { kind, param, values } => write!(
                f,
                "kind {kind}: {param} differs: {}",
                per(values
                    .iter()
                    .map(|v| v.map_or("–".into(), |x| format!("{x}")))
                    .collect())
            ),
        }
    }
}

fn weaker(own: &ChannelParams, kind: &ChannelParams) -> bool {
    own.fidelity.get() < kind.fidelity.get()
        || own.distortion.get() > kind.distortion.get()
        || own.latency_days.get() > kind.latency_days.get()
        || own.every_days.get() > kind.every_days.get()
}

/// The `assumed` channels on the model's most reliable routes up.
fn assumed_route_hops(m: &Model) -> Vec<RouteHop> {
    if !m
        .channels
        .iter()
        .any(|c| c.evidence == Some(Evidence::Assumed))
    {
        return Vec::new();
    }
    route_channels(&graph::build(m))
        .into_iter()
        .filter(|&(c, _)| m.channels[c].evidence == Some(Evidence::Assumed))
        .map(|(c, routes)| {
            let ch = &m.channels[c];
            RouteHop {
                from: m.actors[ch.from].id.to_string(),
                to: m.actors[ch.to].id.to_string(),
                kind: ch.kind.clone(),
                routes,
                source: ch.source.clone(),
            }
        })
        .collect()
}

fn choices(label: &str, m: &Model, route_hops: EvidenceCounts) -> DesignChoices {
    DesignChoices {
        label: label.to_string(),
        channels: m.channel_evidence(),
        route_hops,
        weak_channels: m
            .channels
            .iter()
            .filter(|c| weaker(&c.params, &m.kind_params(c.kind.as_deref())))
            .count(),
        stretched_actors: m.actors.iter().filter(|a| a.attendance.get() < 1.0).count(),
        readings: m.readings.iter().map(|r| r.id.clone()).collect(),
        assumed_route_hops: assumed_route_hops(m),
        caveat: m.caveat.clone(),
    }
}

/// True when some counts are 0 and others are not.
fn some_only(c: &[usize]) -> bool {
    c.contains(&0) && c.iter().any(|&x| x > 0)
}

fn kind_values(models: &[&Model]) -> Vec<Asymmetry> {
    let kinds: BTreeSet<&str> = models
        .iter()
        .flat_map(|m| m.channels.iter().filter_map(|c| c.kind.as_deref()))
        .collect();
    let mut out = Vec::new();
    for kind in kinds {
        let params: Vec<Option<[f64; 4]>> = models
            .iter()
            .map(|m| {
                m.channels
                    .iter()
                    .any(|c| c.kind.as_deref() == Some(kind))
                    .then(|| {
                        let p = m.kind_params(Some(kind));
                        [
                            p.fidelity.get(),
                            p.distortion.get(),
                            p.latency_days.get(),
                            p.every_days.get(),
                        ]
                    })
            })
            .collect();
        for (j, param) in ["fidelity", "distortion", "latency_days", "every_days"]
            .into_iter()
            .enumerate()
        {
            let values: Vec<Option<f64>> = params.iter().map(|p| p.map(|p| p[j])).collect();
            let present: Vec<f64> = values.iter().flatten().copied().collect();
            if present.len() > 1 && present.iter().any(|&x| x != present[0]) {
                out.push(Asymmetry::KindValue {
                    kind: kind.to_string(),
                    param: param.to_string(),
                    values,
                });
            }
        }
    }
    out
}

/// The fairness section for designs `(label, model)` with their route
/// evidence (in the same order).
pub fn fairness(designs: &[(&str, &Model)], route_hops: &[EvidenceCounts]) -> Fairness {
    let choices: Vec<DesignChoices> = designs
        .iter()
        .zip(route_hops)
        .map(|((l, m), r)| choices(l, m, *r))
        .collect();
    let mut asymmetries = Vec::new();
    let weak: Vec<usize> = choices.iter().map(|c| c.weak_channels).collect();
    if some_only(&weak) {
        asymmetries.push(Asymmetry::WeakChannels { counts: weak });
    }
    let stretched: Vec<usize> = choices.iter().map(|c| c.stretched_actors).collect();
    if some_only(&stretched) {
        asymmetries.push(Asymmetry::Attendance { counts: stretched });
    }
    let stated: Vec<Option<f64>> = choices.iter().map(|c| c.channels.stated_share()).collect();
    let shares: Vec<f64> = stated.iter().flatten().copied().collect();
    let (lo, hi) = shares
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    if shares.len() > 1 && hi - lo >= 0.1 {
        asymmetries.push(Asymmetry::EvidenceMix {
            stated_share: stated,
        });
    }
    let readings: Vec<usize> = choices.iter().map(|c| c.readings.len()).collect();
    if readings.iter().any(|&x| x != readings[0]) {
        asymmetries.push(Asymmetry::Readings { counts: readings });
    }
    let models: Vec<&Model> = designs.iter().map(|(_, m)| *m).collect();
    asymmetries.extend(kind_values(&models));
    Fairness {
        designs: choices,
        asymmetries,
    }
}
