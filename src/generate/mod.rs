//! Synthetic organisations in model format 1, for testing and benchmarking
//! at scale (issue 13): a government hierarchy of `span` units per unit and
//! `depth` levels below the top, enterprises at its bottom with their
//! employees, employer organisations and unions, tripartite bodies whose
//! members come from the three sides, and a share of lateral and skip-level
//! channels.
//!
//! The shape, level by level:
//!
//! - level 1: `ministry` (government);
//! - levels 2 to `depth - 1`: `agency…` then `unit…` (government), `span`
//!   under each; each reports up (`report`) and is instructed down
//!   (`instruction`);
//! - level `depth`: `ent…`, the enterprises (`span` under each unit of the
//!   level above; under the ministry when `depth` is 2), with the same two
//!   channels to their parent;
//! - level `depth + 1`: `emp…`, `employees` per enterprise, joined to it both
//!   ways (`workplace`);
//! - `employers…` and `union…` (no level), `span` of each; every enterprise
//!   liaises with one employer organisation and its first employee with one
//!   union (`liaison`, both ways);
//! - `council1`, the national tripartite council (level 1), with the
//!   ministry, every employer organisation and every union as members; each
//!   unit of levels 2 to `depth - 1` gets, with probability `bodies`, its own
//!   council (its level) of itself, one employer organisation and one union
//!   (`meeting`, both ways, member and body);
//! - with probability `lateral`, an actor below the top gets a `lateral`
//!   channel (both ways) to another actor of its level; with probability
//!   `skip`, an actor at level 3 or below reports (`report`) straight to the
//!   unit two levels up.
//!
//! Every channel states its own `fidelity`, drawn uniformly from its kind's
//! `ranges` entry (rounded to 0.001); its other parameters are its kind's.
//! All draws come from one generator seeded with `seed`, in file order, so
//! the same shape and seed give the same bytes.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use std::collections::HashSet;
use std::io::{self, Write};

/// The most actors a generated organisation may have (the hierarchy,
/// parties and every possible body counted): 2,000,000.
pub const MAX_ACTORS: u64 = 2_000_000;
/// The deepest hierarchy: 20 levels below the top.
pub const MAX_DEPTH: u32 = 20;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Units (or enterprises) under each unit, ≥ 1.
    pub span: u32,
    /// Levels below the top, ≥ 2: the last two are enterprises and employees.
    pub depth: u32,
    /// Employees per enterprise, ≥ 1.
    pub employees: u32,
    /// Share in [0, 1] of actors below the top with a lateral channel.
    pub lateral: f64,
    /// Share in [0, 1] of actors at level 3 or below that also report two
    /// levels up.
    pub skip: f64,
    /// Share in [0, 1] of units (levels 2 to `depth - 1`) with a tripartite
    /// council.
    pub bodies: f64,
    /// Every kind's distortion 0 (and its range [0, 0]): facts are lost,
    /// never altered, so simulations take the bit-parallel path.
    pub loss_only: bool,
    /// Seed of every draw.
    pub seed: u64,
}

/// The named shapes (`--preset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// About 1,000 actors: 10 units of 10 enterprises of 10 employees.
    Small,
    /// About 4,000 actors, shaped like a municipality: 8 sectors of 8
    /// institutions (schools, care homes) of 60 employees.
    Municipality,
    /// About 150,000 actors: five levels of span 10, 14 employees per
    /// enterprise.
    Agency,
    /// About 1.1 million actors: six levels of span 10, 10 employees per
    /// enterprise (1,111,111 in the hierarchy).
    National,
}

impl Preset {
    /// Every preset, smallest first.
    pub const ALL: [Preset; 4] = [
        Preset::Small,
        Preset::Municipality,
        Preset::Agency,
        Preset::National,
    ];

    /// The preset's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Small => "small",
            Preset::Municipality => "municipality",
            Preset::Agency => "agency",
            Preset::National => "national",
        }
    }

    /// The preset's shape, with 5% lateral channels, 1% skip-level reports
    /// and councils in 10% of the units.
    pub fn shape(self, seed: u64) -> Shape {
        let (span, depth, employees) = match self {
            Preset::Small => (10, 3, 10),
            Preset::Municipality => (8, 3, 60),
            Preset::Agency => (10, 5, 14),
            Preset::National => (10, 6, 10),
        };
        Shape {
            span,
            depth,
            employees,
            lateral: 0.05,
            skip: 0.01,
            bodies: 0.1,
            loss_only: false,
            seed,
        }
    }
}

