//! What each change does to the raw model (before it is validated again).

use super::{Change, ChangeProblem};
use crate::model::near_match;
use crate::model::raw::{RawChannel, RawModel, RawParams, RawVacancy};
use std::collections::{BTreeMap, BTreeSet};

fn unknown(raw: &RawModel, id: &str) -> ChangeProblem {
    ChangeProblem::UnknownActor {
        id: id.to_string(),
        near: near_match(id, raw.actors.iter().map(|a| a.id.as_str())).map(str::to_string),
    }
}

fn position(raw: &RawModel, id: &str) -> Result<usize, ChangeProblem> {
    raw.actors
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| unknown(raw, id))
}

fn set_params(target: &mut RawParams, p: &RawParams) {
    target.fidelity = p.fidelity.or(target.fidelity);
    target.distortion = p.distortion.or(target.distortion);
    target.latency_days = p.latency_days.or(target.latency_days);
    target.every_days = p.every_days.or(target.every_days);
}

/// Drops a channel's own values for the parameters `p` sets.
fn clear_own(c: &mut RawChannel, p: &RawParams) {
    if p.fidelity.is_some() {
        c.fidelity = None;
    }
    if p.distortion.is_some() {
        c.distortion = None;
    }
    if p.latency_days.is_some() {
        c.latency_days = None;
    }
    if p.every_days.is_some() {
        c.every_days = None;
    }
}

/// Removes actor `id` with its channels and memberships.
fn remove_actor(raw: &mut RawModel, id: &str) {
    raw.actors.retain(|a| a.id != id);
    for a in &mut raw.actors {
        a.members.retain(|m| m != id);
    }
    raw.channels.retain(|c| c.from != id && c.to != id);
}

/// One directed arc of a raw channel list: (from, to, channel index).
fn arcs(raw: &RawModel) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for (i, c) in raw.channels.iter().enumerate() {
        out.push((c.from.clone(), c.to.clone(), i));
        if c.bidirectional == Some(true) {
            out.push((c.to.clone(), c.from.clone(), i));
        }
    }
    out
}

/// Adds `c` unless the model already carries `from -> to` of its kind.
fn add_if_new(raw: &mut RawModel, c: RawChannel) {
    let exists = arcs(raw)
        .iter()
        .any(|(f, t, i)| *f == c.from && *t == c.to && raw.channels[*i].kind == c.kind);
    if !exists && c.from != c.to {
        raw.channels.push(c);
    }
}

/// A `set-kind` or `set-all` must set at least one parameter.
fn sets_something(p: &RawParams) -> Result<(), ChangeProblem> {
    if *p == RawParams::default() {
        return Err(ChangeProblem::SetsNothing);
    }
    Ok(())
}

pub(super) fn apply_raw(raw: &mut RawModel, change: &Change) -> Result<(), ChangeProblem> {
    match change {
        Change::RemoveActor { actor } => {
            position(raw, actor)?;
            remove_actor(raw, actor);
        }
        Change::Vacancy {
            actor,
            from_day,
            to_day,
        } => {
            let i = position(raw, actor)?;
            raw.actors[i].vacancies.push(RawVacancy {
                from_day: *from_day,
                to_day: *to_day,
            });
        }
        Change::Attendance { actor, value } => {
            let i = position(raw, actor)?;
            raw.actors[i].attendance = Some(*value);
        }
        Change::AddActor { actor } => {
            if raw.actors.iter().any(|a| a.id == actor.id) {
                return Err(ChangeProblem::ActorExists(actor.id.clone()));
            }
            raw.actors.push(actor.clone());
        }
        Change::AddChannel { channel } => {
            position(raw, &channel.from)?;
            position(raw, &channel.to)?;
            raw.channels.push(channel.clone());
        }
        Change::RemoveChannel { from, to, kind } => remove_channel(raw, from, to, kind)?,
        Change::SetKind { kind, params } => set_kind(raw, kind, params)?,
        Change::SetAll { params } => {
            sets_something(params)?;
            set_params(raw.defaults.get_or_insert_with(RawParams::default), params);
            for p in raw.kinds.values_mut() {
                set_params(p, params);
            }
            for c in &mut raw.channels {
                clear_own(c, params);
            }
        }
        Change::CollapseLevel { level } => collapse_level(raw, *level)?,
        Change::Merge { into, from } => merge(raw, into, from)?,
    }
    Ok(())
}

