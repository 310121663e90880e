//! The search space: the structural changes the advisor may make to a
//! design, built from the scenario change vocabulary ([`Change`]).
//!
//! A [`Move`] is one step of the search: a few changes that belong together
//! (a bypass from every body of a level to one hub is one move of several
//! `add-channel`s; removing a two-way channel is two `remove-channel`s).
//! Moves are generated from the design they change, so their ids and level
//! numbers are that design's own; the changes of a design are its moves'
//! changes in order, applicable to the start model with
//! [`crate::scenario::apply`].

use crate::model::raw::RawChannel;
use crate::model::Model;
use crate::scenario::{one_param, Change};
use crate::sim::key::{key, str_key};
use serde::Serialize;
use std::collections::BTreeSet;

/// The attendance a body's seat reaches with fixed, briefed deputies (the
/// `attendance` move): the typical board attendance in the models' ranges
/// (models/README.md, "attendance of a formal member").
pub const FIXED_DEPUTIES_ATTENDANCE: f64 = 0.95;

/// Bodies on one level above which no merges of them are proposed (n bodies
/// give n(n − 1)/2 pairs).
pub const MAX_MERGE_BODIES_PER_LEVEL: usize = 6;

/// The most channels one bypass move adds (one per source actor).
pub const MAX_BYPASS_SOURCES: usize = 64;

/// Sittings never fall further apart than a year, nor closer than a day.
const CADENCE_DAYS: (f64, f64) = (1.0, 365.0);

/// The kinds of move, as `--allow` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MoveKind {
    /// Peel a level off (`collapse-level`).
    CollapseLevel,
    /// Merge two bodies of one level (`merge`).
    Merge,
    /// A two-way channel from every body of a level (or every actor, where
    /// the level has no body) to a hub at least two levels up, of the kind
    /// the hub is reported to by.
    Bypass,
    /// Remove a channel above the two deepest levels (`remove-channel`).
    RemoveChannel,
    /// Halve or double a channel kind's sitting interval (`set-kind`).
    Cadence,
    /// Fixed deputies: an actor's attendance raised to
    /// [`FIXED_DEPUTIES_ATTENDANCE`] (`attendance`).
    Attendance,
}

impl MoveKind {
    /// Every kind, in the order moves are generated.
    pub const ALL: [MoveKind; 6] = [
        MoveKind::CollapseLevel,
        MoveKind::Merge,
        MoveKind::Bypass,
        MoveKind::RemoveChannel,
        MoveKind::Cadence,
        MoveKind::Attendance,
    ];

    /// The name `--allow` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::CollapseLevel => "collapse-level",
            MoveKind::Merge => "merge",
            MoveKind::Bypass => "bypass",
            MoveKind::RemoveChannel => "remove-channel",
            MoveKind::Cadence => "cadence",
            MoveKind::Attendance => "attendance",
        }
    }

    /// The kind with this name.
    pub fn parse(s: &str) -> Option<MoveKind> {
        MoveKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The constraint this kind of change bears on most, in words (for the
    /// rationale of a proposed design).
    pub fn constraint(self) -> &'static str {
        match self {
            MoveKind::CollapseLevel => {
                "the level limit, and the removal limit (fewer levels, fewer ways round)"
            }
            MoveKind::Merge => "the representation rule (the merged body keeps all three parties)",
            MoveKind::Bypass => "the meeting budget (each new channel adds sittings)",
            MoveKind::RemoveChannel => {
                "the removal limit (no single removal may cut off more enterprises)"
            }
            MoveKind::Cadence => "the meeting budget (sittings per year)",
            MoveKind::Attendance => "the representation rule (the seat is filled at sittings)",
        }
    }
}

/// One step of the search: changes that belong together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// What kind of change.
    pub kind: MoveKind,
    /// The changes, in the vocabulary of scenario files.
    pub changes: Vec<Change>,
    /// The move in words.
    pub summary: String,
}

