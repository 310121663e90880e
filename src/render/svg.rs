//! A [`Scene`] drawn as SVG from the built-in layered layout (`layout.rs`):
//! a title and subtitle, level rows with their labels, the band of
//! unlevelled actors, orthogonal edges under nodes, the legend (below the
//! drawing or beside it) and a footer with the source, version and date.
//! Attributes only (no CSS), so resvg, svg2pdf and browsers draw it the
//! same way.
//!
//! For a page ([`Scene::page`]) the chart is fitted to the sheet: rows wrap
//! into several lines and the legend moves beside the drawing when that
//! prints larger, and the SVG gets the page's size in millimetres with a
//! `viewBox` that centres the drawing inside the margins.

use super::layout::{
    layout, node_lines, width_range, BoxPos, Placement, CHAR_W, NODE_FONT, PILL_R,
};
use super::scene::{intact_fill, side_colour, side_name, Dash, Page, Scene, SceneEdge, Shape};
use std::fmt::Write;

/// The font stack used by every SVG hviske draws.
pub(crate) const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// The smallest text size in a chart, in user units (legend notes, footer,
/// bundle counts); node text is [`NODE_FONT`].
pub const MIN_FONT: f64 = 10.0;
/// Where the drawing starts below the title and subtitle.
const HEADER: f64 = 56.0;
/// Width of one legend column.
const LEGEND_COL: f64 = 220.0;
/// Height of one legend entry.
const LEGEND_ROW: f64 = 16.0;
/// Height of one footer line.
const FOOTER_LINE: f64 = 14.0;
/// Millimetres per point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// Escapes text for XML.
pub(crate) fn esc(s: &str) -> String {
    super::escape::xml(s).into_owned()
}

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LegendAt {
    /// Below the drawing, this many columns side by side.
    Below(usize),
    /// Beside the drawing, columns stacked.
    Right,
}

/// A laid-out figure: the drawing, where the legend goes, the footer's
/// lines and the whole figure's size in user units.
struct Figure {
    p: Placement,
    legend: Vec<Vec<(Swatch, String)>>,
    at: LegendAt,
    footer: Vec<String>,
    size: (f64, f64),
}

fn legend_height(cols: &[Vec<(Swatch, String)>], per_row: usize) -> f64 {
    cols.chunks(per_row.max(1))
        .map(|row| row.iter().map(Vec::len).max().unwrap_or(0) as f64 * LEGEND_ROW + 8.0)
        .sum::<f64>()
        + 24.0
}