/// "up to 2,400,000 actors", or "more than 10^15 actors" for a shape whose
/// count overflows (no 20-digit numbers in a message).
fn actor_words(actors: u64) -> String {
    if actors >= 1_000_000_000_000_000 {
        "more than 10^15 actors".into()
    } else {
        format!("up to {actors} actors")
    }
}

/// A shape that cannot be generated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenerateError {
    /// A count or share outside its domain.
    #[error("{0}")]
    Invalid(String),
    /// More actors than [`MAX_ACTORS`].
    #[error("this shape has {}, more than the limit of {MAX_ACTORS}", actor_words(*.actors))]
    TooLarge {
        /// The shape's actor count (at most).
        actors: u64,
    },
}

impl Shape {
    /// Actors in the hierarchy per level, top first (ministry, units,
    /// enterprises, employees).
    pub fn level_sizes(&self) -> Vec<u64> {
        let mut sizes = vec![1u64];
        for _ in 1..self.depth {
            let next = sizes
                .last()
                .unwrap_or(&1)
                .saturating_mul(u64::from(self.span));
            sizes.push(next);
        }
        let enterprises = *sizes.last().unwrap_or(&1);
        sizes.push(enterprises.saturating_mul(u64::from(self.employees)));
        sizes
    }

    /// The most actors this shape can have: the hierarchy, the parties and
    /// a council for every unit.
    pub fn max_actors(&self) -> u64 {
        let sizes = self.level_sizes();
        let sum = |s: &[u64]| s.iter().fold(0u64, |a, &b| a.saturating_add(b));
        let hierarchy = sum(&sizes);
        let units = sum(&sizes[1..sizes.len().saturating_sub(2).max(1)]);
        hierarchy
            .saturating_add(2 * u64::from(self.span))
            .saturating_add(units)
            .saturating_add(1)
    }

    /// Checks every count and share, and the size limit.
    pub fn check(&self) -> Result<(), GenerateError> {
        let bad = |m: String| Err(GenerateError::Invalid(m));
        if self.span == 0 || self.employees == 0 {
            return bad("span and employees must be at least 1".into());
        }
        if !(2..=MAX_DEPTH).contains(&self.depth) {
            return bad(format!("depth must be 2 to {MAX_DEPTH}"));
        }
        for (name, share) in [
            ("lateral", self.lateral),
            ("skip", self.skip),
            ("bodies", self.bodies),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return bad(format!("{name} must be a share in [0, 1], not {share}"));
            }
        }
        let actors = self.max_actors();
        if actors > MAX_ACTORS {
            return Err(GenerateError::TooLarge { actors });
        }
        Ok(())
    }
}

/// What an actor is; it gives the actor's id prefix, side and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ministry,
    Agency,
    Unit,
    Enterprise,
    Employee,
    Employers,
    Union,
    Council,
}

impl Role {
    /// Id prefix, side and kind.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Role::Ministry => ("ministry", "government", "ministry"),
            Role::Agency => ("agency", "government", "agency"),
            Role::Unit => ("unit", "government", "unit"),
            Role::Enterprise => ("ent", "enterprise", "enterprise"),
            Role::Employee => ("emp", "enterprise", "person"),
            Role::Employers => ("employers", "employer", "employer_organisation"),
            Role::Union => ("union", "employee", "union"),
            Role::Council => ("council", "neutral", "body"),
        }
    }
}

/// A kind's name, its four parameters (fidelity, distortion, latency,
/// cadence) and their ranges.
type KindTable = (&'static str, [f64; 4], [[f64; 2]; 4]);

/// The channel kinds used, with their parameters and ranges (those of the
/// shipped designs, plus `lateral`).
const KINDS: [KindTable; 6] = [
    (
        "report",
        [0.75, 0.1, 7.0, 30.0],
        [[0.5, 0.9], [0.02, 0.3], [1.0, 30.0], [14.0, 90.0]],
    ),
    (
        "instruction",
        [0.85, 0.05, 7.0, 30.0],
        [[0.6, 0.97], [0.0, 0.2], [1.0, 30.0], [14.0, 90.0]],
    ),
    (
        "meeting",
        [0.85, 0.05, 3.0, 30.0],
        [[0.6, 0.97], [0.0, 0.2], [1.0, 14.0], [14.0, 90.0]],
    ),
    (
        "workplace",
        [0.85, 0.05, 3.0, 14.0],
        [[0.6, 0.97], [0.0, 0.2], [1.0, 14.0], [7.0, 30.0]],
    ),
    (
        "liaison",
        [0.8, 0.05, 7.0, 60.0],
        [[0.6, 0.95], [0.0, 0.2], [1.0, 30.0], [30.0, 120.0]],
    ),
    (
        "lateral",
        [0.8, 0.1, 7.0, 30.0],
        [[0.6, 0.95], [0.0, 0.2], [1.0, 30.0], [14.0, 90.0]],
    ),
];

/// Index into [`KINDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Report = 0,
    Instruction = 1,
    Meeting = 2,
    Workplace = 3,
    Liaison = 4,
    Lateral = 5,
}

