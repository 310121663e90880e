//! The evaluator's report (`hviske report`): one document built as a list
//! of [`Section`]s of plain blocks, written either as one self-contained HTML
//! file (inline SVG and CSS, nothing external, a print stylesheet) or as
//! Markdown with the figures as SVG files beside it.

use super::escape::html as esc;
use crate::analysis::Analysis;
use crate::compare::{Cell, Comparison, Robustness, Unit};
use crate::model::{Evidence, Model};
use crate::sim::SimResult;
use std::fmt::Write;

/// One design in the report, with everything measured for it.
#[derive(Debug, Clone, Copy)]
pub struct ReportDesign<'a> {
    /// Column label (the file name).
    pub label: &'a str,
    /// The model.
    pub model: &'a Model,
    /// Structural measures.
    pub analysis: &'a Analysis,
    /// The upward simulation (deepest level to the top).
    pub up: &'a SimResult,
    /// The chart (SVG document).
    pub chart: &'a str,
    /// The chart with the upward simulation painted on (SVG document).
    pub chart_overlay: &'a str,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    /// The designs, in column order.
    pub designs: Vec<ReportDesign<'a>>,
    /// The comparison of the designs.
    pub comparison: &'a Comparison,
    /// The retention plot (SVG document).
    pub retention: &'a str,
    /// The first-arrival plot (SVG document).
    pub arrival: &'a str,
    /// Who laid out the charts (for the closing section).
    pub renderer: String,
    /// hviske's version.
    pub version: &'a str,
    /// The date the report is dated (`YYYY-MM-DD`).
    pub date: String,
    /// The readings under uncertainty (`report --uncertain`): each reading's
    /// effect, what would flip the verdict, the tornado charts. `None`: not
    /// drawn, and the section says how to ask for it.
    pub readings: Option<ReadingsInput<'a>>,
    /// How to ask for the readings to be drawn, in the caller's words for
    /// [`super::Hint::UncertainCommands`] (shown when `readings` is `None`).
    pub uncertain_hint: String,
}

/// The readings' analysis shown in the report.
#[derive(Debug, Clone)]
pub struct ReadingsInput<'a> {
    /// The draws (`compare --uncertain`).
    pub robustness: &'a Robustness,
    /// One tornado chart per design after the first that has one:
    /// `(design label, SVG document)`.
    pub tornado: Vec<(String, String)>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of plain text.
    Para(String),
    /// A bulleted list of plain text.
    List(Vec<String>),
    /// A table: header, then rows of plain text.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A figure: file stem (for Markdown), SVG document, caption.
    Figure(String, String, String),
    /// A figure printed on a page of its own (an organisation chart laid
    /// out for the page): file stem, SVG document, caption.
    PageFigure(String, String, String),
    /// A sub-heading.
    Heading(String),
}

/// A section of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Anchor id (stable; tests look for it).
    pub id: String,
    /// Heading.
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The ids of the report's sections, in order.
pub const SECTION_IDS: [&str; 10] = [
    "summary",
    "charts",
    "comparison",
    "fairness",
    "readings",
    "plots",
    "key-actors",
    "representation",
    "scenarios",
    "assumptions",
];

/// The report's sections.
pub fn sections(r: &ReportInput<'_>) -> Vec<Section> {
    let mut out = vec![
        summary(r),
        charts(r),
        comparison(r),
        fairness(r.comparison),
        super::report_readings::section(r),
    ];
    out.extend([
        plots(r),
        key_actors(r),
        representation(r),
        scenarios(r),
        assumptions(r),
    ]);
    out
}