fn figure(scene: &Scene, max_width: Option<f64>, right: bool) -> Figure {
    let p = layout(scene, HEADER, max_width);
    let legend = legend_rows(scene);
    let title_w = scene.title.chars().count() as f64 * 12.0 + 32.0;
    let sub_w = scene.subtitle.chars().count() as f64 * 7.0 + 32.0;
    let (at, w, body_h) = if right {
        let w = p.size.0 + LEGEND_COL + 16.0;
        let h = p.size.1.max(HEADER + legend_height(&legend, 1));
        (LegendAt::Right, w, h)
    } else {
        let w = p.size.0.max(LEGEND_COL + 32.0);
        let per_row = (((w - 32.0) / LEGEND_COL).floor() as usize).max(1);
        (
            LegendAt::Below(per_row),
            w,
            p.size.1 + legend_height(&legend, per_row),
        )
    };
    let w = w.max(title_w).max(sub_w.min(w * 1.5));
    let chars = ((w - 32.0) / (MIN_FONT * 0.6)).max(40.0) as usize;
    let footer: Vec<String> = scene
        .footer
        .iter()
        .flat_map(|l| {
            super::scene::wrap(l, chars)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let h = body_h + footer.len() as f64 * FOOTER_LINE + 16.0;
    Figure {
        p,
        legend,
        at,
        footer,
        size: (w, h),
    }
}

/// Millimetres per user unit when `size` is fitted inside `page`'s margins.
fn page_scale(page: Page, size: (f64, f64)) -> f64 {
    let pw = page.width_mm - 2.0 * page.margin_mm;
    let ph = page.height_mm - 2.0 * page.margin_mm;
    (pw / size.0).min(ph / size.1)
}

/// The figure that prints largest on `page`: rows wrapped to one of a few
/// widths, the legend below or beside.
fn fit(scene: &Scene, page: Page) -> Figure {
    let (widest, node) = width_range(scene);
    let mut widths: Vec<Option<f64>> = vec![None];
    for k in 1..=12 {
        let w = widest * (1.0 - f64::from(k) * 0.07);
        if w >= node {
            widths.push(Some(w));
        }
    }
    let mut best: Option<(Figure, f64)> = None;
    for w in widths {
        for right in [false, true] {
            let f = figure(scene, w, right);
            let s = page_scale(page, f.size);
            if best.as_ref().is_none_or(|(_, b)| s > *b + 1e-9) {
                best = Some((f, s));
            }
        }
    }
    best.expect("at least one candidate").0
}

/// The size the smallest text of `scene`'s chart prints at on its page, in
/// points (`None` when the chart is not laid out for a page).
pub fn smallest_text_pt(scene: &Scene) -> Option<f64> {
    let page = scene.page?;
    let f = fit(scene, page);
    Some(MIN_FONT * page_scale(page, f.size) / MM_PER_PT)
}

/// The chart of `scene` as a standalone SVG document.
pub fn svg(scene: &Scene) -> String {
    let f = match scene.page {
        Some(page) => fit(scene, page),
        None => figure(scene, None, false),
    };
    let (width, height) = f.size;
    let p = &f.p;
    let mut s = String::new();
    let (size_attrs, view) = match scene.page {
        Some(page) => {
            let scale = page_scale(page, f.size);
            let (vw, vh) = (page.width_mm / scale, page.height_mm / scale);
            (
                format!(
                    "width=\"{}mm\" height=\"{}mm\"",
                    page.width_mm, page.height_mm
                ),
                (-(vw - width) / 2.0, -(vh - height) / 2.0, vw, vh),
            )
        }
        None => (
            format!("width=\"{width:.0}\" height=\"{height:.0}\""),
            (0.0, 0.0, width.round(), height.round()),
        ),
    };
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         {size_attrs} viewBox=\"{:.1} {:.1} {:.1} {:.1}\" font-family=\"{FONT}\">\n<title>{}</title>\n",
        view.0,
        view.1,
        view.2,
        view.3,
        esc(&scene.title)
    );
    markers(&mut s, scene);
    let _ = writeln!(
        s,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"white\"/>",
        view.0, view.1, view.2, view.3
    );
    let _ = writeln!(
        s,
        "<text class=\"title\" x=\"16\" y=\"28\" font-size=\"20\" font-weight=\"bold\">{}</text>\n\
         <text class=\"subtitle\" x=\"16\" y=\"48\" font-size=\"12\" fill=\"#444444\">{}</text>",
        esc(&scene.title),
        esc(&scene.subtitle)
    );
    rows(&mut s, scene, p, width);
    for (e, route) in scene.edges.iter().zip(&p.routes) {
        edge(&mut s, scene, e, route);
    }
    for i in 0..scene.nodes.len() {
        node(&mut s, scene, i, &p.boxes[i]);
    }
    match f.at {
        LegendAt::Below(per_row) => draw_legend(&mut s, &f.legend, 16.0, p.size.1 + 4.0, per_row),
        LegendAt::Right => draw_legend(&mut s, &f.legend, p.size.0 + 8.0, HEADER, 1),
    }
    let _ = writeln!(s, "<g class=\"footer\">");
    let top = height - 8.0 - f.footer.len() as f64 * FOOTER_LINE;
    for (k, line) in f.footer.iter().enumerate() {
        let _ = writeln!(
            s,
            "<text x=\"16\" y=\"{:.1}\" font-size=\"{MIN_FONT}\" fill=\"#444444\">{}</text>",
            top + (k as f64 + 1.0) * FOOTER_LINE - 3.0,
            esc(line)
        );
    }
    s.push_str("</g>\n</svg>\n");
    s
}

fn marker_id(colour: &str, start: bool) -> String {
    format!(
        "{}{}",
        if start { "s" } else { "e" },
        colour.trim_start_matches('#')
    )
}

fn markers(s: &mut String, scene: &Scene) {
    s.push_str("<defs>\n");
    let mut colours: Vec<&str> = scene.edges.iter().map(|e| scene.edge_colour(e)).collect();
    colours.sort_unstable();
    colours.dedup();
    for c in colours {
        for (start, path, refx) in [
            (false, "M0,0 L10,5 L0,10 z", 10),
            (true, "M10,0 L0,5 L10,10 z", 0),
        ] {
            let _ = writeln!(
                s,
                "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"{refx}\" refY=\"5\" markerWidth=\"8\" \
                 markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"{path}\" fill=\"{c}\"/></marker>",
                marker_id(c, start)
            );
        }
    }
    s.push_str("</defs>\n");
}

fn rows(s: &mut String, scene: &Scene, p: &Placement, _width: f64) {
    let right = p.band_x.map_or(p.size.0 - 8.0, |b| b - 46.0);
    for (r, (row, &(top, bottom))) in scene.rows.iter().zip(&p.rows).enumerate() {
        let fill = if r % 2 == 0 { "#F2F2F2" } else { "#FAFAFA" };
        let _ = writeln!(
            s,
            "<rect x=\"8\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>",
            right - 8.0,
            bottom - top
        );
        let lines: Vec<String> = super::scene::wrap(&row.label, super::layout::ROW_LABEL_CHARS)
            .lines()
            .map(str::to_string)
            .collect();
        let cy = top + 8.0 + lines.len() as f64 * 6.6;
        text_block(s, 14.0, cy, &lines, "start", "#222222", true, NODE_FONT);
    }
    if let Some(bx) = p.band_x {
        let bottom = (0..scene.nodes.len())
            .filter(|&i| scene.nodes[i].level.is_none())
            .map(|i| p.boxes[i].y + p.boxes[i].hh)
            .fold(HEADER + 40.0, f64::max);
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#999999\" \
             stroke-dasharray=\"6 4\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{NODE_FONT}\" font-weight=\"bold\">No level in the model</text>",
            bx - 6.0,
            HEADER + 4.0,
            p.size.0 - bx - 4.0,
            bottom + 8.0 - HEADER - 4.0,
            bx,
            HEADER + 18.0
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn text_block(
    s: &mut String,
    x: f64,
    cy: f64,
    lines: &[String],
    anchor: &str,
    colour: &str,
    bold: bool,
    size: f64,
) {
    let lh = size * 1.2;
    let y0 = cy - (lines.len() as f64 - 1.0) * lh / 2.0 + size * 0.35;
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    let _ = write!(
        s,
        "<text x=\"{x:.1}\" y=\"{y0:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{colour}\"{weight}>"
    );
    for (k, l) in lines.iter().enumerate() {
        let dy = if k == 0 { 0.0 } else { lh };
        let _ = write!(s, "<tspan x=\"{x:.1}\" dy=\"{dy:.1}\">{}</tspan>", esc(l));
    }
    s.push_str("</text>\n");
}

fn dasharray(d: Dash) -> &'static str {
    match d {
        Dash::Solid => "",
        Dash::Dashed => " stroke-dasharray=\"7 4\"",
        Dash::Dotted => " stroke-dasharray=\"2 3\"",
    }
}

fn edge(s: &mut String, scene: &Scene, e: &SceneEdge, route: &[(f64, f64)]) {
    let colour = scene.edge_colour(e);
    let heads = format!(
        " marker-end=\"url(#{}){}",
        marker_id(colour, false),
        if e.both {
            format!("\" marker-start=\"url(#{})\"", marker_id(colour, true))
        } else {
            "\"".into()
        }
    );
    let mut d = String::new();
    for (k, (x, y)) in route.iter().enumerate() {
        let _ = write!(d, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { " L" });
    }
    let _ = writeln!(
        s,
        "<path class=\"edge\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.2}\" stroke-linejoin=\"round\" stroke-opacity=\"0.85\"{}{heads}/>",
        scene.edge_width(e),
        dasharray(scene.edge_dash(e))
    );
    if e.count > 1 {
        // The bundle's count on its longest horizontal run, in the channel.
        let run = route
            .windows(2)
            .filter(|w| (w[0].1 - w[1].1).abs() < 1e-9)
            .max_by(|a, b| (a[0].0 - a[1].0).abs().total_cmp(&(b[0].0 - b[1].0).abs()));
        if let Some(w) = run {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{MIN_FONT}\" text-anchor=\"middle\" fill=\"{colour}\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">× {}</text>",
                (w[0].0 + w[1].0) / 2.0,
                w[0].1 - 3.0,
                e.count
            );
        }
    }
}

fn node(s: &mut String, scene: &Scene, i: usize, b: &BoxPos) {
    let n = &scene.nodes[i];
    let (strong, light) = side_colour(n.side);
    let (stroke, width) = if n.highlight {
        ("#000000", 3.0)
    } else {
        (strong, 1.4)
    };
    // No level in the model: a dashed outline (drawn on its neighbours' row).
    let dash = if n.level.is_none() {
        " stroke-dasharray=\"5 3\""
    } else {
        ""
    };
    let paint = format!("fill=\"{light}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}");
    let _ = writeln!(s, "<g class=\"node\">");
    match n.shape {
        Shape::Single => {
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{:.1}\" {paint}/>",
                b.x - b.hw,
                b.y - b.hh,
                2.0 * b.hw,
                2.0 * b.hh,
                b.hh.min(PILL_R)
            );
        }
        Shape::Body => {
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" {paint}/>",
                b.x - b.hw,
                b.y - b.hh,
                2.0 * b.hw,
                2.0 * b.hh
            );
        }
        Shape::Group => {
            // A stack of three sheets inside the node's box.
            for off in [6.0, 3.0, 0.0] {
                let _ = writeln!(
                    s,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" {paint}/>",
                    b.x - b.hw + off,
                    b.y - b.hh + 6.0 - off,
                    2.0 * b.hw - 6.0,
                    2.0 * b.hh - 6.0
                );
            }
        }
    }
    let mut lines = node_lines(scene, i);
    let (cx, cy) = match n.shape {
        Shape::Group => (b.x - 3.0, b.y + 3.0),
        _ => (b.x, b.y),
    };
    let size = NODE_FONT;
    let lh = size * 1.2;
    if let Some(share) = n.intact {
        // The share held intact on a badge of the overlay's scale, apart
        // from the side's fill.
        let badge = lines.pop().unwrap_or_default();
        let (fill, white) = intact_fill(share);
        let base = cy - (lines.len() as f64) * lh / 2.0 + size * 0.35 + lines.len() as f64 * lh;
        let w = badge.chars().count() as f64 * CHAR_W + 6.0;
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" rx=\"2\" fill=\"{fill}\" stroke=\"#555555\" stroke-width=\"0.6\"/>",
            cx - w / 2.0,
            base - size * 0.95,
            size * 1.3
        );
        text_block(
            s,
            cx,
            base - size * 0.35,
            &[badge],
            "middle",
            if white { "#FFFFFF" } else { "#111111" },
            false,
            size,
        );
        text_block(
            s,
            cx,
            cy - lh / 2.0,
            &lines,
            "middle",
            "#111111",
            n.highlight,
            size,
        );
    } else {
        text_block(s, cx, cy, &lines, "middle", "#111111", n.highlight, size);
    }
    s.push_str("</g>\n");
}

