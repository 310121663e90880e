//! `hviske analyze` output: the key findings in sentences, then the top
//! actors by each measure (table, Markdown); every figure (JSON); the
//! per-actor measures (CSV).

use super::escape;
use super::table::{Align, Table};
use super::{json, num, Format, Hint, Layout, RenderError, Wording};
use crate::analysis::{ActorMeasures, Analysis, Measure, Reach, RemovalImpact};
use serde::Serialize;

/// A ranking table: its title, the figure ranked, and its decimals.
type Ranking = (&'static str, fn(&ActorMeasures) -> f64, usize);

/// Width of a terminal the table output fits in.
const WIDTH: usize = 100;
/// Most ids listed in one finding (large organisations have thousands).
const LISTED: usize = 50;
/// Longest display name shown in a table column.
const NAME: usize = 38;

/// Renders an [`Analysis`]: `top` rows per ranking in the table and Markdown forms.
///
/// # Errors
/// None at present; the `Result` keeps the renderer signature uniform.
pub fn analysis(
    a: &Analysis,
    format: Format,
    top: usize,
    hint: Wording,
) -> Result<String, RenderError> {
    let l = match format {
        Format::Json if a.computed.len() == Measure::ALL.len() => return Ok(json(a)),
        Format::Json => return Ok(super::analysis_json::computed_json(a)),
        Format::Csv => return Ok(actors_table(a).csv()),
        Format::Table => Layout { md: false },
        Format::Markdown => Layout { md: true },
    };
    let mut out = if l.md {
        format!("# {}\n", escape::markdown(&a.model))
    } else {
        format!("{}\n", a.model)
    };
    out.push_str(&estimated_note(a, l));
    out.push_str(&heading(l, "Key findings"));
    for f in findings(a, top, hint) {
        if l.md {
            out.push_str(&format!("- {}\n", escape::markdown(&f)));
        } else {
            out.push_str(&wrap(&f, "- ", "  "));
        }
    }
    out.push_str(&rankings(a, top, l));
    out.push_str(&removals(a, top, l));
    out.push_str(&articulation_points(a, top, l, hint));
    out.push_str(&bridges(a, top, l, hint));
    out.push_str(&representation(a, top, l, hint));
    Ok(out)
}

/// A section heading after a blank line.
fn heading(l: Layout, s: &str) -> String {
    format!("\n{}", l.heading(s))
}

/// The note that sampled measures are estimates (empty when none is).
fn estimated_note(a: &Analysis, l: Layout) -> String {
    let Some(e) = &a.estimated else {
        return String::new();
    };
    let names: Vec<&str> = e.measures.iter().map(|m| m.name()).collect();
    let note = format!(
        "Estimated, not exact: {} from {} pivot sources (seed {}), drawn as networkx's betweenness_centrality(k={}, seed={}) draws them.",
        names.join(" and "),
        e.pivots,
        e.seed,
        e.pivots,
        e.seed
    );
    if l.md {
        format!("\n{note}\n")
    } else {
        format!("\n{}", wrap(&note, "", ""))
    }
}

/// The top `top` actors by each computed centrality measure.
fn rankings(a: &Analysis, top: usize, l: Layout) -> String {
    let ranked: [(Ranking, Measure); 5] = [
        (("betweenness", |x| x.betweenness, 4), Measure::Betweenness),
        (
            ("closeness (distances to the actor)", |x| x.closeness, 4),
            Measure::Closeness,
        ),
        (("PageRank", |x| x.pagerank, 4), Measure::Pagerank),
        (("in-degree", |x| x.in_degree as f64, 0), Measure::Degree),
        (("out-degree", |x| x.out_degree as f64, 0), Measure::Degree),
    ];
    let mut out = String::new();
    for ((title, value, decimals), measure) in ranked {
        if !a.computed.contains(&measure) {
            continue;
        }
        let estimate = if is_estimate(a, measure) {
            ", estimated"
        } else {
            ""
        };
        out.push_str(&heading(l, &format!("Top {top} by {title}{estimate}")));
        let mut idx: Vec<usize> = (0..a.actors.len()).collect();
        // Values equal to 12 decimals are ties, shown in model order: the
        // last bits of a sum depend on the order it was added in.
        let key = |i: usize| (value(&a.actors[i]) * 1e12).round();
        idx.sort_by(|&i, &j| key(j).total_cmp(&key(i)).then(i.cmp(&j)));
        let mut t = Table::new(["#", "id", "name", "level", "value"])
            .align(0, Align::Right)
            .align(1, Align::Left)
            .align(2, Align::Left);
        for (rank, &i) in idx.iter().take(top).enumerate() {
            let x = &a.actors[i];
            t.row([
                (rank + 1).to_string(),
                x.id.clone(),
                short(&x.name),
                x.level.map_or("–".into(), |l| l.to_string()),
                format!("{:.decimals$}", value(x)),
            ]);
        }
        out.push_str(&l.table(&t));
    }
    out
}

/// The top `top` removals of intermediaries and the scope of the ranking.
fn removals(a: &Analysis, top: usize, l: Layout) -> String {
    if a.removal_impact.is_empty() {
        return String::new();
    }
    let mut out = heading(
        l,
        &format!(
            "Top {top} removals of intermediaries (deepest level reaching the top afterwards)"
        ),
    );
    let mut t = Table::new([
        "#",
        "removed",
        "cuts off",
        "reach after",
        "share lost",
        "mean hops",
        "reliability",
    ])
    .align(0, Align::Right)
    .align(1, Align::Left);
    for (rank, r) in a.removal_impact.iter().take(top).enumerate() {
        t.row([
            (rank + 1).to_string(),
            r.id.clone(),
            r.cut_off.to_string(),
            format!("{} of {}", r.reached_after, r.deepest),
            format!("{:.3}", r.reach_share_loss),
            num(r.mean_hops_after, 2),
            format!("{:.4}", r.reliability_after),
        ]);
    }
    out.push_str(&l.table(&t));
    if let Some(scope) = &a.removal_scope {
        out.push_str(&wrap(
            &format!(
                "({} of {} intermediaries ranked: {}.)",
                scope.ranked, scope.intermediaries, scope.rule
            ),
            "",
            "",
        ));
    }
    out
}

/// The first `top` articulation points with their betweenness.
fn articulation_points(a: &Analysis, top: usize, l: Layout, hint: Wording) -> String {
    if a.articulation_points.is_empty() {
        return String::new();
    }
    let mut out = heading(l, "Articulation points (single points of failure)");
    let mut t = Table::new(["id", "name", "level", "betweenness"]).align(1, Align::Left);
    for id in a.articulation_points.iter().take(top) {
        if let Some(x) = a.actors.iter().find(|x| &x.id == id) {
            t.row([
                x.id.clone(),
                short(&x.name),
                x.level.map_or("–".into(), |l| l.to_string()),
                if a.computed.contains(&Measure::Betweenness) {
                    format!("{:.4}", x.betweenness)
                } else {
                    "–".into()
                },
            ]);
        }
    }
    out.push_str(&l.table(&t));
    if a.articulation_points.len() > top {
        out.push_str(&format!(
            "({} more; {} lists all)\n",
            a.articulation_points.len() - top,
            hint(Hint::TopOrJson)
        ));
    }
    out
}

/// The first `top` bridges.
fn bridges(a: &Analysis, top: usize, l: Layout, hint: Wording) -> String {
    if a.bridges.is_empty() {
        return String::new();
    }
    let mut out = heading(l, "Bridges (channels whose loss splits the organisation)");
    let mut t = Table::new(["#", "between", "and"])
        .align(0, Align::Right)
        .align(1, Align::Left)
        .align(2, Align::Left);
    for (rank, [x, y]) in a.bridges.iter().take(top).enumerate() {
        t.row([(rank + 1).to_string(), x.clone(), y.clone()]);
    }
    out.push_str(&l.table(&t));
    if a.bridges.len() > top {
        out.push_str(&format!(
            "({} more; {} lists all)\n",
            a.bridges.len() - top,
            hint(Hint::TopOrJson)
        ));
    }
    out
}

/// Each body's members by side: every flagged body, then others up to `top`.
fn representation(a: &Analysis, top: usize, l: Layout, hint: Wording) -> String {
    if a.representation.is_empty() {
        return String::new();
    }
    let mut out = heading(
        l,
        "Representation (members, attendance-weighted in brackets)",
    );
    let mut t = Table::new(["body", "government", "employer", "employee", "flags"]);
    let flagged = a.representation.iter().filter(|b| !b.flags.is_empty());
    let fine = a.representation.iter().filter(|b| b.flags.is_empty());
    let shown: Vec<_> = flagged
        .chain(fine)
        .enumerate()
        .take_while(|(i, b)| *i < top || !b.flags.is_empty())
        .map(|(_, b)| b)
        .collect();
    for b in &shown {
        let cell = |side: &str| {
            b.sides
                .iter()
                .find(|s| s.side == side)
                .map_or("0".into(), |s| format!("{} ({:.2})", s.members, s.weighted))
        };
        t.row([
            b.body.clone(),
            cell("government"),
            cell("employer"),
            cell("employee"),
            b.flags.len().to_string(),
        ]);
    }
    out.push_str(&l.table(&t));
    if a.representation.len() > shown.len() {
        out.push_str(&format!(
            "({} more bodies without flags; {} lists all)\n",
            a.representation.len() - shown.len(),
            hint(Hint::Json)
        ));
    }
    out
}

/// What `--remove` reports: the reach before and the impact of the removal.
#[derive(Serialize)]
struct Removal<'a> {
    before: &'a Reach,
    removal: &'a RemovalImpact,
}