/// What the search may touch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Space {
    /// The kinds of move allowed (empty: none).
    pub allow: Vec<MoveKind>,
    /// Actors kept as they are: never removed, merged, peeled off or given
    /// new attendance; their channels are kept.
    pub frozen_actors: BTreeSet<String>,
    /// Channels kept as they are (`from`, `to`, either direction), and
    /// their kind's cadence.
    pub frozen_channels: BTreeSet<(String, String)>,
    /// The most moves tried from one design; more are sampled (keyed by
    /// the seed and each move's words, so the same for any thread count).
    pub max_moves: usize,
}

impl Space {
    fn allows(&self, k: MoveKind) -> bool {
        self.allow.contains(&k)
    }

    fn frozen(&self, m: &Model, actor: usize) -> bool {
        self.frozen_actors.contains(m.actors[actor].id.as_str())
    }

    fn channel_frozen(&self, m: &Model, from: usize, to: usize) -> bool {
        let (a, b) = (
            m.actors[from].id.as_str().to_string(),
            m.actors[to].id.as_str().to_string(),
        );
        self.frozen(m, from)
            || self.frozen(m, to)
            || self.frozen_channels.contains(&(a.clone(), b.clone()))
            || self.frozen_channels.contains(&(b, a))
    }
}

/// Every move the space allows from design `m`, in a fixed order; at most
/// `space.max_moves`, a keyed sample by `seed` when there are more.
pub fn moves(m: &Model, space: &Space, seed: u64) -> Vec<Move> {
    let mut out = Vec::new();
    for kind in MoveKind::ALL.into_iter().filter(|&k| space.allows(k)) {
        match kind {
            MoveKind::CollapseLevel => collapse_moves(m, space, &mut out),
            MoveKind::Merge => merge_moves(m, space, &mut out),
            MoveKind::Bypass => bypass_moves(m, space, &mut out),
            MoveKind::RemoveChannel => remove_moves(m, space, &mut out),
            MoveKind::Cadence => cadence_moves(m, space, &mut out),
            MoveKind::Attendance => attendance_moves(m, space, &mut out),
        }
    }
    if out.len() > space.max_moves {
        let mut order: Vec<(u64, usize)> = out
            .iter()
            .enumerate()
            .map(|(i, mv)| (key(seed, str_key(&mv.summary)), i))
            .collect();
        order.sort_unstable();
        let mut keep: Vec<usize> = order[..space.max_moves].iter().map(|&(_, i)| i).collect();
        keep.sort_unstable();
        out = keep.into_iter().map(|i| out[i].clone()).collect();
    }
    out
}

fn id(m: &Model, a: usize) -> String {
    m.actors[a].id.as_str().to_string()
}

/// The levels strictly between the top and the deepest.
fn middle_levels(m: &Model) -> Vec<u32> {
    let (Some(top), Some(deep)) = (m.top_level(), m.deepest_level()) else {
        return Vec::new();
    };
    let levels: BTreeSet<u32> = m.actors.iter().filter_map(|a| a.level).collect();
    levels
        .into_iter()
        .filter(|&l| l > top && l < deep)
        .collect()
}

fn on_level(m: &Model, level: u32) -> Vec<usize> {
    (0..m.actors.len())
        .filter(|&a| m.actors[a].level == Some(level))
        .collect()
}

fn level_words(m: &Model, level: u32) -> String {
    m.level_name(level).map_or_else(
        || format!("level {level}"),
        |n| format!("level {level} ({n})"),
    )
}

fn collapse_moves(m: &Model, space: &Space, out: &mut Vec<Move>) {
    for level in middle_levels(m) {
        if on_level(m, level).iter().any(|&a| space.frozen(m, a)) {
            continue;
        }
        out.push(Move {
            kind: MoveKind::CollapseLevel,
            changes: vec![Change::CollapseLevel { level }],
            summary: format!("peel off {}", level_words(m, level)),
        });
    }
}

fn merge_moves(m: &Model, space: &Space, out: &mut Vec<Move>) {
    let levels: BTreeSet<u32> = m.actors.iter().filter_map(|a| a.level).collect();
    for level in levels {
        let bodies: Vec<usize> = on_level(m, level)
            .into_iter()
            .filter(|&a| m.actors[a].is_body() && !space.frozen(m, a))
            .collect();
        if bodies.len() > MAX_MERGE_BODIES_PER_LEVEL {
            continue;
        }
        for (i, &into) in bodies.iter().enumerate() {
            for &from in &bodies[i + 1..] {
                out.push(Move {
                    kind: MoveKind::Merge,
                    changes: vec![Change::Merge {
                        into: id(m, into),
                        from: id(m, from),
                    }],
                    summary: format!("merge {} into {}", id(m, from), id(m, into)),
                });
            }
        }
    }
}

