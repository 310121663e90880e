//! What an organisation chart shows, before any layout: one [`Scene`] built
//! from a model and the chart options, drawn by two back ends (DOT for
//! Graphviz in `dot.rs`, the built-in layered layout in `svg.rs`), so both
//! show the same nodes, edges, colours and legend.

use crate::model::{Evidence, Model, Side};
use crate::sim::SimResult;
use std::collections::BTreeMap;

/// Chart options (`hviske chart`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartOptions {
    /// Draw each group of like enterprise actors as one node with a count.
    pub collapse_enterprises: bool,
    /// Fold further: the enterprise actors of each level and side into one
    /// node (implies `collapse_enterprises`), for a chart that must fit a
    /// small page.
    pub fold_enterprises: bool,
    /// Only the levels in `[from, to]` (actors without a level are kept when
    /// they have a channel to a kept actor).
    pub levels: Option<(u32, u32)>,
    /// Actor ids to emphasise.
    pub highlight: Vec<String>,
    /// Line style by evidence grade instead of by channel kind.
    pub evidence: bool,
    /// Simulated shares to paint on the chart.
    pub overlay: Option<Overlay>,
    /// Only channels of these kinds (empty: every kind).
    pub kinds: Vec<String>,
    /// The order that gives each channel kind its colour, so that a kind
    /// keeps its colour in every chart of a run (empty: the model's own
    /// order, [`kind_order`]).
    pub kind_order: Vec<String>,
    /// The page the chart is laid out for (`None`: as wide as it needs).
    pub page: Option<Page>,
    /// The figure's title (`None`: the model's name).
    pub title: Option<String>,
    /// The date printed in the footer (`None`: no date).
    pub date: Option<String>,
}

/// A sheet of paper, portrait or landscape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    /// Width in millimetres.
    pub width_mm: f64,
    /// Height in millimetres.
    pub height_mm: f64,
    /// The margin kept free on every side, in millimetres.
    pub margin_mm: f64,
}

impl Page {
    /// ISO A4, portrait.
    pub const A4: Page = Page {
        width_mm: 210.0,
        height_mm: 297.0,
        margin_mm: Page::MARGIN_MM,
    };
    /// ISO A3, portrait.
    pub const A3: Page = Page {
        width_mm: 297.0,
        height_mm: 420.0,
        margin_mm: Page::MARGIN_MM,
    };
    /// US Letter, portrait.
    pub const LETTER: Page = Page {
        width_mm: 215.9,
        height_mm: 279.4,
        margin_mm: Page::MARGIN_MM,
    };
    /// The margin of the standard sheets, in millimetres.
    pub const MARGIN_MM: f64 = 10.0;
    /// The smallest text size a chart laid out for a page prints at, in points.
    pub const MIN_TEXT_PT: f64 = 7.0;

    /// The same sheet turned sideways (longer side across).
    pub fn landscape(self) -> Page {
        Page {
            width_mm: self.width_mm.max(self.height_mm),
            height_mm: self.width_mm.min(self.height_mm),
            margin_mm: self.margin_mm,
        }
    }
}

/// The channel kinds of a model in colour order: the `kinds` table's, then
/// the kinds only channels name, sorted, then `"unspecified"` when a channel
/// has no kind.
pub fn kind_order(model: &Model) -> Vec<String> {
    let mut out: Vec<String> = model.kinds.keys().cloned().collect();
    let mut rest: Vec<String> = model
        .channels
        .iter()
        .map(|c| c.kind.clone().unwrap_or_else(|| "unspecified".into()))
        .filter(|k| !out.contains(k))
        .collect();
    rest.sort();
    rest.dedup();
    out.extend(rest);
    out
}

/// A kind id in words when the model gives no name: `enterprise_report`
/// → `Enterprise report`.
pub fn kind_words(id: &str) -> String {
    let spaced = id.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Simulated figures painted on a chart: node fill and edge width.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// Share of trials in which each actor holds a fact intact, model order.
    pub intact: Vec<f64>,
    /// Estimated flow of facts over each channel, model order, in [0, 1]:
    /// the share of trials reaching the sender times the channel's
    /// fidelity (the larger of both directions for a bidirectional channel).
    /// The simulation keeps no per-arc tallies, so this is derived from the
    /// per-actor reach, not counted.
    pub flow: Vec<f64>,
    /// One line for the legend: what was simulated (seed, trials, sources).
    pub caption: String,
}

