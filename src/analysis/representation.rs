//! Are the three parties at the table? Members of every body by side, plain
//! and weighted by attendance, and flags for empty chairs.
//!
//! A member that is itself a body (the IA coordination group "contains" the
//! steering group) is counted through its own members, recursively; each
//! actor is counted once per body. An actor's weight is its `attendance`:
//! the expected number of its seats that are filled at a sitting.
//!
//! Flags, for each of the three parties (government, employer, employee)
//! that some actor of the design belongs to:
//! - **missing**: the body has no member of that side;
//! - **under-weighted**: its attendance-weighted count is below `threshold`
//!   times its plain count (its members are expected at fewer than that share
//!   of sittings), or, for the two social partners (employer, employee),
//!   below `threshold` times the other partner's weighted count. The default
//!   threshold is [`UNDER_WEIGHT`] = 0.5.

use crate::model::{Model, Side};
use serde::Serialize;

/// Default threshold for an under-weighted side (see the module docs).
pub const UNDER_WEIGHT: f64 = 0.5;

/// Members of one side in a body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideCount {
    /// The side (`government`, `employer`, `employee`, `enterprise`,
    /// `neutral`, or `none` for members without one).
    pub side: String,
    /// Members of this side.
    pub members: usize,
    /// The sum of their attendance.
    pub weighted: f64,
}

/// Representation in one body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyRepresentation {
    /// The body's actor id.
    pub body: String,
    /// Its display name.
    pub name: String,
    /// Members counted (nested bodies expanded).
    pub members: usize,
    /// Members by side: always the three parties first (possibly zero), then
    /// any other side present, in [`Side::ALL`] order, then `none`.
    pub sides: Vec<SideCount>,
    /// Human sentences naming each missing or under-weighted party; empty when fine.
    pub flags: Vec<String>,
}

/// The members of body `b`, nested bodies expanded, each once, in first-met order.
fn expand(m: &Model, b: usize) -> Vec<usize> {
    let mut seen = vec![false; m.actors.len()];
    seen[b] = true;
    let mut out = Vec::new();
    let mut stack: Vec<usize> = m.actors[b].members.iter().rev().copied().collect();
    while let Some(a) = stack.pop() {
        if std::mem::replace(&mut seen[a], true) {
            continue;
        }
        if m.actors[a].is_body() {
            stack.extend(m.actors[a].members.iter().rev());
        } else {
            out.push(a);
        }
    }
    out
}

/// Representation of the three parties in every body of the model, in model order.
///
/// Complexity: O(Σ members) over all bodies, nested bodies counted each time.
pub fn representation(m: &Model, threshold: f64) -> Vec<BodyRepresentation> {
    let in_design: Vec<Side> = Side::PARTIES
        .into_iter()
        .filter(|s| m.actors.iter().any(|a| a.side == Some(*s)))
        .collect();
    m.actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_body())
        .map(|(b, body)| {
            let members = expand(m, b);
            let count = |side: Option<Side>| {
                let of: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&a| m.actors[a].side == side)
                    .collect();
                let weighted = of
                    .iter()
                    .fold(0.0, |w, &a| w + m.actors[a].attendance.get());
                (of.len(), weighted)
            };
            let mut sides = Vec::new();
            for side in Side::ALL.into_iter().map(Some).chain([None]) {
                let (n, w) = count(side);
                let party = side.is_some_and(|s| Side::PARTIES.contains(&s));
                if n > 0 || party {
                    sides.push(SideCount {
                        side: side.map_or("none", Side::as_str).to_string(),
                        members: n,
                        weighted: w,
                    });
                }
            }
            let get = |s: Side| count(Some(s));
            let mut flags = Vec::new();
            for &s in &in_design {
                let (n, w) = get(s);
                if n == 0 {
                    flags.push(format!("no {s} member: the {s} side's chair is empty"));
                    continue;
                }
                let other = match s {
                    Side::Employer => Some(Side::Employee),
                    Side::Employee => Some(Side::Employer),
                    _ => None,
                };
                let low_attendance = w < threshold * n as f64;
                let outweighed = other
                    .map(get)
                    .filter(|&(on, ow)| on > 0 && w < threshold * ow);
                if low_attendance || outweighed.is_some() {
                    let mut why = format!(
                        "{s} side under-weighted: {n} member(s), attendance-weighted {w:.2}"
                    );
                    if let (Some(o), Some((_, ow))) = (other, outweighed) {
                        why.push_str(&format!(" against {ow:.2} for the {o} side"));
                    }
                    flags.push(why);
                }
            }
            BodyRepresentation {
                body: body.id.to_string(),
                name: body.name.clone(),
                members: members.len(),
                sides,
                flags,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(nnn_attendance: f64) -> Model {
        crate::model::parse_str(
            &format!(
                r#"{{"format":1,"name":"t","actors":[
                  {{"id":"at","side":"government"}},{{"id":"nho","side":"employer"}},
                  {{"id":"nnn","side":"employee","attendance":{nnn_attendance}}},
                  {{"id":"wg","members":["at","nho","nnn"]}},
                  {{"id":"board","members":["at","nho"]}},
                  {{"id":"outer","members":["wg"]}}],"channels":[]}}"#
            ),
            "t.json",
        )
        .unwrap()
    }

    #[test]
    fn an_absent_party_is_flagged_as_missing() {
        let r = representation(&model(1.0), UNDER_WEIGHT);
        assert!(r[0].flags.is_empty(), "{:?}", r[0].flags);
        assert_eq!(r[1].body, "board");
        assert_eq!(r[1].flags.len(), 1);
        assert!(r[1].flags[0].contains("no employee member"));
    }

    #[test]
    fn a_rarely_present_party_is_flagged_as_under_weighted() {
        let r = representation(&model(0.4), UNDER_WEIGHT);
        assert_eq!(r[0].flags.len(), 1, "{:?}", r[0].flags);
        assert!(r[0].flags[0].starts_with("employee side under-weighted"));
        let employee = r[0].sides.iter().find(|s| s.side == "employee").unwrap();
        assert_eq!((employee.members, employee.weighted), (1, 0.4));
    }

    #[test]
    fn nested_bodies_count_through_their_members() {
        let r = representation(&model(1.0), UNDER_WEIGHT);
        assert_eq!(r[2].body, "outer");
        assert_eq!(r[2].members, 3);
        assert!(r[2].flags.is_empty());
    }
}
