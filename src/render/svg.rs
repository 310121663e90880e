//! A [`Scene`] drawn as SVG from the built-in layered layout (`layout.rs`):
//! level rows with their labels, the band of unlevelled actors, edges under
//! nodes, and the legend below. Attributes only (no CSS), so resvg, svg2pdf
//! and browsers draw it the same way.

use super::layout::{layout, node_lines, BoxPos, Placement, LABEL_W, LINE_H};
use super::scene::{intact_fill, side_colour, side_name, Dash, Scene, SceneEdge, Shape};
use std::fmt::Write;

/// The font stack used by every SVG hviske draws.
pub(crate) const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// Escapes text for XML.
pub(crate) fn esc(s: &str) -> String {
    super::escape::xml(s).into_owned()
}

/// The chart of `scene` as a standalone SVG document.
pub fn svg(scene: &Scene) -> String {
    let p = layout(scene);
    let legend = legend_rows(scene);
    let legend_h = legend.iter().map(Vec::len).max().unwrap_or(0) as f64 * 18.0 + 40.0;
    let width = p.size.0.max(legend.len() as f64 * 250.0 + 40.0);
    let height = p.size.1 + legend_h;
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         font-family=\"{FONT}\">\n<title>{}</title>\n",
        esc(&scene.title)
    );
    markers(&mut s, scene);
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"30\" font-size=\"20\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
        width / 2.0,
        esc(&scene.title)
    );
    rows(&mut s, scene, &p, width);
    for e in &scene.edges {
        edge(&mut s, scene, e, &p);
    }
    for i in 0..scene.nodes.len() {
        node(&mut s, scene, i, &p.boxes[i]);
    }
    draw_legend(&mut s, &legend, p.size.1 + 10.0);
    s.push_str("</svg>\n");
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

fn rows(s: &mut String, scene: &Scene, p: &Placement, width: f64) {
    for (r, (row, &(y, hh))) in scene.rows.iter().zip(&p.rows).enumerate() {
        let fill = if r % 2 == 0 { "#F4F4F4" } else { "#FAFAFA" };
        let _ = writeln!(
            s,
            "<rect x=\"8\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>",
            y - hh - 8.0,
            p.band_x.map_or(width, |b| b - 20.0) - 8.0,
            2.0 * hh + 16.0
        );
        let lines: Vec<String> = super::scene::wrap(&row.label, 28)
            .lines()
            .map(str::to_string)
            .collect();
        text_block(s, 16.0, y, &lines, "start", "#222222", true, 12.0);
    }
    if let Some(bx) = p.band_x {
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"40\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#999999\" \
             stroke-dasharray=\"6 4\"/>\n<text x=\"{:.1}\" y=\"56\" font-size=\"12\" font-weight=\"bold\">Outside the levels</text>",
            bx - 12.0,
            p.size.0 - bx - 4.0,
            p.size.1 - 50.0,
            bx - 4.0
        );
    }
    let _ = LABEL_W;
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

/// The point where the segment from `b`'s centre towards (`tx`, `ty`) leaves `b`.
fn clip(b: &BoxPos, tx: f64, ty: f64, ellipse: bool) -> (f64, f64) {
    let (dx, dy) = (tx - b.x, ty - b.y);
    if dx == 0.0 && dy == 0.0 {
        return (b.x, b.y);
    }
    let t = if ellipse {
        1.0 / ((dx / b.hw).powi(2) + (dy / b.hh).powi(2)).sqrt()
    } else {
        let tx = if dx == 0.0 {
            f64::INFINITY
        } else {
            b.hw / dx.abs()
        };
        let ty = if dy == 0.0 {
            f64::INFINITY
        } else {
            b.hh / dy.abs()
        };
        tx.min(ty)
    };
    (b.x + dx * t, b.y + dy * t)
}

fn dasharray(d: Dash) -> &'static str {
    match d {
        Dash::Solid => "",
        Dash::Dashed => " stroke-dasharray=\"7 4\"",
        Dash::Dotted => " stroke-dasharray=\"2 3\"",
    }
}

fn edge(s: &mut String, scene: &Scene, e: &SceneEdge, p: &Placement) {
    let (a, b) = (&p.boxes[e.from], &p.boxes[e.to]);
    let ell = |i: usize| scene.nodes[i].shape == Shape::Single;
    let same_row =
        scene.nodes[e.from].level.is_some() && scene.nodes[e.from].level == scene.nodes[e.to].level;
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
    let d = if same_row {
        let (x1, y1, x2, y2) = (a.x, a.y - a.hh, b.x, b.y - b.hh);
        let lift = 18.0 + (x2 - x1).abs() * 0.08;
        format!(
            "M{x1:.1},{y1:.1} C{x1:.1},{:.1} {x2:.1},{:.1} {x2:.1},{y2:.1}",
            y1 - lift,
            y2 - lift
        )
    } else {
        let (x1, y1) = clip(a, b.x, b.y, ell(e.from));
        let (x2, y2) = clip(b, a.x, a.y, ell(e.to));
        format!("M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}")
    };
    let _ = writeln!(
        s,
        "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.2}\" stroke-opacity=\"0.75\"{}{heads}/>",
        scene.edge_width(e),
        dasharray(scene.edge_dash(e))
    );
}