#[derive(Debug, Clone)]
struct Actor {
    role: Role,
    /// 1-based number among the actors of its role.
    number: u32,
    level: Option<u32>,
    members: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Channel {
    from: u32,
    to: u32,
    kind: Kind,
    /// Fidelity in thousandths.
    fidelity: u16,
    bidirectional: bool,
}

/// A generated organisation, written out by [`Organisation::write_json`].
#[derive(Debug, Clone)]
pub struct Organisation {
    shape: Shape,
    actors: Vec<Actor>,
    channels: Vec<Channel>,
}

/// Builds the organisation as it is drawn.
struct Builder {
    rng: Pcg64,
    actors: Vec<Actor>,
    channels: Vec<Channel>,
    counts: [u32; 8],
}

impl Builder {
    fn actor(&mut self, role: Role, level: Option<u32>) -> u32 {
        let slot = &mut self.counts[role as usize];
        *slot += 1;
        self.actors.push(Actor {
            role,
            number: *slot,
            level,
            members: Vec::new(),
        });
        (self.actors.len() - 1) as u32
    }

    fn channel(&mut self, from: u32, to: u32, kind: Kind, bidirectional: bool) {
        let [low, high] = KINDS[kind as usize].2[0];
        let fidelity = self.rng.random_range(low..=high);
        self.channels.push(Channel {
            from,
            to,
            kind,
            fidelity: (fidelity * 1000.0).round() as u16,
            bidirectional,
        });
    }

