//! `hviske inspect` output.

use super::table::{Align, Table};
use super::{json, num, Format, Layout, RenderError};
use crate::analysis::{HopStats, Inspection};

/// The model's figures: counts, evidence, levels and hops each way.
fn figures(i: &Inspection) -> Table {
    let mut t = Table::new(["figure", "value"]);
    t.row(["actors".to_string(), i.actors.to_string()]);
    t.row([
        "bodies (actors with members)".to_string(),
        i.bodies.to_string(),
    ]);
    t.row(["channels".to_string(), i.channels.to_string()]);
    t.row([
        "channels by evidence".to_string(),
        i.channel_evidence.to_string(),
    ]);
    t.row([
        "most reliable routes up, hops by evidence".to_string(),
        i.route_evidence.to_string(),
    ]);
    t.row(["arcs (both ways counted)".to_string(), i.arcs.to_string()]);
    t.row(["levels".to_string(), i.levels.to_string()]);
    let hop_rows = |t: &mut Table, h: &Option<HopStats>, way: &str| {
        if let Some(h) = h {
            t.row([
                format!(
                    "longest hops {way} (level {} -> {})",
                    h.from_level, h.to_level
                ),
                h.longest.map_or("–".into(), |x| x.to_string()),
            ]);
            t.row([
                format!("mean hops {way} (level {} -> {})", h.from_level, h.to_level),
                num(h.mean, 2),
            ]);
            t.row([
                format!("deepest-level actors connected {way}"),
                format!("{} of {}", h.connected, h.actors),
            ]);
        }
    };
    hop_rows(&mut t, &i.hops_up, "up");
    hop_rows(&mut t, &i.hops_down, "down");
    t
}

/// Renders an [`Inspection`] as a table, Markdown or JSON.
///
/// # Errors
/// [`RenderError::Unsupported`] for CSV.
pub fn inspection(i: &Inspection, format: Format) -> Result<String, RenderError> {
    let layout = match format {
        Format::Json => return Ok(json(i)),
        Format::Csv => {
            return Err(RenderError::Unsupported {
                what: "inspect",
                format,
                supported: "table, json or markdown",
            })
        }
        Format::Table | Format::Markdown => Layout {
            md: format == Format::Markdown,
        },
    };
    let show = |t: &Table| layout.table(t);
    let heading = |s: &str| layout.heading(s);
    let mut out = String::new();
    out.push_str(&layout.title(&i.model));

    out.push_str(&show(&figures(i)));

    out.push('\n');
    out.push_str(&heading("Actors per level"));
    let mut t = Table::new(["level", "name", "actors"]).align(1, Align::Left);
    for l in &i.per_level {
        t.row([
            l.level.to_string(),
            l.name.clone().unwrap_or_default(),
            l.actors.to_string(),
        ]);
    }
    out.push_str(&show(&t));

    for (title, head, list) in [
        ("Actors per side", "side", &i.per_side),
        ("Actors per kind", "kind", &i.per_kind),
        ("Channels per kind", "kind", &i.channels_per_kind),
    ] {
        out.push('\n');
        out.push_str(&heading(title));
        let mut t = Table::new([head, "count"]);
        for n in list {
            t.row([n.name.clone(), n.count.to_string()]);
        }
        out.push_str(&show(&t));
    }

    if !i.warnings.is_empty() {
        out.push('\n');
        out.push_str(&heading("Warnings"));
        for w in &i.warnings {
            let w = if layout.md {
                super::escape::markdown(w)
            } else {
                w.into()
            };
            out.push_str(&format!("- {w}\n"));
        }
    }
    Ok(out)
}