impl Overlay {
    /// The overlay of a simulation of `model`.
    pub fn from_sim(model: &Model, sim: &SimResult) -> Overlay {
        let intact: Vec<f64> = sim.actors.iter().map(|a| a.intact).collect();
        let reached: Vec<f64> = sim.actors.iter().map(|a| a.reached).collect();
        let flow = model
            .channels
            .iter()
            .map(|c| {
                let f = c.params.fidelity.get();
                let forward = reached[c.from] * f;
                if c.bidirectional {
                    forward.max(reached[c.to] * f)
                } else {
                    forward
                }
            })
            .collect();
        let names = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .map(|id| {
                    model
                        .actor_index(id)
                        .map_or_else(|| id.clone(), |i| model.actors[i].name.clone())
                })
                .collect()
        };
        let caption = format!(
            "Simulated: {} → {}, seed {}, {} trials per source fact, {} trials",
            short_list(&names(&sim.sources)),
            short_list(&names(&sim.targets)),
            sim.seed,
            sim.trials,
            sim.total_trials
        );
        Overlay {
            intact,
            flow,
            caption,
        }
    }
}

fn short_list(ids: &[String]) -> String {
    match ids {
        [] => "nothing".into(),
        [one] => one.clone(),
        [first, ..] => format!("{first} and {} more", ids.len() - 1),
    }
}

/// A node's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A body (an actor with members, or of kind `body`): a rectangle.
    Body,
    /// A single actor: an ellipse.
    Single,
    /// Several like actors drawn as one: a stack.
    Group,
}

/// One node of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneNode {
    /// Unique id in the chart (the actor id, or the group key).
    pub key: String,
    /// The text drawn in the node (lines separated by `\n`).
    pub label: String,
    /// Level, when the actor has one.
    pub level: Option<u32>,
    /// Side, for the colour.
    pub side: Option<Side>,
    /// Outline.
    pub shape: Shape,
    /// Emphasised (`--highlight`).
    pub highlight: bool,
    /// Share held intact (overlay), the mean over a group.
    pub intact: Option<f64>,
    /// Evidence grade of the actor (the weakest in a group).
    pub evidence: Option<Evidence>,
}

/// One edge of the chart (a channel, or like channels between groups).
#[derive(Debug, Clone, PartialEq)]
pub struct SceneEdge {
    /// Index of the sending node in [`Scene::nodes`].
    pub from: usize,
    /// Index of the receiving node.
    pub to: usize,
    /// Drawn with two arrow heads.
    pub both: bool,
    /// Index of the channel kind in [`Scene::kinds`].
    pub kind: usize,
    /// Evidence grade (the weakest of the channels drawn).
    pub evidence: Option<Evidence>,
    /// Channels drawn by this edge.
    pub count: usize,
    /// Flow of facts (overlay), the largest over merged channels.
    pub flow: Option<f64>,
}

/// A level row.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneRow {
    /// The level number.
    pub level: u32,
    /// Its label (`"1  Ministry …"`).
    pub label: String,
}

/// Everything a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The figure's title.
    pub title: String,
    /// The line under the title: the model's name and what is drawn.
    pub subtitle: String,
    /// The footer's lines: source, version and date, the simulation.
    pub footer: Vec<String>,
    /// The page the chart is laid out for.
    pub page: Option<Page>,
    /// The level rows drawn, top first.
    pub rows: Vec<SceneRow>,
    /// Nodes, in model order (groups at their first member).
    pub nodes: Vec<SceneNode>,
    /// Edges, in channel order.
    pub edges: Vec<SceneEdge>,
    /// Channel kinds present, in colour order (`"unspecified"` for none).
    pub kinds: Vec<String>,
    /// Each present kind's words for the legend.
    pub kind_names: Vec<String>,
    /// Each present kind's colour (`#RRGGBB`).
    pub kind_colours: Vec<String>,
    /// Each present kind's dash when lines are styled by kind.
    pub kind_dashes: Vec<Dash>,
    /// Line style by evidence rather than by kind.
    pub by_evidence: bool,
    /// The overlay caption, when there is an overlay.
    pub overlay: Option<String>,
}