    fn pick(&mut self, among: &[u32]) -> u32 {
        among[self.rng.random_range(0..among.len())]
    }
}

/// Generates the organisation `shape` describes; `progress(done, total)`
/// is called as levels are drawn.
pub fn generate(shape: &Shape, progress: &dyn Fn(u64, u64)) -> Result<Organisation, GenerateError> {
    shape.check()?;
    let mut b = Builder {
        rng: Pcg64::seed_from_u64(shape.seed),
        actors: Vec::with_capacity(shape.max_actors() as usize),
        channels: Vec::new(),
        counts: [0; 8],
    };
    let levels = hierarchy(&mut b, shape, progress);
    parties(&mut b, shape, &levels);
    shortcuts(&mut b, shape, &levels);
    progress(1, 1);
    Ok(Organisation {
        shape: *shape,
        actors: b.actors,
        channels: b.channels,
    })
}

/// The ministry, units, enterprises and employees, level by level, with
/// their line channels; returns the actors of each level, top first.
fn hierarchy(b: &mut Builder, shape: &Shape, progress: &dyn Fn(u64, u64)) -> Vec<Vec<u32>> {
    let total = shape.level_sizes().iter().sum::<u64>();
    let mut levels = vec![vec![b.actor(Role::Ministry, Some(1))]];
    for depth in 1..=shape.depth {
        let level = depth + 1;
        let (role, per_parent) = if depth == shape.depth {
            (Role::Employee, shape.employees)
        } else if depth + 1 == shape.depth {
            (Role::Enterprise, shape.span)
        } else if depth == 1 {
            (Role::Agency, shape.span)
        } else {
            (Role::Unit, shape.span)
        };
        let mut here = Vec::new();
        for &parent in &levels[levels.len() - 1] {
            for _ in 0..per_parent {
                let child = b.actor(role, Some(level));
                here.push(child);
                if role == Role::Employee {
                    b.channel(child, parent, Kind::Workplace, true);
                } else {
                    b.channel(child, parent, Kind::Report, false);
                    b.channel(parent, child, Kind::Instruction, false);
                }
            }
        }
        levels.push(here);
        progress(b.actors.len() as u64, total);
    }
    levels
}

/// Employer organisations and unions, their liaisons with the enterprises,
/// and the tripartite councils.
fn parties(b: &mut Builder, shape: &Shape, levels: &[Vec<u32>]) {
    let employers: Vec<u32> = (0..shape.span)
        .map(|_| b.actor(Role::Employers, None))
        .collect();
    let unions: Vec<u32> = (0..shape.span)
        .map(|_| b.actor(Role::Union, None))
        .collect();
    let enterprises = &levels[levels.len() - 2];
    let employees = &levels[levels.len() - 1];
    let per = shape.employees as usize;
    for (i, &enterprise) in enterprises.iter().enumerate() {
        let org = b.pick(&employers);
        b.channel(enterprise, org, Kind::Liaison, true);
        let union = b.pick(&unions);
        b.channel(employees[i * per], union, Kind::Liaison, true);
    }
    let council = b.actor(Role::Council, Some(1));
    let mut members = vec![levels[0][0]];
    members.extend(&employers);
    members.extend(&unions);
    body(b, council, members);
    let units: Vec<u32> = levels[1..levels.len() - 2]
        .iter()
        .flatten()
        .copied()
        .collect();
    for unit in units {
        if b.rng.random_bool(shape.bodies) {
            let level = b.actors[unit as usize].level;
            let council = b.actor(Role::Council, level);
            let members = vec![unit, b.pick(&employers), b.pick(&unions)];
            body(b, council, members);
        }
    }
}

/// Makes `council` a body of `members`, each joined to it both ways.
fn body(b: &mut Builder, council: u32, members: Vec<u32>) {
    for &m in &members {
        b.channel(m, council, Kind::Meeting, true);
    }
    b.actors[council as usize].members = members;
}

/// A share as a percentage, to 0.1%.
fn percent(share: f64) -> String {
    format!("{}%", (share * 1000.0).round() / 10.0)
}

/// Lateral channels within a level and skip-level reports.
fn shortcuts(b: &mut Builder, shape: &Shape, levels: &[Vec<u32>]) {
    let mut joined = HashSet::new();
    for level in &levels[1..] {
        if level.len() < 2 {
            continue;
        }
        for &a in level {
            if !b.rng.random_bool(shape.lateral) {
                continue;
            }
            let other = b.pick(level);
            let pair = (a.min(other), a.max(other));
            if other != a && joined.insert(pair) {
                b.channel(a, other, Kind::Lateral, true);
            }
        }
    }
    for depth in 2..levels.len() {
        let per_parent = |d: usize| {
            if d + 1 == levels.len() {
                shape.employees as usize
            } else {
                shape.span as usize
            }
        };
        for (i, &a) in levels[depth].iter().enumerate() {
            if b.rng.random_bool(shape.skip) {
                let parent = i / per_parent(depth);
                let grandparent = levels[depth - 2][parent / per_parent(depth - 1)];
                b.channel(a, grandparent, Kind::Report, false);
            }
        }
    }
}

impl Organisation {
    /// Number of actors.
    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// Number of channels.
    pub fn channel_count(&self) -> usize {
        self.channels.len()
    }

    /// Number of directed arcs (a two-way channel counts twice).
    pub fn arc_count(&self) -> usize {
        self.channels.len() + self.channels.iter().filter(|c| c.bidirectional).count()
    }

    fn id(&self, i: u32) -> String {
        let a = &self.actors[i as usize];
        match a.role {
            Role::Ministry => "ministry".to_string(),
            role => format!("{}{}", role.words().0, a.number),
        }
    }