fn summary(r: &ReportInput<'_>) -> Section {
    let names: Vec<String> = r
        .designs
        .iter()
        .map(|d| {
            format!(
                "{} ({}): {} actors, {} channels",
                d.label,
                d.model.name,
                d.model.actors.len(),
                d.model.channels.len()
            )
        })
        .collect();
    let mut blocks = vec![Block::List(names)];
    match &r.readings {
        Some(x) => blocks.extend(super::assessment::summary_blocks(x.robustness)),
        None => blocks.push(Block::Para(format!(
            "This report shows one run at the point values only (every contested reading off, every per-hop value at its most \
             likely): it does not say how sure the verdict is. {} draws the readings and ranges.",
            r.uncertain_hint
        ))),
    }
    blocks.push(Block::Para(format!(
        "The single run at the point values: {}",
        r.comparison.verdict
    )));
    Section {
        id: "summary".into(),
        title: "Summary".into(),
        blocks,
    }
}

fn charts(r: &ReportInput<'_>) -> Section {
    let mut blocks = Vec::new();
    for d in &r.designs {
        blocks.push(Block::PageFigure(
            format!("{}-chart", d.label),
            d.chart.to_string(),
            format!(
                "{} ({}): the organisation chart, one row per level.",
                d.model.name, d.label
            ),
        ));
        blocks.push(Block::PageFigure(
            format!("{}-chart-overlay", d.label),
            d.chart_overlay.to_string(),
            format!(
                "{} ({}): facts from the deepest level simulated upward (seed {}, {} trials): the badge in each node = share held intact, line width = estimated flow.",
                d.model.name, d.label, d.up.seed, d.up.total_trials
            ),
        ));
    }
    Section {
        id: "charts".into(),
        title: "Organisation charts".into(),
        blocks,
    }
}

/// An actor's name, for an id (the id itself when the model has no such
/// actor, e.g. a body's key).
fn actor_name(model: &Model, id: &str) -> String {
    model
        .actor_index(id)
        .map_or_else(|| id.to_string(), |i| model.actors[i].name.clone())
}

fn value_text(v: &Cell, unit: Unit, model: Option<&Model>) -> String {
    let fmt = |x: f64| match unit {
        Unit::Share => format!("{:.1} %", x * 100.0),
        Unit::Days | Unit::PersonDaysPerYear => format!("{x:.0}"),
        Unit::Count | Unit::Hops => format!("{x:.1}").trim_end_matches(".0").to_string(),
    };
    let mut s = v.figure().map_or("–".into(), fmt);
    if let Some((lo, hi)) = v.interval() {
        let _ = write!(s, " [{} – {}]", fmt(lo), fmt(hi));
    }
    if !v.names.is_empty() {
        let names: Vec<String> = v
            .names
            .iter()
            .map(|id| model.map_or_else(|| id.clone(), |m| actor_name(m, id)))
            .collect();
        let _ = write!(s, " ({})", names.join(", "));
    }
    s
}

fn comparison(r: &ReportInput<'_>) -> Section {
    let c = r.comparison;
    let mut header = vec!["Figure".to_string()];
    header.extend(c.designs.iter().map(|d| d.label.clone()));
    let first = c.designs.first().map(|d| d.label.as_str()).unwrap_or("");
    header.extend(
        c.designs
            .iter()
            .skip(1)
            .map(|d| format!("Difference {} − {first}", d.label)),
    );
    header.push("Better".into());
    let rows = c
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.label.clone()];
            cells.extend(
                row.values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| value_text(v, row.unit, r.designs.get(i).map(|d| d.model))),
            );
            cells.extend((1..c.designs.len()).map(|i| {
                let d = super::comparison::diff_cell(row, i);
                if d.is_empty() {
                    "–".into()
                } else {
                    d
                }
            }));
            cells.push(
                row.best
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            );
            cells
        })
        .collect();
    Section {
        id: "comparison".into(),
        title: "The single run at the point values, every figure".into(),
        blocks: vec![
            Block::Table(header, rows),
            Block::Para(format!("Verdict of this run: {}", c.verdict)),
            Block::Para("One run with every contested reading off and every per-hop value at its most likely. Figures in brackets are the simulation noise of this run (95 %), not the confidence of the verdict; a difference is the later design's figure minus the first's, with its half-width (pts: percentage points; paired trials where both designs share their random draws). \"Better\" names the better design, \"tie\" when the difference is within the noise, or \"no material difference\" when it is clear but too small to act on.".into()),
        ],
    }
}