/// Renders the impact of one removal (`hviske analyze --remove ID`): how the
/// deepest level reaches the top before and after.
///
/// # Errors
/// None at present; the `Result` keeps the renderer signature uniform.
pub fn removal(before: &Reach, r: &RemovalImpact, format: Format) -> Result<String, RenderError> {
    let md = match format {
        Format::Json => return Ok(json(&Removal { before, removal: r })),
        Format::Markdown => true,
        Format::Table | Format::Csv => false,
    };
    if format == Format::Csv {
        return Ok(removal_csv(before, r));
    }
    let mut t = Table::new(["figure", "before", "after", "change"]);
    t.row([
        "deepest-level actors reaching the top".to_string(),
        format!("{} of {}", before.reached, before.deepest),
        format!("{} of {}", r.reached_after, r.deepest),
        format!("{:+}", r.reached_after as i64 - before.reached as i64),
    ]);
    t.row([
        "share reaching the top".to_string(),
        num(before.share, 3),
        format!("{:.3}", r.reach_share_after),
        format!("{:+.3}", r.reach_share_after - before.share.unwrap_or(0.0)),
    ]);
    t.row([
        "mean hops up".to_string(),
        num(before.mean_hops, 2),
        num(r.mean_hops_after, 2),
        r.mean_hops_change
            .map_or("–".into(), |c| format!("{c:+.2}")),
    ]);
    t.row([
        "mean best-route reliability".to_string(),
        num(before.reliability, 4),
        format!("{:.4}", r.reliability_after),
        format!(
            "{:+.4}",
            r.reliability_after - before.reliability.unwrap_or(0.0)
        ),
    ]);
    let title = format!("Removing {} ({})", r.id, r.name);
    let sentence = format!(
        "Cuts {} deepest-level actor(s) off from the top level; {} of {} still reach it.",
        r.cut_off, r.reached_after, r.deepest
    );
    Ok(if md {
        format!(
            "# {}\n\n{sentence}\n\n{}",
            escape::markdown(&title),
            t.markdown()
        )
    } else {
        format!(
            "{}\n{}\n{}",
            wrap(&title, "", ""),
            wrap(&sentence, "", ""),
            t.text()
        )
    })
}

