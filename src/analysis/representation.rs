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
//!
//! An **advisory** body (`"advisory": true` in the model: an agency's
//! council of the social partners, which advises the agency rather than
//! seating all three parties) gets no flags: the side it lacks is not a gap.
//!
//! A body whose members belong to two or more **industries** (the actors'
//! `industry` field) is also assessed per industry: the members of that
//! industry together with the members of none (the agencies that serve
//! every industry), with the same flags, prefixed by the industry. A party
//! strong in one industry cannot hide a party absent in another.

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
    /// Human sentences naming each missing or under-weighted party, the
    /// body's own first, then per industry; empty when fine or advisory.
    pub flags: Vec<String>,
    /// The body is advisory (its flags are not counted as gaps).
    pub advisory: bool,
    /// Per industry, when the members belong to two or more (else empty).
    pub industries: Vec<IndustryRepresentation>,
}

/// Representation of the parties in a body for one industry's matters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndustryRepresentation {
    /// The industry.
    pub industry: String,
    /// Members counted: those of this industry and those of none.
    pub members: usize,
    /// Members by side, as [`BodyRepresentation::sides`].
    pub sides: Vec<SideCount>,
    /// Flags, as [`BodyRepresentation::flags`] (without the prefix).
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
            let (sides, mut flags) = assess(m, &members, &in_design, threshold);
            let industries = per_industry(m, &members, &in_design, threshold);
            for i in &industries {
                flags.extend(i.flags.iter().map(|f| format!("{}: {f}", i.industry)));
            }
            if body.advisory {
                flags.clear();
            }
            BodyRepresentation {
                body: body.id.to_string(),
                name: body.name.clone(),
                members: members.len(),
                sides,
                flags,
                advisory: body.advisory,
                industries,
            }
        })
        .collect()
}

/// Per industry named by two or more members: that industry's members and
/// the members of none, assessed as a body of their own.
fn per_industry(
    m: &Model,
    members: &[usize],
    in_design: &[Side],
    threshold: f64,
) -> Vec<IndustryRepresentation> {
    let mut industries: Vec<&str> = Vec::new();
    for &a in members {
        if let Some(i) = m.actors[a].industry.as_deref() {
            if !industries.contains(&i) {
                industries.push(i);
            }
        }
    }
    if industries.len() < 2 {
        return Vec::new();
    }
    industries
        .into_iter()
        .map(|industry| {
            let of: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&a| {
                    m.actors[a]
                        .industry
                        .as_deref()
                        .is_none_or(|i| i == industry)
                })
                .collect();
            let (sides, flags) = assess(m, &of, in_design, threshold);
            IndustryRepresentation {
                industry: industry.to_string(),
                members: of.len(),
                sides,
                flags,
            }
        })
        .collect()
}

/// The sides of `members` and the flags for the design's parties.
fn assess(
    m: &Model,
    members: &[usize],
    in_design: &[Side],
    threshold: f64,
) -> (Vec<SideCount>, Vec<String>) {
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
    for &s in in_design {
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
            let mut why =
                format!("{s} side under-weighted: {n} member(s), attendance-weighted {w:.2}");
            if let (Some(o), Some((_, ow))) = (other, outweighed) {
                why.push_str(&format!(" against {ow:.2} for the {o} side"));
            }
            flags.push(why);
        }
    }
    (sides, flags)
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

    #[test]
    fn an_advisory_body_lacking_a_party_is_not_a_gap() {
        let m = crate::model::parse_str(
            r#"{"format":1,"name":"t","actors":[
              {"id":"at","side":"government"},{"id":"nho","side":"employer"},
              {"id":"lo","side":"employee"},
              {"id":"council","members":["nho","lo"],"advisory":true},
              {"id":"board","members":["nho","lo"]}],"channels":[]}"#,
            "t.json",
        )
        .unwrap();
        let r = representation(&m, UNDER_WEIGHT);
        assert!(r[0].advisory && r[0].flags.is_empty(), "{:?}", r[0]);
        assert!(!r[1].advisory);
        assert_eq!(
            r[1].flags,
            ["no government member: the government side's chair is empty"]
        );
    }

    #[test]
    fn a_body_of_two_industries_is_also_assessed_per_industry() {
        let m = crate::model::parse_str(
            r#"{"format":1,"name":"t","actors":[
              {"id":"at","side":"government"},
              {"id":"nho","side":"employer","industry":"meat"},
              {"id":"nnn","side":"employee","industry":"meat","attendance":0.4},
              {"id":"ks","side":"employer","industry":"care"},
              {"id":"nsf","side":"employee","industry":"care"},
              {"id":"fag","side":"employee","industry":"care"},
              {"id":"council","members":["at","nho","nnn","ks","nsf","fag"]}],"channels":[]}"#,
            "t.json",
        )
        .unwrap();
        let r = &representation(&m, UNDER_WEIGHT)[0];
        // As a whole the employee side is fine (2.4 against 2.0) ...
        assert_eq!(r.industries.len(), 2);
        assert_eq!(r.industries[0].industry, "meat");
        assert_eq!(r.industries[0].members, 3, "at counts for every industry");
        // ... but not on the meat side, where NNN's absences leave it outweighed.
        assert_eq!(
            r.flags,
            ["meat: employee side under-weighted: 1 member(s), attendance-weighted 0.40 against 1.00 for the employer side"]
        );
        assert!(r.industries[1].flags.is_empty());
    }
}