/// "Is the comparison fair?": each design's evidence mix and frictions, and
/// the asymmetries between the designs.
fn fairness(c: &Comparison) -> Section {
    let header = [
        "Design",
        "Channels stated/inferred/assumed/ungraded",
        "Hops of the best routes up, same grades",
        "Channels weaker than their kind",
        "Actors attending < 1",
        "Readings",
    ]
    .map(String::from)
    .to_vec();
    let grades = |e: &crate::model::EvidenceCounts| {
        format!("{}/{}/{}/{}", e.stated, e.inferred, e.assumed, e.ungraded)
    };
    let rows = c
        .fairness
        .designs
        .iter()
        .map(|d| {
            vec![
                d.label.clone(),
                grades(&d.channels),
                grades(&d.route_hops),
                d.weak_channels.to_string(),
                d.stretched_actors.to_string(),
                d.readings.join(", "),
            ]
        })
        .collect();
    let sentences = c.fairness.sentences();
    let asymmetries = if sentences.is_empty() {
        Block::Para(
            "No asymmetry found: the designs share their kinds' values, frictions and readings."
                .into(),
        )
    } else {
        Block::List(sentences)
    };
    Section {
        id: "fairness".into(),
        title: "Is the comparison fair?".into(),
        blocks: vec![
            Block::Table(header, rows),
            Block::Heading("Asymmetries between the designs".into()),
            asymmetries,
            Block::Para("A verdict that rests on an asymmetry says more about the modelling than about the designs. Evidence grades: stated (the source says so), inferred (follows from it), assumed (a modelling choice).".into()),
        ],
    }
}

fn plots(r: &ReportInput<'_>) -> Section {
    Section {
        id: "plots".into(),
        title: "Retention and arrival".into(),
        blocks: vec![
            Block::Figure("retention".into(), r.retention.to_string(), "Share of facts from the deepest level held intact at each level they climb, per design, with 95 % bands.".into()),
            Block::Figure("arrival".into(), r.arrival.to_string(), "Distribution of the day facts first arrive at the top, per design.".into()),
        ],
    }
}

fn key_actors(r: &ReportInput<'_>) -> Section {
    let mut blocks = Vec::new();
    for d in &r.designs {
        let a = d.analysis;
        blocks.push(Block::Heading(d.label.to_string()));
        let mut by_betweenness: Vec<_> = a.actors.iter().collect();
        by_betweenness.sort_by(|x, y| {
            y.betweenness
                .total_cmp(&x.betweenness)
                .then(x.id.cmp(&y.id))
        });
        let rows = by_betweenness
            .iter()
            .take(8)
            .map(|m| {
                vec![
                    m.name.clone(),
                    m.level.map_or("–".into(), |l| l.to_string()),
                    format!("{:.3}", m.betweenness),
                    format!("{:.3}", m.pagerank),
                ]
            })
            .collect();
        blocks.push(Block::Table(
            vec![
                "Actor (by betweenness)".into(),
                "Level".into(),
                "Betweenness".into(),
                "PageRank".into(),
            ],
            rows,
        ));
        blocks.push(Block::Para(if a.articulation_points.is_empty() {
            "Single points of failure (cut vertices): none.".into()
        } else {
            format!(
                "Single points of failure (cut vertices): {}.",
                a.articulation_points
                    .iter()
                    .map(|id| actor_name(d.model, id))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }));
        let removals = a
            .removal_impact
            .iter()
            .take(5)
            .map(|x| {
                vec![
                    x.name.clone(),
                    format!("{:.1} %", x.reach_share_loss * 100.0),
                    x.cut_off.to_string(),
                    format!("{:.3}", x.reliability_loss),
                ]
            })
            .collect();
        blocks.push(Block::Table(
            vec![
                "Removing".into(),
                "Reach lost".into(),
                "Cut off".into(),
                "Reliability lost".into(),
            ],
            removals,
        ));
    }
    Section {
        id: "key-actors".into(),
        title: "Key actors and single points of failure".into(),
        blocks,
    }
}

fn representation(r: &ReportInput<'_>) -> Section {
    let mut blocks = Vec::new();
    for d in &r.designs {
        blocks.push(Block::Heading(d.label.to_string()));
        let rows = d
            .analysis
            .representation
            .iter()
            .map(|b| {
                let sides = b
                    .sides
                    .iter()
                    .map(|s| format!("{} {} ({:.1})", s.side, s.members, s.weighted))
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    b.name.clone(),
                    b.members.to_string(),
                    sides,
                    if b.flags.is_empty() {
                        "–".into()
                    } else {
                        b.flags.join(" ")
                    },
                ]
            })
            .collect();
        blocks.push(Block::Table(
            vec![
                "Body".into(),
                "Members".into(),
                "By side (attendance-weighted)".into(),
                "Flags".into(),
            ],
            rows,
        ));
    }
    Section {
        id: "representation".into(),
        title: "Representation by body".into(),
        blocks,
    }
}