fn node(s: &mut String, scene: &Scene, i: usize, b: &BoxPos) {
    let n = &scene.nodes[i];
    let (strong, light) = side_colour(n.side);
    let (fill, white) = match n.intact {
        Some(share) => intact_fill(share),
        None => (light.to_string(), false),
    };
    let (stroke, width) = if n.highlight {
        ("#000000", 4.0)
    } else if n.intact.is_some() {
        (strong, 2.5)
    } else {
        (strong, 1.4)
    };
    let paint = format!("fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"");
    match n.shape {
        Shape::Single => {
            let _ = writeln!(
                s,
                "<ellipse cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" {paint}/>",
                b.x, b.y, b.hw, b.hh
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
            for off in [6.0, 3.0, 0.0] {
                let _ = writeln!(
                    s,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" {paint}/>",
                    b.x - b.hw + off,
                    b.y - b.hh - off,
                    2.0 * b.hw,
                    2.0 * b.hh
                );
            }
        }
    }
    let colour = if white { "#FFFFFF" } else { "#111111" };
    let _ = LINE_H;
    text_block(
        s,
        b.x,
        b.y,
        &node_lines(scene, i),
        "middle",
        colour,
        n.highlight,
        11.0,
    );
}

/// One legend entry: a swatch and its words.
enum Swatch {
    Heading,
    Fill(String, String),
    Line(String, Dash),
    Shape(Shape),
    Text,
}

fn legend_rows(scene: &Scene) -> Vec<Vec<(Swatch, String)>> {
    let mut cols = Vec::new();
    let side_heading = if scene.overlay.is_some() {
        "Side (outline)"
    } else {
        "Side"
    };
    let mut sides = vec![(Swatch::Heading, side_heading.to_string())];
    for side in scene.sides() {
        let (strong, light) = side_colour(side);
        sides.push((
            Swatch::Fill(light.into(), strong.into()),
            side_name(side).into(),
        ));
    }
    sides.push((Swatch::Heading, "Shape".into()));
    sides.push((Swatch::Shape(Shape::Body), "body (has members)".into()));
    sides.push((Swatch::Shape(Shape::Single), "single actor".into()));
    if scene.nodes.iter().any(|n| n.shape == Shape::Group) {
        sides.push((Swatch::Shape(Shape::Group), "like actors, × count".into()));
    }
    cols.push(sides);
    let mut kinds = vec![(
        Swatch::Heading,
        "Channel kind (two heads: both ways)".to_string(),
    )];
    for (i, k) in scene.kinds.iter().enumerate() {
        kinds.push((
            Swatch::Line(scene.kind_colour(i).into(), legend_dash(scene, i)),
            k.clone(),
        ));
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
    if let Some(caption) = &scene.overlay {
        let mut o = vec![(Swatch::Heading, "Share of facts held intact".to_string())];
        for share in [1.0, 0.75, 0.5, 0.25, 0.0] {
            o.push((
                Swatch::Fill(intact_fill(share).0, "#555555".into()),
                format!("{:.0} %", share * 100.0),
            ));
        }
        o.push((Swatch::Heading, "Line width: estimated flow".into()));
        o.push((Swatch::Text, "share reaching the sender × fidelity".into()));
        o.push((Swatch::Text, "(thin: none, thickest: every trial)".into()));
        for line in super::scene::wrap(caption, 44).lines() {
            o.push((Swatch::Text, line.to_string()));
        }
        cols.push(o);
    }
    cols
}

fn draw_legend(s: &mut String, cols: &[Vec<(Swatch, String)>], top: f64) {
    let _ = writeln!(
        s,
        "<text x=\"16\" y=\"{:.1}\" font-size=\"14\" font-weight=\"bold\">Legend</text>",
        top + 4.0
    );
    for (c, col) in cols.iter().enumerate() {
        let x = 16.0 + c as f64 * 250.0;
        for (r, (sw, words)) in col.iter().enumerate() {
            let y = top + 24.0 + r as f64 * 18.0;
            let tx = x + 36.0;
            match sw {
                Swatch::Heading => {
                    let _ = writeln!(s, "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"bold\">{}</text>", y + 4.0, esc(words));
                    continue;
                }
                Swatch::Fill(fill, stroke) => {
                    let _ = writeln!(s, "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"26\" height=\"12\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.4\"/>", y - 6.0);
                }
                Swatch::Line(colour, dash) => {
                    let _ = writeln!(s, "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"{}/>", x + 26.0, dasharray(*dash));
                }
                Swatch::Shape(Shape::Single) => {
                    let _ = writeln!(s, "<ellipse cx=\"{:.1}\" cy=\"{y:.1}\" rx=\"13\" ry=\"6\" fill=\"white\" stroke=\"#333333\"/>", x + 13.0);
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
                Swatch::Text => {
                    let _ = writeln!(s, "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#333333\">{}</text>", y + 4.0, esc(words));
                    continue;
                }
            }
            let _ = writeln!(
                s,
                "<text x=\"{tx:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
                y + 4.0,
                esc(words)
            );
        }
    }
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