/// The key findings, in sentences.
fn findings(a: &Analysis, top: usize, hint: Wording) -> Vec<String> {
    let mut f = vec![levels_finding(a)];
    f.extend(routes_finding(a));
    f.extend(articulation_finding(a, hint));
    f.extend(removal_finding(a, top));
    for b in &a.representation {
        for flag in &b.flags {
            f.push(format!("{}: {flag}.", b.body));
        }
    }
    f.extend(structure_finding(a));
    f
}

/// The levels and the hops up and down.
fn levels_finding(a: &Analysis) -> String {
    let mut s = format!("{} levels.", a.levels);
    for (h, way) in [(&a.hops_up, "up"), (&a.hops_down, "down")] {
        if let Some(h) = h {
            s.push_str(&format!(
                " From level {} {way} to level {}: at most {} hops, mean {} ({} of {} deepest-level actors connected).",
                h.from_level,
                h.to_level,
                h.longest.map_or("–".into(), |x| x.to_string()),
                num(h.mean, 2),
                h.connected,
                h.actors
            ));
        }
    }
    s
}

/// The range of the deepest level's best-route reliabilities and the weakest route.
fn routes_finding(a: &Analysis) -> Option<String> {
    let (_, from_level) = level_range(a)?;
    let deepest: Vec<&ActorMeasures> = a
        .actors
        .iter()
        .filter(|x| x.level == Some(from_level))
        .collect();
    let rel = |x: &&ActorMeasures| x.best_route_reliability.unwrap_or(0.0);
    let weakest = deepest.iter().min_by(|x, y| rel(x).total_cmp(&rel(y)));
    let best = deepest.iter().map(rel).fold(f64::NEG_INFINITY, f64::max);
    let w = weakest.filter(|w| !w.best_route.is_empty())?;
    let range = if best - rel(w) < 5e-5 {
        format!("reliability {:.4} each", rel(w))
    } else {
        format!("reliability {:.4} to {best:.4}", rel(w))
    };
    Some(format!(
        "Most reliable routes up from level {}: {range}; the weakest: {}.",
        from_level,
        w.best_route.join(" -> ")
    ))
}