fn scenarios(r: &ReportInput<'_>) -> Section {
    let mut blocks = vec![Block::List(
        r.designs
            .iter()
            .map(|d| {
                format!(
                    "{}: {}{}",
                    d.label,
                    d.model.name,
                    d.model
                        .description
                        .as_deref()
                        .map(|s| format!(". {s}"))
                        .unwrap_or_default()
                )
            })
            .collect(),
    )];
    for d in r.designs.iter().filter(|d| !d.model.readings.is_empty()) {
        blocks.push(Block::Heading(format!(
            "Readings of the evidence in {}",
            d.label
        )));
        blocks.push(Block::List(
            d.model
                .readings
                .iter()
                .map(|x| {
                    format!(
                        "{} (probability {:.2}){}",
                        x.name,
                        x.probability.get(),
                        x.rationale
                            .as_deref()
                            .map(|s| format!(": {s}"))
                            .unwrap_or_default()
                    )
                })
                .collect(),
        ));
    }
    Section {
        id: "scenarios".into(),
        title: "Designs and scenarios run".into(),
        blocks,
    }
}

fn evidence_mix(m: &Model) -> String {
    let count = |grades: &mut dyn Iterator<Item = Option<Evidence>>| {
        let mut c = [0usize; 4];
        for g in grades {
            c[g.map_or(3, |g| g as usize)] += 1;
        }
        format!(
            "{} stated, {} inferred, {} assumed, {} not graded",
            c[0], c[1], c[2], c[3]
        )
    };
    format!(
        "actors: {}; channels: {}",
        count(&mut m.actors.iter().map(|a| a.evidence)),
        count(&mut m.channels.iter().map(|c| c.evidence))
    )
}

fn assumptions(r: &ReportInput<'_>) -> Section {
    let c = r.comparison;
    let mut blocks = vec![Block::List(vec![
        format!(
            "Seed {}; {} trials per source fact upward, {} downward.",
            c.seed, c.trials_up, c.trials_down
        ),
        format!("hviske {}; charts laid out by {}.", r.version, r.renderer),
        format!(
            "Structure only: {}.",
            if c.structure_only { "yes" } else { "no" }
        ),
    ])];
    blocks.push(Block::Heading("The comparison's assumptions".into()));
    blocks.push(Block::List(c.assumptions.clone()));
    for d in &r.designs {
        blocks.push(Block::Heading(format!(
            "{}: evidence mix and assumptions",
            d.label
        )));
        blocks.push(Block::Para(format!(
            "Evidence mix: {}.",
            evidence_mix(d.model)
        )));
        blocks.push(Block::List(d.up.assumptions.clone()));
    }
    Section {
        id: "assumptions".into(),
        title: "Assumptions, evidence, seed and version".into(),
        blocks,
    }
}