/// `remove-channel`: see [`Change::RemoveChannel`].
fn remove_channel(
    raw: &mut RawModel,
    from: &str,
    to: &str,
    kind: &Option<String>,
) -> Result<(), ChangeProblem> {
    position(raw, from)?;
    position(raw, to)?;
    let matches = |c: &RawChannel| kind.is_none() || c.kind == *kind;
    let before = raw.channels.len();
    let mut touched = false;
    raw.channels.retain(|c| {
        !(c.from == *from && c.to == *to && matches(c) && c.bidirectional != Some(true))
    });
    for c in &mut raw.channels {
        if c.bidirectional == Some(true) && matches(c) {
            if c.from == *from && c.to == *to {
                // Keep the other direction only.
                std::mem::swap(&mut c.from, &mut c.to);
                c.bidirectional = None;
                touched = true;
            } else if c.from == *to && c.to == *from {
                c.bidirectional = None;
                touched = true;
            }
        }
    }
    if raw.channels.len() == before && !touched {
        return Err(ChangeProblem::NoChannel {
            from: from.to_string(),
            to: to.to_string(),
        });
    }
    let linked = raw
        .channels
        .iter()
        .any(|c| (c.from == *from && c.to == *to) || (c.from == *to && c.to == *from));
    if !linked {
        for (body, member) in [(from, to), (to, from)] {
            if let Some(b) = raw.actors.iter_mut().find(|a| a.id == *body) {
                b.members.retain(|m| m != member);
            }
        }
    }
    Ok(())
}

/// `set-kind`: see [`Change::SetKind`].
fn set_kind(raw: &mut RawModel, kind: &str, params: &RawParams) -> Result<(), ChangeProblem> {
    sets_something(params)?;
    if !raw.kinds.contains_key(kind)
        && !raw.channels.iter().any(|c| c.kind.as_deref() == Some(kind))
    {
        let kinds: BTreeSet<&str> = raw
            .channels
            .iter()
            .filter_map(|c| c.kind.as_deref())
            .chain(raw.kinds.keys().map(String::as_str))
            .collect();
        return Err(ChangeProblem::UnknownKind {
            kind: kind.to_string(),
            kinds: kinds.into_iter().map(str::to_string).collect(),
        });
    }
    set_params(raw.kinds.entry(kind.to_string()).or_default(), params);
    for c in raw
        .channels
        .iter_mut()
        .filter(|c| c.kind.as_deref() == Some(kind))
    {
        clear_own(c, params);
    }
    Ok(())
}

/// `merge`: see [`Change::Merge`].
fn merge(raw: &mut RawModel, into: &str, from: &str) -> Result<(), ChangeProblem> {
    position(raw, into)?;
    position(raw, from)?;
    if into == from {
        return Err(ChangeProblem::MergeIntoItself);
    }
    let moved_members = raw.actors[position(raw, from)?].members.clone();
    let channels = std::mem::take(&mut raw.channels);
    remove_actor(raw, from);
    let target = position(raw, into)?;
    for m in moved_members {
        if m != into && !raw.actors[target].members.contains(&m) {
            raw.actors[target].members.push(m);
        }
    }
    for a in &mut raw.actors {
        if a.id != into && a.members.iter().any(|m| m == from) {
            a.members.retain(|m| m != from);
            if !a.members.iter().any(|m| m == into) {
                a.members.push(into.to_string());
            }
        }
    }
    for mut c in channels {
        for end in [&mut c.from, &mut c.to] {
            if end == from {
                *end = into.to_string();
            }
        }
        add_if_new(raw, c);
    }
    Ok(())
}