/// Why a chart cannot be drawn as asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SceneError {
    /// An id to highlight names no actor.
    #[error("no actor \"{id}\" to highlight{hint}")]
    UnknownActor {
        /// The id given.
        id: String,
        /// ` (did you mean "x"?)` or empty.
        hint: String,
    },
    /// A kind to draw names no channel kind of the model.
    #[error("no channel kind \"{kind}\"{hint}; the model's kinds: {known}")]
    UnknownKind {
        /// The kind given.
        kind: String,
        /// ` (did you mean "x"?)` or empty.
        hint: String,
        /// The model's kinds, comma-separated.
        known: String,
    },
    /// The range of levels to draw keeps no actor.
    #[error("no actor has a level from {from} to {to}")]
    NoLevels {
        /// First level.
        from: u32,
        /// Last level.
        to: u32,
    },
    /// The overlay was simulated on another model.
    #[error("the overlay has {got} actors, the model {want}")]
    OverlayMismatch {
        /// Actors in the overlay.
        got: usize,
        /// Actors in the model.
        want: usize,
    },
}

/// The group key of an actor when enterprises are collapsed: its id with the
/// digits removed (`meat07_mgmt` → `meat_mgmt`), for ids with a number.
fn group_key(id: &str) -> Option<String> {
    id.bytes()
        .any(|b| b.is_ascii_digit())
        .then(|| id.chars().filter(|c| !c.is_ascii_digit()).collect())
}