const CSS: &str = "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.7em;margin-bottom:.2em}p.dated{color:#555;margin-top:0}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}h3{margin-top:1.4em}\
table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#EEF4FA}tr:nth-child(even) td{background:#FAFAFA}code{font-family:'DejaVu Sans Mono',monospace;font-size:.92em}\
figure{margin:1em 0}figure svg{display:block;max-width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:.9em;color:#555}\
nav ol{columns:2}.scroll{overflow-x:auto;border:1px solid #ddd}.scroll svg{height:auto;border:0}\
@page{size:A4;margin:12mm}@page chart{size:A4 landscape;margin:12mm}\
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}nav{display:none}a{color:inherit;text-decoration:none}\
section#charts,section#comparison,section#key-actors{break-before:page}figure.page figcaption{font-size:8pt}h2,h3{break-after:avoid}table{font-size:8.5pt}tr{break-inside:avoid}\
figure{break-inside:avoid}figure svg{border:0;max-height:240mm}figure.page{page:chart;break-before:page;margin:0}section#charts>h2{display:none}section#charts figure.page:first-of-type{break-before:auto}figure.page svg{width:100%}\
.scroll{overflow:visible;border:0}.scroll svg{width:100%!important;max-width:100%!important}}";

/// The width of the report's text column, in CSS pixels.
const PAGE_PX: f64 = 1100.0;

/// The scale of a figure wider than the page, on screen.
const WIDE_SCALE: f64 = 0.6;

/// The width of an inline SVG document in CSS pixels (`pt` or unitless).
fn svg_width_px(svg: &str) -> Option<f64> {
    let tag = &svg[..svg.find('>')?];
    let at = tag.find(" width=\"")? + 8;
    let value = &tag[at..at + tag[at..].find('"')?];
    let (number, factor) = match value.strip_suffix("pt") {
        Some(n) => (n, 4.0 / 3.0),
        None => (value.trim_end_matches("px"), 1.0),
    };
    number.trim().parse::<f64>().ok().map(|w| w * factor)
}

/// The line under the report's title: date, version, seed.
fn dated(r: &ReportInput<'_>) -> String {
    format!(
        "Dated {}. hviske {}, seed {}, {} trials per source fact upward.",
        r.date, r.version, r.comparison.seed, r.comparison.trials_up
    )
}

/// Text for HTML: escaped, with `code` spans as <code> (no literal
/// backticks in the prose).
fn inline(t: &str) -> String {
    let parts: Vec<&str> = t.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An unpaired backtick is kept as it is.
        return esc(t).into_owned();
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(p))
            } else {
                esc(p).into_owned()
            }
        })
        .collect()
}