    /// Writes the model file (format 1): a header, then one actor and one
    /// channel per line. `progress(done, total)` counts lines written.
    pub fn write_json(&self, w: &mut dyn Write, progress: &dyn Fn(u64, u64)) -> io::Result<()> {
        let total = (self.actors.len() + self.channels.len()) as u64;
        w.write_all(self.header().as_bytes())?;
        w.write_all(b"  \"actors\": [\n")?;
        for (i, a) in self.actors.iter().enumerate() {
            let (_, side, kind) = a.role.words();
            write!(
                w,
                "    {{\"id\":\"{}\",\"side\":\"{side}\",\"kind\":\"{kind}\"",
                self.id(i as u32)
            )?;
            if let Some(level) = a.level {
                write!(w, ",\"level\":{level}")?;
            }
            if !a.members.is_empty() {
                let ids: Vec<String> = a
                    .members
                    .iter()
                    .map(|&m| format!("\"{}\"", self.id(m)))
                    .collect();
                write!(w, ",\"members\":[{}]", ids.join(","))?;
            }
            let end = if i + 1 == self.actors.len() {
                "}\n"
            } else {
                "},\n"
            };
            w.write_all(end.as_bytes())?;
            if i % 65_536 == 0 {
                progress(i as u64, total);
            }
        }
        w.write_all(b"  ],\n  \"channels\": [\n")?;
        for (i, c) in self.channels.iter().enumerate() {
            write!(
                w,
                "    {{\"from\":\"{}\",\"to\":\"{}\",\"kind\":\"{}\",\"fidelity\":{}",
                self.id(c.from),
                self.id(c.to),
                KINDS[c.kind as usize].0,
                f64::from(c.fidelity) / 1000.0
            )?;
            if c.bidirectional {
                w.write_all(b",\"bidirectional\":true")?;
            }
            let end = if i + 1 == self.channels.len() {
                "}\n"
            } else {
                "},\n"
            };
            w.write_all(end.as_bytes())?;
            if i % 65_536 == 0 {
                progress((self.actors.len() + i) as u64, total);
            }
        }
        w.write_all(b"  ]\n}\n")?;
        progress(total, total);
        Ok(())
    }

    /// Everything before the actors: format, name, assumptions, levels,
    /// kinds and ranges.
    fn header(&self) -> String {
        let s = &self.shape;
        let mut levels = vec![(1, "Ministry".to_string())];
        for level in 2..=s.depth + 1 {
            let name = if level == s.depth + 1 {
                "Employees"
            } else if level == s.depth {
                "Enterprises"
            } else if level == 2 {
                "Agencies"
            } else {
                "Units"
            };
            levels.push((level, name.to_string()));
        }
        let levels: Vec<serde_json::Value> = levels
            .into_iter()
            .map(|(level, name)| serde_json::json!({"level": level, "name": name}))
            .collect();
        let mut kinds = serde_json::Map::new();
        let mut ranges = serde_json::Map::new();
        for (name, mut p, mut r) in KINDS {
            if s.loss_only {
                p[1] = 0.0;
                r[1] = [0.0, 0.0];
            }
            kinds.insert(
                name.into(),
                serde_json::json!({"fidelity": p[0], "distortion": p[1], "latency_days": p[2], "every_days": p[3]}),
            );
            ranges.insert(
                name.into(),
                serde_json::json!({"fidelity": r[0], "distortion": r[1], "latency_days": r[2], "every_days": r[3]}),
            );
        }
        let head = serde_json::json!({
            "format": 1,
            "name": format!(
                "Synthetic organisation: span {}, depth {}, {} employees per enterprise (seed {})",
                s.span, s.depth, s.employees, s.seed
            ),
            "description": format!(
                "Generated by hviske generate: {} actors, {} channels ({} arcs). A government hierarchy \
                 of span {} and {} levels below the ministry, enterprises at its bottom with {} employees \
                 each, {} employer organisations and {} unions, tripartite councils in {} of the units, \
                 lateral channels for {} of the actors below the top and skip-level reports for {} of \
                 those at level 3 or below.",
                self.actor_count(), self.channel_count(), self.arc_count(), s.span, s.depth,
                s.employees, s.span, s.span, percent(s.bodies), percent(s.lateral), percent(s.skip)
            ),
            "assumptions": [
                "Synthetic: no real organisation is described. Structure and numbers are drawn at random for testing and benchmarking.",
                "Every channel's fidelity is drawn uniformly from its kind's range (rounded to 0.001); its other parameters are its kind's.",
                if s.loss_only { "Loss only: no kind distorts (distortion 0), so a fact is lost or arrives intact." } else { "Distortion, latency and cadence are the kinds' values, as in the shipped designs." }
            ],
            "levels": levels,
            "kinds": kinds,
            "ranges": ranges,
        });
        let text = serde_json::to_string_pretty(&head).unwrap_or_default();
        // Reopen the object to append the actors and channels.
        let body = text.trim_end().trim_end_matches('}').trim_end();
        format!("{body},\n")
    }

    /// Writes the directed arcs as CSV, `source,target,fidelity`, a two-way
    /// channel as two rows, in channel order.
    pub fn write_edges(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(b"source,target,fidelity\n")?;
        for c in &self.channels {
            let f = f64::from(c.fidelity) / 1000.0;
            let (a, b) = (self.id(c.from), self.id(c.to));
            writeln!(w, "{a},{b},{f}")?;
            if c.bidirectional {
                writeln!(w, "{b},{a},{f}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