/// The articulation points, when they were asked for.
fn articulation_finding(a: &Analysis, hint: Wording) -> Option<String> {
    if !a.computed.contains(&Measure::Articulation) {
        return None;
    }
    let points = &a.articulation_points;
    if points.is_empty() {
        return Some(
            "No articulation point: no single actor's loss splits the organisation.".into(),
        );
    }
    let more = points.len().saturating_sub(LISTED);
    let more = if more > 0 {
        format!(" and {more} more ({} lists all)", hint(Hint::Json))
    } else {
        String::new()
    };
    Some(format!(
        "{} articulation point(s), actors whose loss splits the organisation: {}{more}.",
        points.len(),
        points[..points.len().min(LISTED)].join(", ")
    ))
}

/// The removals that cut the deepest level off from the top, or the costliest one.
fn removal_finding(a: &Analysis, top: usize) -> Option<String> {
    let (deep, up) = words(a);
    let cutting: Vec<String> = a
        .removal_impact
        .iter()
        .filter(|r| r.cut_off > 0)
        .take(top.min(5))
        .map(|r| {
            format!(
                "removing {} cuts {} of {} {deep} off from {up}",
                r.id, r.cut_off, r.deepest
            )
        })
        .collect();
    if !cutting.is_empty() {
        let mut s = cutting.join("; ");
        s[..1].make_ascii_uppercase();
        s.push('.');
        return Some(s);
    }
    a.removal_impact.first().map(|r| {
        format!(
            "No single removal cuts {deep} off from {up}; the costliest, {}, lowers the mean best-route reliability by {:.4}.",
            r.id, r.reliability_loss
        )
    })
}

/// Span of control, reciprocity and components, as far as they were computed.
fn structure_finding(a: &Analysis) -> Option<String> {
    let has = |m| a.computed.contains(&m);
    let span = &a.span_of_control;
    let mut last = Vec::new();
    if has(Measure::Span) {
        last.push(format!(
            "Span of control: at most {} direct reports ({}), mean {} over {} actor(s) with reports.",
            span.max,
            span.widest.join(", "),
            num(span.mean, 2),
            span.managers
        ));
    }
    match (has(Measure::Degree), has(Measure::Components)) {
        (true, true) => last.push(format!(
            "Reciprocity {}; {} weak and {} strong component(s).",
            num(a.reciprocity, 2),
            a.components.weak,
            a.components.strong
        )),
        (true, false) => last.push(format!("Reciprocity {}.", num(a.reciprocity, 2))),
        (false, true) => last.push(format!(
            "{} weak and {} strong component(s).",
            a.components.weak, a.components.strong
        )),
        (false, false) => {}
    }
    (!last.is_empty()).then(|| last.join(" "))
}

/// How to call the deepest level and the top level in a sentence: the
/// report's words when the model says so (enterprises, the ministry), level
/// numbers otherwise.
fn words(a: &Analysis) -> (String, String) {
    let Some((to_level, from_level)) = level_range(a).filter(|(t, f)| t != f) else {
        return ("deepest-level actors".into(), "the top level".into());
    };
    let at = |l: u32| a.actors.iter().filter(move |x| x.level == Some(l));
    // Enterprises, or their employees as one body each (the shipped models);
    // individual people (a generated organisation's `person`) are not.
    let enterprise = |x: &&ActorMeasures| {
        x.side.as_deref() == Some("enterprise")
            && matches!(x.kind.as_deref(), Some("enterprise" | "employees"))
    };
    let deep = if at(from_level).all(|x| enterprise(&x)) {
        "enterprises".to_string()
    } else {
        format!("level-{from_level} actors")
    };
    let top = if at(to_level).all(|x| x.kind.as_deref() == Some("ministry")) {
        "the ministry".to_string()
    } else {
        format!("level {to_level}")
    };
    (deep, top)
}