/// One legend entry: a swatch and its words.
enum Swatch {
    Heading,
    Fill(String, String),
    Line(String, Dash),
    Shape(Shape),
    Badge(String),
    Dashed,
    Text,
}

fn legend_rows(scene: &Scene) -> Vec<Vec<(Swatch, String)>> {
    let mut cols = Vec::new();
    let mut sides = vec![(Swatch::Heading, "Side (fill and outline)".to_string())];
    for side in scene.sides() {
        let (strong, light) = side_colour(side);
        sides.push((
            Swatch::Fill(light.into(), strong.into()),
            side_name(side).into(),
        ));
    }
    cols.push(sides);
    let mut shapes = vec![(Swatch::Heading, "Shape".to_string())];
    let has = |shape: Shape| scene.nodes.iter().any(|n| n.shape == shape);
    if has(Shape::Body) {
        shapes.push((Swatch::Shape(Shape::Body), "body (has members)".into()));
    }
    if has(Shape::Single) {
        shapes.push((
            Swatch::Shape(Shape::Single),
            "single actor (rounded)".into(),
        ));
    }
    if has(Shape::Group) {
        shapes.push((
            Swatch::Shape(Shape::Group),
            "like enterprise actors, × count".into(),
        ));
    }
    if scene.nodes.iter().any(|n| n.level.is_none()) && !scene.rows.is_empty() {
        shapes.push((Swatch::Dashed, "no level in the model:".into()));
        shapes.push((Swatch::Text, "on its neighbours' median level".into()));
    }
    if scene.nodes.iter().any(|n| n.highlight) {
        shapes.push((
            Swatch::Fill("white".into(), "#000000".into()),
            "highlighted (bold)".into(),
        ));
    }
    cols.push(shapes);
    let mut kinds = vec![(Swatch::Heading, "Channel kind".to_string())];
    for (i, name) in scene.kind_names.iter().enumerate() {
        kinds.push((
            Swatch::Line(scene.kind_colour(i).into(), legend_dash(scene, i)),
            name.clone(),
        ));
    }
    kinds.push((
        Swatch::Text,
        "arrow: direction; two heads: both ways".into(),
    ));
    if scene.edges.iter().any(|e| e.count > 1) && scene.overlay.is_none() {
        kinds.push((Swatch::Text, "× n: n like channels as one line".into()));
    }
    cols.push(kinds);
    if scene.by_evidence {
        cols.push(vec![
            (Swatch::Heading, "Evidence (line style)".into()),
            (
                Swatch::Line("#333333".into(), Dash::Solid),
                "stated, or not graded".into(),
            ),
            (
                Swatch::Line("#333333".into(), Dash::Dashed),
                "inferred".into(),
            ),
            (
                Swatch::Line("#333333".into(), Dash::Dotted),
                "assumed".into(),
            ),
        ]);
    }
    if scene.overlay.is_some() {
        let mut o = vec![(Swatch::Heading, "Share of facts held intact".to_string())];
        o.push((Swatch::Text, "(the badge in each node)".into()));
        for share in [1.0, 0.75, 0.5, 0.25, 0.0] {
            o.push((
                Swatch::Badge(intact_fill(share).0),
                format!("{:.0} %", share * 100.0),
            ));
        }
        o.push((Swatch::Heading, "Line width: estimated flow".into()));
        o.push((Swatch::Text, "share reaching the sender × fidelity".into()));
        o.push((Swatch::Text, "(thin: none, thickest: every trial)".into()));
        cols.push(o);
    }
    cols
}