/// A name without its numbers (`"Management, meat/poultry enterprise 7"` →
/// `"Management, meat/poultry enterprise"`).
fn without_numbers(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| {
            !w.trim_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The label of a folded node: its members' roles (their names without
/// numbers, up to the first comma), then the count.
fn folded_label(model: &Model, members: &[usize]) -> String {
    let mut roles: Vec<String> = Vec::new();
    for &i in members {
        let name = without_numbers(&model.actors[i].name);
        let role = name.split(',').next().unwrap_or("").trim().to_string();
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    format!("{}\n× {}", wrap(&roles.join(" · "), 24), members.len())
}

/// Labels are drawn with at most this many characters (the rest becomes
/// "…"): Graphviz refuses a label over 16,384 characters, and no chart
/// can show one. Ids, which key the nodes, are never cut.
pub const MAX_LABEL_CHARS: usize = 200;

/// `text` cut to [`MAX_LABEL_CHARS`] characters, "…" marking a cut.
pub(crate) fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_LABEL_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
    }
}

/// Breaks a label into lines of about `width` characters (cut first to
/// [`MAX_LABEL_CHARS`]).
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let text = clip(text);
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// Builds the scene of `model` under `opts`.
///
/// # Errors
/// [`SceneError`] for an unknown highlighted id, an empty level range or an
/// overlay of another model.
pub fn scene(model: &Model, opts: &ChartOptions) -> Result<Scene, SceneError> {
    check(model, opts)?;
    let kept = kept_actors(model, opts);
    let node_of = node_assignment(model, opts, &kept);
    let nodes = build_nodes(model, opts, &node_of);
    let order = if opts.kind_order.is_empty() {
        kind_order(model)
    } else {
        opts.kind_order.clone()
    };
    let mut kinds: Vec<String> = model
        .channels
        .iter()
        .map(|c| c.kind.clone().unwrap_or_else(|| "unspecified".into()))
        .filter(|k| opts.kinds.is_empty() || opts.kinds.contains(k))
        .collect();
    kinds.sort_by_key(|k| {
        (
            order.iter().position(|o| o == k).unwrap_or(usize::MAX),
            k.clone(),
        )
    });
    kinds.dedup();
    let slot = |k: &String| {
        order
            .iter()
            .position(|o| o == k)
            .unwrap_or(order.len() + kinds.iter().position(|x| x == k).unwrap_or(0))
    };
    let kind_colours = kinds
        .iter()
        .map(|k| KIND_COLOURS[slot(k) % KIND_COLOURS.len()].to_string())
        .collect();
    let kind_dashes = kinds
        .iter()
        .map(|k| [Dash::Solid, Dash::Dashed, Dash::Dotted][(slot(k) / KIND_COLOURS.len()) % 3])
        .collect();
    let kind_names = kinds.iter().map(|k| kind_words(k)).collect();
    let edges = build_edges(model, opts, &node_of, &kinds);
    let rows = nodes
        .iter()
        .filter_map(|n| n.level)
        .fold(Vec::<u32>::new(), |mut ls, l| {
            if !ls.contains(&l) {
                ls.push(l);
            }
            ls
        });
    let mut rows = rows;
    rows.sort_unstable();
    let rows = rows
        .into_iter()
        .map(|level| SceneRow {
            level,
            label: match model.level_name(level) {
                Some(name) => format!("{level}  {name}"),
                None => format!("Level {level}"),
            },
        })
        .collect();
    Ok(Scene {
        title: opts
            .title
            .clone()
            .unwrap_or_else(|| clip(&model.name).into_owned()),
        subtitle: subtitle(model, opts, &nodes),
        footer: footer(model, opts),
        page: opts.page,
        rows,
        nodes,
        edges,
        kinds,
        kind_names,
        kind_colours,
        kind_dashes,
        by_evidence: opts.evidence,
        overlay: opts.overlay.as_ref().map(|o| o.caption.clone()),
    })
}

/// The line under the title: the model's name (when the title is not it)
/// and what the chart draws.
fn subtitle(model: &Model, opts: &ChartOptions, nodes: &[SceneNode]) -> String {
    let mut parts = Vec::new();
    if opts.title.as_ref().is_some_and(|t| *t != model.name) {
        parts.push(model.name.clone());
    }
    let drawn = nodes.len();
    let groups = nodes.iter().filter(|n| n.shape == Shape::Group).count();
    parts.push(if groups > 0 && opts.fold_enterprises {
        format!(
            "{} actors and {} channels, the enterprises' actors folded into one node per level and side",
            model.actors.len(),
            model.channels.len()
        )
    } else if groups > 0 {
        format!(
            "{} actors and {} channels, like enterprise actors drawn once ({} groups)",
            model.actors.len(),
            model.channels.len(),
            groups
        )
    } else if drawn < model.actors.len() {
        format!("{drawn} of {} actors", model.actors.len())
    } else {
        format!(
            "{} actors and {} channels",
            model.actors.len(),
            model.channels.len()
        )
    });
    if let Some((a, b)) = opts.levels {
        parts.push(format!("levels {a} to {b}"));
    }
    if !opts.kinds.is_empty() {
        parts.push(format!("channels of kind {} only", opts.kinds.join(", ")));
    }
    parts.join(" · ")
}

/// The footer: where the structure comes from, who drew it when, and what
/// was simulated.
fn footer(model: &Model, opts: &ChartOptions) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(src) = &model.source {
        out.push(format!("Source: {src}"));
    }
    let date = opts
        .date
        .as_ref()
        .map(|d| format!(" on {d}"))
        .unwrap_or_default();
    out.push(format!(
        "Drawn by hviske {}{date}",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(o) = &opts.overlay {
        out.push(o.caption.clone());
    }
    out
}

fn check(model: &Model, opts: &ChartOptions) -> Result<(), SceneError> {
    for id in &opts.highlight {
        if model.actor_index(id).is_none() {
            let ids: Vec<&str> = model.actors.iter().map(|a| a.id.as_str()).collect();
            let hint = crate::model::near_match(id, ids.iter().copied())
                .map(|m| format!(" (did you mean \"{m}\"?)"))
                .unwrap_or_default();
            return Err(SceneError::UnknownActor {
                id: id.clone(),
                hint,
            });
        }
    }
    if let Some((from, to)) = opts.levels {
        if !model
            .actors
            .iter()
            .any(|a| a.level.is_some_and(|l| (from..=to).contains(&l)))
        {
            return Err(SceneError::NoLevels { from, to });
        }
    }
    let known = kind_order(model);
    for k in &opts.kinds {
        if !known.contains(k) {
            let hint = crate::model::near_match(k, known.iter().map(String::as_str))
                .map(|m| format!(" (did you mean \"{m}\"?)"))
                .unwrap_or_default();
            return Err(SceneError::UnknownKind {
                kind: k.clone(),
                hint,
                known: known.join(", "),
            });
        }
    }
    if let Some(o) = &opts.overlay {
        if o.intact.len() != model.actors.len() || o.flow.len() != model.channels.len() {
            return Err(SceneError::OverlayMismatch {
                got: o.intact.len(),
                want: model.actors.len(),
            });
        }
    }
    Ok(())
}

/// Which actors are drawn: all, or those in the level range plus the
/// unlevelled ones with a channel to one of them.
fn kept_actors(model: &Model, opts: &ChartOptions) -> Vec<bool> {
    let Some((from, to)) = opts.levels else {
        return vec![true; model.actors.len()];
    };
    let in_range: Vec<bool> = model
        .actors
        .iter()
        .map(|a| a.level.is_some_and(|l| (from..=to).contains(&l)))
        .collect();
    let mut kept = in_range.clone();
    for c in &model.channels {
        for (a, b) in [(c.from, c.to), (c.to, c.from)] {
            if model.actors[a].level.is_none() && in_range[b] {
                kept[a] = true;
            }
        }
    }
    kept
}

/// For each actor, the index of its node (`None` when not drawn). With
/// `--collapse-enterprises`, levelled actors whose ids differ only in their
/// numbers (and that are not highlighted) share one node.
fn node_assignment(model: &Model, opts: &ChartOptions, kept: &[bool]) -> Vec<Option<usize>> {
    let key = |i: usize| -> Option<String> {
        let a = &model.actors[i];
        let collapsible = (opts.collapse_enterprises || opts.fold_enterprises)
            && kept[i]
            && a.level.is_some()
            && !opts.highlight.iter().any(|h| h == a.id.as_str());
        let k = group_key(a.id.as_str()).filter(|_| collapsible)?;
        Some(if opts.fold_enterprises {
            format!("fold@{}@{}", a.level.unwrap_or(0), side_name(a.side))
        } else {
            format!("{k}@{}", a.level.unwrap_or(0))
        })
    };
    let keys: Vec<Option<String>> = (0..model.actors.len()).map(key).collect();
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for k in keys.iter().flatten() {
        *sizes.entry(k).or_default() += 1;
    }
    let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
    let mut next = 0;
    let mut out = vec![None; model.actors.len()];
    for i in (0..model.actors.len()).filter(|&i| kept[i]) {
        let shared = keys[i].as_deref().filter(|k| sizes[k] > 1);
        out[i] = Some(match shared {
            Some(k) => *groups.entry(k).or_insert_with(|| {
                next += 1;
                next - 1
            }),
            None => {
                next += 1;
                next - 1
            }
        });
    }
    out
}

fn build_nodes(model: &Model, opts: &ChartOptions, node_of: &[Option<usize>]) -> Vec<SceneNode> {
    let count = node_of.iter().flatten().max().map_or(0, |m| m + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, n) in node_of.iter().enumerate() {
        if let Some(n) = n {
            members[*n].push(i);
        }
    }
    members
        .iter()
        .map(|ms| {
            let a = &model.actors[ms[0]];
            let group = ms.len() > 1;
            let label = if group && opts.fold_enterprises {
                folded_label(model, ms)
            } else if group {
                format!("{}\n× {}", wrap(&without_numbers(&a.name), 24), ms.len())
            } else {
                wrap(&a.name, 24)
            };
            let shape = if group {
                Shape::Group
            } else if a.is_body() || a.kind.as_deref() == Some("body") {
                Shape::Body
            } else {
                Shape::Single
            };
            let intact = opts
                .overlay
                .as_ref()
                .map(|o| ms.iter().map(|&i| o.intact[i]).sum::<f64>() / ms.len() as f64);
            SceneNode {
                key: if group {
                    group_key(a.id.as_str()).unwrap_or_else(|| a.id.to_string())
                } else {
                    a.id.to_string()
                },
                label,
                level: a.level,
                side: a.side,
                shape,
                highlight: opts.highlight.iter().any(|h| h == a.id.as_str()),
                intact,
                evidence: ms.iter().filter_map(|&i| model.actors[i].evidence).max(),
            }
        })
        .collect()
}

fn build_edges(
    model: &Model,
    opts: &ChartOptions,
    node_of: &[Option<usize>],
    kinds: &[String],
) -> Vec<SceneEdge> {
    let mut edges: Vec<SceneEdge> = Vec::new();
    for (ci, c) in model.channels.iter().enumerate() {
        let (Some(from), Some(to)) = (node_of[c.from], node_of[c.to]) else {
            continue;
        };
        if from == to {
            continue;
        }
        let kind_name = c.kind.clone().unwrap_or_else(|| "unspecified".into());
        let Some(kind) = kinds.iter().position(|k| *k == kind_name) else {
            continue;
        };
        let flow = opts.overlay.as_ref().map(|o| o.flow[ci]);
        let same = edges.iter_mut().find(|e| {
            e.kind == kind
                && e.both == c.bidirectional
                && ((e.from, e.to) == (from, to)
                    || (c.bidirectional && (e.from, e.to) == (to, from)))
        });
        match same {
            Some(e) => {
                e.count += 1;
                e.evidence = e.evidence.max(c.evidence);
                e.flow = match (e.flow, flow) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
            }
            None => edges.push(SceneEdge {
                from,
                to,
                both: c.bidirectional,
                kind,
                evidence: c.evidence,
                count: 1,
                flow,
            }),
        }
    }
    edges
}

/// Side colours (Okabe & Ito 2008, colour-blind safe): (strong, light tint).
pub(crate) fn side_colour(side: Option<Side>) -> (&'static str, &'static str) {
    match side {
        Some(Side::Government) => ("#0072B2", "#C6E2F2"),
        Some(Side::Employer) => ("#D55E00", "#F6D3BA"),
        Some(Side::Employee) => ("#009E73", "#BFE8DC"),
        Some(Side::Enterprise) => ("#E69F00", "#F9E4B5"),
        Some(Side::Neutral) => ("#CC79A7", "#F1D9E6"),
        None => ("#777777", "#EEEEEE"),
    }
}

/// Channel-kind colours (Paul Tol's "muted" scheme, colour-blind safe).
pub(crate) const KIND_COLOURS: [&str; 9] = [
    "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#CC6677", "#88CCEE",
    "#DDCC77",
];

/// A line's dash pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    /// Solid.
    Solid,
    /// Dashed.
    Dashed,
    /// Dotted.
    Dotted,
}

impl Scene {
    /// The colour of an edge (by its kind).
    pub fn edge_colour(&self, e: &SceneEdge) -> &str {
        self.kind_colour(e.kind)
    }

    /// The colour of channel kind `kind` (an index into `kinds`), for legends.
    pub fn kind_colour(&self, kind: usize) -> &str {
        &self.kind_colours[kind]
    }

    /// The dash of channel kind `kind` when edges are styled by kind, for
    /// legends.
    pub fn kind_dash(&self, kind: usize) -> Dash {
        self.kind_dashes[kind]
    }

    /// The dash of an edge: by evidence grade (stated solid, inferred dashed,
    /// assumed dotted, ungraded solid) with `--evidence`, else by kind.
    pub fn edge_dash(&self, e: &SceneEdge) -> Dash {
        if self.by_evidence {
            evidence_dash(e.evidence)
        } else {
            self.kind_dash(e.kind)
        }
    }

    /// The width of an edge in points: by flow with an overlay, else by how
    /// many channels it draws.
    pub fn edge_width(&self, e: &SceneEdge) -> f64 {
        match e.flow {
            Some(f) => 0.4 + 4.6 * f.clamp(0.0, 1.0),
            None => 1.0 + (e.count as f64).log2().min(3.0) * 0.5,
        }
    }

    /// The level row each unlevelled node is drawn on: the median level of
    /// its levelled neighbours (the deepest row when it has none), as
    /// `(node, level)`. Empty when the scene has no level rows.
    pub fn band_levels(&self) -> Vec<(usize, u32)> {
        let Some(deepest) = self.rows.last().map(|r| r.level) else {
            return Vec::new();
        };
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].level.is_none())
            .map(|i| {
                let mut ls: Vec<u32> = self
                    .edges
                    .iter()
                    .filter_map(|e| match (e.from == i, e.to == i) {
                        (true, _) => self.nodes[e.to].level,
                        (_, true) => self.nodes[e.from].level,
                        _ => None,
                    })
                    .collect();
                ls.sort_unstable();
                (i, ls.get(ls.len() / 2).copied().unwrap_or(deepest))
            })
            .collect()
    }

    /// The sides present, in report order, for the legend.
    pub fn sides(&self) -> Vec<Option<Side>> {
        let mut out: Vec<Option<Side>> = Side::ALL
            .into_iter()
            .map(Some)
            .filter(|s| self.nodes.iter().any(|n| n.side == *s))
            .collect();
        if self.nodes.iter().any(|n| n.side.is_none()) {
            out.push(None);
        }
        out
    }
}