/// The hubs a bypass may lead to: every body with a level, and every actor
/// alone on its level.
fn hubs(m: &Model) -> Vec<usize> {
    (0..m.actors.len())
        .filter(|&a| {
            let Some(level) = m.actors[a].level else {
                return false;
            };
            m.actors[a].is_body() || on_level(m, level).len() == 1
        })
        .collect()
}

/// The kind most of the channels into `hub` from deeper actors have (how
/// the hub is reported to), else `report`; ties to the first in name order.
fn reporting_kind(m: &Model, hub: usize) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let level = m.actors[hub].level;
    for c in &m.channels {
        let arcs = c.arcs().filter(|&(_, to)| to == hub);
        for (from, _) in arcs {
            if m.actors[from].level.zip(level).is_some_and(|(a, b)| a > b) {
                *counts
                    .entry(c.kind.as_deref().unwrap_or("report"))
                    .or_default() += 1;
            }
        }
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or_else(|| "report".to_string(), |(k, _)| (*k).to_string())
}

fn linked(m: &Model, a: usize, b: usize) -> bool {
    m.channels
        .iter()
        .any(|c| (c.from == a && c.to == b) || (c.from == b && c.to == a))
}

fn bypass_moves(m: &Model, space: &Space, out: &mut Vec<Move>) {
    let (Some(top), Some(deep)) = (m.top_level(), m.deepest_level()) else {
        return;
    };
    let hubs = hubs(m);
    for level in (top + 2)..=deep {
        let all = on_level(m, level);
        let bodies: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&a| m.actors[a].is_body())
            .collect();
        let mut sources = if bodies.is_empty() { all } else { bodies };
        sources.retain(|&a| !space.frozen(m, a));
        if sources.is_empty() || sources.len() > MAX_BYPASS_SOURCES {
            continue;
        }
        for &hub in &hubs {
            if m.actors[hub].level.is_none_or(|l| l + 2 > level) || space.frozen(m, hub) {
                continue;
            }
            let from: Vec<usize> = sources
                .iter()
                .copied()
                .filter(|&s| !linked(m, s, hub))
                .collect();
            if from.is_empty() {
                continue;
            }
            out.push(bypass(m, &from, hub, &reporting_kind(m, hub), level));
        }
    }
}

fn bypass(m: &Model, from: &[usize], hub: usize, kind: &str, level: u32) -> Move {
    let changes = from
        .iter()
        .map(|&s| Change::AddChannel {
            channel: RawChannel {
                from: id(m, s),
                to: id(m, hub),
                kind: Some(kind.to_string()),
                bidirectional: Some(true),
                evidence: Some("assumed".into()),
                source: Some("proposed by hviske advise".into()),
                ..RawChannel::default()
            },
        })
        .collect();
    let who = if from.len() == 1 {
        id(m, from[0])
    } else {
        format!(
            "each of the {} actors of {}",
            from.len(),
            level_words(m, level)
        )
    };
    Move {
        kind: MoveKind::Bypass,
        changes,
        summary: format!("a two-way {kind} channel from {who} to {}", id(m, hub)),
    }
}

fn remove_moves(m: &Model, space: &Space, out: &mut Vec<Move>) {
    let deep = m.deepest_level().unwrap_or(0);
    let low = |a: usize| m.actors[a].level.is_some_and(|l| l + 1 >= deep);
    for c in &m.channels {
        if low(c.from) || low(c.to) || space.channel_frozen(m, c.from, c.to) {
            continue;
        }
        let (a, b) = (id(m, c.from), id(m, c.to));
        let mut changes = vec![Change::RemoveChannel {
            from: a.clone(),
            to: b.clone(),
            kind: c.kind.clone(),
        }];
        if c.bidirectional {
            changes.push(Change::RemoveChannel {
                from: b.clone(),
                to: a.clone(),
                kind: c.kind.clone(),
            });
        }
        let arrow = if c.bidirectional { "<->" } else { "->" };
        let kind = c
            .kind
            .as_deref()
            .map(|k| format!(" ({k})"))
            .unwrap_or_default();
        out.push(Move {
            kind: MoveKind::RemoveChannel,
            changes,
            summary: format!("remove the channel {a} {arrow} {b}{kind}"),
        });
    }
}