/// The report as one self-contained HTML document.
pub fn html(r: &ReportInput<'_>) -> String {
    let secs = sections(r);
    let title = format!(
        "hviske report: {}",
        r.designs
            .iter()
            .map(|d| d.model.name.as_str())
            .collect::<Vec<_>>()
            .join(" vs ")
    );
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"dated\">{}</p>\n<nav><ol>",
        esc(&title),
        super::escape::html(&title),
        super::escape::html(&dated(r))
    );
    for sec in &secs {
        let _ = write!(
            s,
            "<li><a href=\"#{}\">{}</a></li>",
            sec.id,
            super::escape::html(&sec.title)
        );
    }
    s.push_str("</ol></nav>\n");
    for sec in &secs {
        let _ = writeln!(
            s,
            "<section id=\"{}\">\n<h2>{}</h2>",
            sec.id,
            super::escape::html(&sec.title)
        );
        for b in &sec.blocks {
            html_block(&mut s, b);
        }
        s.push_str("</section>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

fn html_block(s: &mut String, b: &Block) {
    match b {
        Block::Para(t) => {
            let _ = writeln!(s, "<p>{}</p>", inline(t));
        }
        Block::Heading(t) => {
            let _ = writeln!(s, "<h3>{}</h3>", super::escape::html(t));
        }
        Block::List(items) => {
            s.push_str("<ul>");
            for i in items {
                let _ = write!(s, "<li>{}</li>", inline(i));
            }
            s.push_str("</ul>\n");
        }
        Block::Table(head, rows) => {
            s.push_str("<table><thead><tr>");
            for h in head {
                let _ = write!(s, "<th>{}</th>", super::escape::html(h));
            }
            s.push_str("</tr></thead><tbody>");
            for row in rows {
                s.push_str("<tr>");
                for c in row {
                    let _ = write!(s, "<td>{}</td>", inline(c));
                }
                s.push_str("</tr>");
            }
            s.push_str("</tbody></table>\n");
        }
        Block::PageFigure(_, svg, caption) => {
            let svg = super::orgchart::inline_svg(svg).trim_end();
            let _ = writeln!(
                s,
                "<figure class=\"page\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
                inline(caption)
            );
        }
        Block::Figure(_, svg, caption) => {
            let svg = super::orgchart::inline_svg(svg).trim_end();
            let wide = svg_width_px(svg).filter(|&w| w > PAGE_PX && svg.starts_with("<svg"));
            let _ = match wide {
                // Scaled to the page, a wide chart's labels would be a few
                // pixels high: on screen it scrolls sideways at a readable
                // scale; printed, it is scaled to the page's width.
                Some(w) => writeln!(
                    s,
                    "<figure class=\"wide page\">\n<div class=\"scroll\">\n<svg style=\"width:{:.0}px;max-width:none\"{}\n</div>\n<figcaption>{} (Wide: scroll sideways.)</figcaption>\n</figure>",
                    (w * WIDE_SCALE).max(PAGE_PX),
                    &svg[4..],
                    super::escape::html(caption)
                ),
                None => writeln!(
                    s,
                    "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
                    super::escape::html(caption)
                ),
            };
        }
    }
}

/// The report as Markdown, and the figures to write beside it as
/// `(file name, SVG)` pairs, the file names prefixed with `stem`.
pub fn markdown(r: &ReportInput<'_>, stem: &str) -> (String, Vec<(String, String)>) {
    let secs = sections(r);
    let mut files = Vec::new();
    // Every text is literal: a name cannot carry HTML, a link or a break
    // out of its line into the page.
    let md = |t: &str| super::escape::markdown(t).into_owned();
    let mut s = format!(
        "# hviske report: {}\n\n{}\n\n",
        md(&r
            .designs
            .iter()
            .map(|d| d.model.name.as_str())
            .collect::<Vec<_>>()
            .join(" vs ")),
        dated(r)
    );
    let cell = md;
    for sec in &secs {
        let _ = writeln!(s, "## {}\n", md(&sec.title));
        for b in &sec.blocks {
            match b {
                Block::Para(t) => {
                    let _ = writeln!(s, "{}\n", md(t));
                }
                Block::Heading(t) => {
                    let _ = writeln!(s, "### {}\n", md(t));
                }
                Block::List(items) => {
                    for i in items {
                        let _ = writeln!(s, "- {}", md(i));
                    }
                    s.push('\n');
                }
                Block::Table(head, rows) => {
                    let _ = writeln!(
                        s,
                        "| {} |",
                        head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")
                    );
                    let _ = writeln!(s, "|{}", "---|".repeat(head.len()));
                    for row in rows {
                        let _ = writeln!(
                            s,
                            "| {} |",
                            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                        );
                    }
                    s.push('\n');
                }
                Block::Figure(name, svg, caption) | Block::PageFigure(name, svg, caption) => {
                    let file = format!("{stem}-{name}.svg");
                    let caption = md(caption);
                    let _ = writeln!(s, "![{caption}]({file})\n\n*{caption}*\n");
                    files.push((file, svg.clone()));
                }
            }
        }
    }
    (s, files)
}