fn draw_legend(
    s: &mut String,
    cols: &[Vec<(Swatch, String)>],
    left: f64,
    top: f64,
    per_row: usize,
) {
    let _ = writeln!(
        s,
        "<g class=\"legend\">\n<text x=\"{left:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"bold\">Legend</text>",
        top + 14.0
    );
    let mut block_top = top + 24.0;
    for block in cols.chunks(per_row.max(1)) {
        for (c, col) in block.iter().enumerate() {
            let x = left + c as f64 * LEGEND_COL;
            for (r, (sw, words)) in col.iter().enumerate() {
                legend_entry(s, sw, words, x, block_top + 8.0 + r as f64 * LEGEND_ROW);
            }
        }
        block_top += block.iter().map(Vec::len).max().unwrap_or(0) as f64 * LEGEND_ROW + 8.0;
    }
    s.push_str("</g>\n");
}

fn legend_entry(s: &mut String, sw: &Swatch, words: &str, x: f64, y: f64) {
    let tx = x + 34.0;
    match sw {
        Swatch::Heading => {
            let _ = writeln!(s, "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{NODE_FONT}\" font-weight=\"bold\">{}</text>", y + 4.0, esc(words));
            return;
        }
        Swatch::Text => {
            let _ = writeln!(s, "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{MIN_FONT}\" fill=\"#333333\">{}</text>", y + 4.0, esc(words));
            return;
        }
        Swatch::Fill(fill, stroke) => {
            let _ = writeln!(s, "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"26\" height=\"12\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.4\"/>", y - 6.0);
        }
        Swatch::Badge(fill) => {
            let _ = writeln!(s, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"18\" height=\"11\" rx=\"2\" fill=\"{fill}\" stroke=\"#555555\" stroke-width=\"0.6\"/>", x + 4.0, y - 5.5);
        }
        Swatch::Line(colour, dash) => {
            let _ = writeln!(s, "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"{}/>", x + 26.0, dasharray(*dash));
        }
        Swatch::Shape(Shape::Single) => {
            let _ = writeln!(s, "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"26\" height=\"12\" rx=\"6\" fill=\"white\" stroke=\"#333333\"/>", y - 6.0);
        }
        Swatch::Dashed => {
            let _ = writeln!(s, "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"26\" height=\"12\" fill=\"white\" stroke=\"#333333\" stroke-dasharray=\"5 3\"/>", y - 6.0);
        }
        Swatch::Shape(shape) => {
            let offs: &[f64] = if *shape == Shape::Group {
                &[4.0, 2.0, 0.0]
            } else {
                &[0.0]
            };
            for off in offs {
                let _ = writeln!(s, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"22\" height=\"12\" fill=\"white\" stroke=\"#333333\"/>", x + off, y - 6.0 - off);
            }
        }
    }
    let _ = writeln!(
        s,
        "<text x=\"{tx:.1}\" y=\"{:.1}\" font-size=\"{NODE_FONT}\">{}</text>",
        y + 4.0,
        esc(words)
    );
}

/// A channel kind's dash in the legend: solid when lines are styled by
/// evidence grade (their own legend shows the dashes), else the kind's.
fn legend_dash(scene: &Scene, kind: usize) -> Dash {
    if scene.by_evidence {
        Dash::Solid
    } else {
        scene.kind_dash(kind)
    }
}