fn cadence_moves(m: &Model, space: &Space, out: &mut Vec<Move>) {
    let frozen_kinds: BTreeSet<Option<&str>> = m
        .channels
        .iter()
        .filter(|c| {
            let (a, b) = (id(m, c.from), id(m, c.to));
            space.frozen_channels.contains(&(a.clone(), b.clone()))
                || space.frozen_channels.contains(&(b, a))
        })
        .map(|c| c.kind.as_deref())
        .collect();
    let kinds: BTreeSet<&str> = m
        .channels
        .iter()
        .filter_map(|c| c.kind.as_deref())
        .collect();
    for kind in kinds {
        if frozen_kinds.contains(&Some(kind)) {
            continue;
        }
        let now = m.kind_params(Some(kind)).every_days.get();
        for (factor, words) in [(0.5, "twice as often"), (2.0, "half as often")] {
            let to = (now * factor).clamp(CADENCE_DAYS.0, CADENCE_DAYS.1);
            if (to - now).abs() < 1e-9 {
                continue;
            }
            let Some(params) = one_param("every_days", to) else {
                continue;
            };
            out.push(Move {
                kind: MoveKind::Cadence,
                changes: vec![Change::SetKind {
                    kind: kind.to_string(),
                    params,
                }],
                summary: format!("{kind} channels sit {words}: every {to} days instead of {now}"),
            });
        }
    }
}

fn attendance_moves(m: &Model, space: &Space, out: &mut Vec<Move>) {
    for (a, actor) in m.actors.iter().enumerate() {
        let now = actor.attendance.get();
        if now >= FIXED_DEPUTIES_ATTENDANCE || space.frozen(m, a) {
            continue;
        }
        out.push(Move {
            kind: MoveKind::Attendance,
            changes: vec![Change::Attendance {
                actor: id(m, a),
                value: FIXED_DEPUTIES_ATTENDANCE,
            }],
            summary: format!(
                "fixed deputies for {}: attendance {now} -> {FIXED_DEPUTIES_ATTENDANCE}",
                id(m, a)
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> Model {
        crate::model::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/advise-bypass.json"
        ))
        .unwrap()
    }

    fn all() -> Space {
        Space {
            allow: MoveKind::ALL.to_vec(),
            max_moves: 1000,
            ..Space::default()
        }
    }

    #[test]
    fn only_allowed_kinds_are_generated() {
        let m = chain();
        let space = Space {
            allow: vec![MoveKind::Bypass],
            ..all()
        };
        let moves = moves(&m, &space, 1);
        assert!(!moves.is_empty());
        assert!(moves.iter().all(|mv| mv.kind == MoveKind::Bypass));
        // Bypasses skip at least one level: 3->1, 4->1, 4->2, 5->1, 5->2, 5->3.
        assert_eq!(moves.len(), 6);
    }

    #[test]
    fn a_frozen_actor_appears_in_no_change() {
        let m = chain();
        let mut space = all();
        space.frozen_actors.insert("l3".into());
        for mv in moves(&m, &space, 1) {
            let text = serde_json::to_string(&mv.changes).unwrap();
            assert!(!text.contains("\"l3\""), "{}: {text}", mv.summary);
            assert!(
                !matches!(mv.changes[0], Change::CollapseLevel { level: 3 }),
                "level 3 holds l3"
            );
        }
    }

    #[test]
    fn sampling_keeps_at_most_the_limit_and_depends_on_the_seed_only() {
        let m = chain();
        let space = Space {
            max_moves: 3,
            ..all()
        };
        let a = moves(&m, &space, 7);
        assert_eq!(a.len(), 3);
        assert_eq!(a, moves(&m, &space, 7));
    }
}