/// A CSV column: its header, the measure it shows (`None`: always shown),
/// and the cell.
type Column = (&'static str, Option<Measure>, fn(&ActorMeasures) -> String);

/// The top and deepest levels the actors occupy (`None`: no levels).
fn level_range(a: &Analysis) -> Option<(u32, u32)> {
    let levels = a.actors.iter().filter_map(|x| x.level);
    Some((levels.clone().min()?, levels.max()?))
}

/// One row per actor, every computed per-actor figure (the CSV form); an
/// estimated measure's column is headed `<name>_estimate`.
fn actors_table(a: &Analysis) -> Table {
    let columns: [Column; 13] = [
        ("id", None, |x| x.id.clone()),
        ("name", None, |x| x.name.clone()),
        ("level", None, |x| {
            x.level.map_or(String::new(), |v| v.to_string())
        }),
        ("side", None, |x| x.side.clone().unwrap_or_default()),
        ("in_degree", Some(Measure::Degree), |x| {
            x.in_degree.to_string()
        }),
        ("out_degree", Some(Measure::Degree), |x| {
            x.out_degree.to_string()
        }),
        ("betweenness", Some(Measure::Betweenness), |x| {
            x.betweenness.to_string()
        }),
        ("closeness", Some(Measure::Closeness), |x| {
            x.closeness.to_string()
        }),
        ("pagerank", Some(Measure::Pagerank), |x| {
            x.pagerank.to_string()
        }),
        ("span_of_control", Some(Measure::Span), |x| {
            x.span_of_control.to_string()
        }),
        ("hops_to_top", Some(Measure::Hops), |x| {
            x.hops_to_top.map_or(String::new(), |v| v.to_string())
        }),
        ("hops_from_top", Some(Measure::Hops), |x| {
            x.hops_from_top.map_or(String::new(), |v| v.to_string())
        }),
        ("best_route_reliability", Some(Measure::Routes), |x| {
            x.best_route_reliability
                .map_or(String::new(), |v| v.to_string())
        }),
    ];
    let shown: Vec<&Column> = columns
        .iter()
        .filter(|c| c.1.is_none_or(|m| a.computed.contains(&m)))
        .collect();
    let header: Vec<String> = shown
        .iter()
        .map(|c| match c.1 {
            Some(m) if is_estimate(a, m) => format!("{}_estimate", c.0),
            _ => c.0.to_string(),
        })
        .collect();
    let mut t = Table::new(header);
    for x in &a.actors {
        t.row(shown.iter().map(|c| (c.2)(x)).collect::<Vec<_>>());
    }
    t
}

/// True when measure `m` of `a` is an estimate.
fn is_estimate(a: &Analysis, m: Measure) -> bool {
    a.estimated
        .as_ref()
        .is_some_and(|e| e.measures.contains(&m))
}

/// A name cut to [`NAME`] characters.
fn short(name: &str) -> String {
    if name.chars().count() <= NAME {
        name.to_string()
    } else {
        let cut: String = name.chars().take(NAME - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `text` wrapped at [`WIDTH`] columns, the first line after `first`, the
/// rest after `rest`.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A removal as CSV: numbers only, an empty cell where a figure has no
/// value (no deepest-level actor reaches the top, so there is no mean).
fn removal_csv(before: &Reach, r: &RemovalImpact) -> String {
    let cell = |x: Option<f64>| x.map_or_else(String::new, |x| x.to_string());
    let change = |a: Option<f64>, b: Option<f64>| cell(a.zip(b).map(|(a, b)| b - a));
    let mut t = Table::new(["figure", "before", "after", "change"]);
    let counts = [
        ("deepest_level_actors", before.deepest, r.deepest),
        (
            "deepest_level_actors_reaching_top",
            before.reached,
            r.reached_after,
        ),
    ];
    for (key, b, a) in counts {
        t.row([
            key.to_string(),
            b.to_string(),
            a.to_string(),
            (a as i64 - b as i64).to_string(),
        ]);
    }
    let figures = [
        (
            "share_reaching_top",
            before.share,
            Some(r.reach_share_after),
        ),
        ("mean_hops_up", before.mean_hops, r.mean_hops_after),
        (
            "mean_best_route_reliability",
            before.reliability,
            Some(r.reliability_after),
        ),
    ];
    for (key, b, a) in figures {
        t.row([key.to_string(), cell(b), cell(a), change(b, a)]);
    }
    t.csv()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let text = "word ".repeat(60);
        let w = wrap(&text, "- ", "  ");
        assert!(w.lines().all(|l| l.chars().count() <= WIDTH), "{w}");
        assert!(w.starts_with("- word"));
        assert!(w.lines().nth(1).unwrap().starts_with("  word"));
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(short("abc"), "abc");
        assert_eq!(short(&"x".repeat(50)).chars().count(), NAME);
    }
}