/// The most channels one `collapse-level` may create: peeling off the hub
/// of a star of n spokes joins every spoke to every other (n² channels).
pub const MAX_JOINED_CHANNELS: usize = 100_000;

/// See [`Change::CollapseLevel`]. Each actor's exits (the actors kept that
/// it reaches through removed ones) are found once, so the work is about
/// the arcs read plus the channels created.
fn collapse_level(raw: &mut RawModel, level: u32) -> Result<(), ChangeProblem> {
    let level = i64::from(level);
    let index: BTreeMap<&str, usize> = raw
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let gone: Vec<bool> = raw.actors.iter().map(|a| a.level == Some(level)).collect();
    if !gone.contains(&true) {
        return Err(ChangeProblem::NoActorAtLevel(level));
    }
    let in_chain: Vec<bool> = raw.actors.iter().map(|a| a.level.is_some()).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); raw.actors.len()];
    let mut arcs_in = Vec::new();
    let mut existing = BTreeSet::new();
    for (from, to, c) in arcs(raw) {
        let (Some(&u), Some(&v)) = (index.get(from.as_str()), index.get(to.as_str())) else {
            continue;
        };
        out[u].push(v);
        let kind = raw.channels[c].kind.clone();
        if !gone[u] && gone[v] && in_chain[u] {
            arcs_in.push((u, v, kind.clone()));
        }
        existing.insert((u, v, kind));
    }
    let mut exits: Vec<Option<Vec<usize>>> = vec![None; raw.actors.len()];
    let mut joined = Vec::new();
    for (u, x, kind) in arcs_in {
        let through = exits[x].get_or_insert_with(|| exits_of(x, &out, &gone, &in_chain));
        for &v in through.iter().filter(|&&v| v != u) {
            if !existing.insert((u, v, kind.clone())) {
                continue;
            }
            if joined.len() == MAX_JOINED_CHANNELS {
                return Err(ChangeProblem::TooManyJoined {
                    level,
                    max: MAX_JOINED_CHANNELS,
                });
            }
            // The kind's parameters: the removed actor's own cadence and
            // fidelity overrides described that actor, not the new link.
            joined.push(RawChannel {
                from: raw.actors[u].id.clone(),
                to: raw.actors[v].id.clone(),
                kind: kind.clone(),
                source: Some(format!("joined through level {level}")),
                ..RawChannel::default()
            });
        }
    }
    remove_actors(raw, &gone);
    raw.channels.extend(joined);
    for a in &mut raw.actors {
        if let Some(l) = a.level.filter(|&l| l > level) {
            a.level = Some(l - 1);
        }
    }
    raw.levels.retain(|l| l.level != level);
    for l in &mut raw.levels {
        if l.level > level {
            l.level -= 1;
        }
    }
    Ok(())
}

/// The kept actors on a level that `x` reaches through removed actors only.
fn exits_of(x: usize, out: &[Vec<usize>], gone: &[bool], in_chain: &[bool]) -> Vec<usize> {
    let mut seen = BTreeSet::from([x]);
    let mut found = BTreeSet::new();
    let mut frontier = vec![x];
    while let Some(y) = frontier.pop() {
        for &v in &out[y] {
            if gone[v] {
                if seen.insert(v) {
                    frontier.push(v);
                }
            } else if in_chain[v] {
                found.insert(v);
            }
        }
    }
    found.into_iter().collect()
}

/// Removes every actor marked in `gone`, with its channels and memberships,
/// in one pass.
fn remove_actors(raw: &mut RawModel, gone: &[bool]) {
    let ids: BTreeSet<String> = raw
        .actors
        .iter()
        .zip(gone)
        .filter(|(_, &g)| g)
        .map(|(a, _)| a.id.clone())
        .collect();
    raw.actors.retain(|a| !ids.contains(&a.id));
    for a in &mut raw.actors {
        a.members.retain(|m| !ids.contains(m));
    }
    raw.channels
        .retain(|c| !ids.contains(&c.from) && !ids.contains(&c.to));
}