/// The dash for an evidence grade.
pub(crate) fn evidence_dash(e: Option<Evidence>) -> Dash {
    match e {
        Some(Evidence::Stated) | None => Dash::Solid,
        Some(Evidence::Inferred) => Dash::Dashed,
        Some(Evidence::Assumed) => Dash::Dotted,
    }
}

/// The overlay fill for a share held intact: a sequential, colour-blind-safe
/// scale (ColorBrewer YlOrBr) from light (all intact) to dark brown (none),
/// and whether text on it should be white.
pub(crate) fn intact_fill(share: f64) -> (String, bool) {
    const STOPS: [(f64, [u8; 3]); 5] = [
        (0.0, [0x66, 0x25, 0x06]),
        (0.25, [0xCC, 0x4C, 0x02]),
        (0.5, [0xFE, 0x99, 0x29]),
        (0.75, [0xFE, 0xE3, 0x91]),
        (1.0, [0xFF, 0xFF, 0xE5]),
    ];
    let s = share.clamp(0.0, 1.0);
    let i = STOPS.iter().rposition(|(x, _)| *x <= s).unwrap_or(0).min(3);
    let (x0, c0) = STOPS[i];
    let (x1, c1) = STOPS[i + 1];
    let t = (s - x0) / (x1 - x0);
    let mix =
        |k: usize| (f64::from(c0[k]) + t * (f64::from(c1[k]) - f64::from(c0[k]))).round() as u8;
    (
        format!("#{:02X}{:02X}{:02X}", mix(0), mix(1), mix(2)),
        s < 0.4,
    )
}

/// The words for a side in the legend.
pub(crate) fn side_name(side: Option<Side>) -> &'static str {
    match side {
        Some(Side::Government) => "Government",
        Some(Side::Employer) => "Employer",
        Some(Side::Employee) => "Employee",
        Some(Side::Enterprise) => "Enterprise",
        Some(Side::Neutral) => "Neutral",
        None => "No side given",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_keys_drop_the_numbers() {
        assert_eq!(group_key("meat07_mgmt").as_deref(), Some("meat_mgmt"));
        assert_eq!(group_key("aid"), None);
        assert_eq!(
            without_numbers("Management, nursing home 21"),
            "Management, nursing home"
        );
    }

    #[test]
    fn the_fill_scale_runs_from_dark_to_light() {
        assert_eq!(intact_fill(0.0).0, "#662506");
        assert_eq!(intact_fill(1.0).0, "#FFFFE5");
        assert!(intact_fill(0.1).1 && !intact_fill(0.9).1);
    }

    #[test]
    fn collapsing_the_three_two_one_model_fits_a_page() {
        let m = crate::model::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/three-two-one.json"
        ))
        .unwrap();
        let opts = ChartOptions {
            collapse_enterprises: true,
            ..ChartOptions::default()
        };
        let s = scene(&m, &opts).unwrap();
        assert!(s.nodes.len() < 50, "{} nodes", s.nodes.len());
        assert_eq!(s.rows.len(), 9);
        assert!(s.nodes.iter().any(|n| n.label.contains("× 21")));
    }
}
