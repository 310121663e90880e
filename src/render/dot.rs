//! A [`Scene`] as Graphviz DOT, built with graphviz-rust's DOT structures:
//! one `rank=same` subgraph per level with the level's label as the first
//! node of the row (the labels chained by invisible edges keep the levels in
//! order), and a legend. Actors without a level are drawn with a dashed
//! outline on the row of their neighbours' median level (a Graphviz cluster
//! for them makes dot's spline router fail on flat edges).

use super::scene::{intact_fill, side_colour, side_name, Dash, Scene, SceneEdge, SceneNode, Shape};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

/// A quoted DOT string.
fn q(s: &str) -> Id {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    Id::Escaped(format!("\"{escaped}\""))
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.into()), q(v))
}

fn node_id(key: &str) -> NodeId {
    NodeId(q(key), None)
}

fn level_key(level: u32) -> String {
    format!("level {level}")
}

/// The DOT text of `scene`.
pub fn dot(scene: &Scene) -> String {
    let graph = graph(scene);
    let mut ctx = PrinterContext::default();
    let mut text = graph.print(&mut ctx);
    text.push('\n');
    text
}

/// The DOT graph of `scene`.
pub fn graph(scene: &Scene) -> Graph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", &format!("{}\n{}", scene.title, scene.subtitle)),
            attr("labelloc", "t"),
            attr("fontsize", "22"),
            attr("fontname", "DejaVu Sans"),
            attr("newrank", "true"),
            attr("rankdir", "TB"),
            attr("nodesep", "0.18"),
            attr("ranksep", "0.55"),
            attr("bgcolor", "white"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "DejaVu Sans"),
            attr("fontsize", "10"),
            attr("style", "filled"),
            attr("penwidth", "1.4"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("arrowsize", "0.6")])),
    ];
    stmts.extend(rows(scene));
    stmts.extend(scene.edges.iter().map(|e| Stmt::Edge(edge(scene, e))));
    stmts.push(legend(scene));
    Graph::DiGraph {
        id: q(&scene.title),
        strict: false,
        stmts,
    }
}

/// One `rank=same` subgraph per level, the level's label first, and the
/// invisible chain of labels.
fn rows(scene: &Scene) -> Vec<Stmt> {
    let mut out = Vec::new();
    for row in &scene.rows {
        let mut s = vec![
            Stmt::Attribute(attr("rank", "same")),
            Stmt::Node(Node::new(
                node_id(&level_key(row.level)),
                vec![
                    Attribute(Id::Plain("label".into()), Id::Html(bold_lines(&row.label))),
                    attr("shape", "plaintext"),
                    attr("style", ""),
                    attr("fontsize", "12"),
                ],
            )),
        ];
        s.extend(
            scene
                .nodes
                .iter()
                .filter(|n| n.level == Some(row.level))
                .map(|n| Stmt::Node(node(scene, n))),
        );
        s.extend(
            scene
                .band_levels()
                .into_iter()
                .filter(|&(_, l)| l == row.level)
                .map(|(i, _)| Stmt::Node(node(scene, &scene.nodes[i]))),
        );

        out.push(Stmt::Subgraph(Subgraph {
            id: q(&format!("rank {}", row.level)),
            stmts: s,
        }));
    }
    if let Some(last) = scene.rows.last() {
        // The legend goes below the deepest level.
        out.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(&level_key(last.level))),
                Vertex::N(node_id("legend")),
            ),
            attributes: vec![attr("style", "invis")],
        }));
    }
    for pair in scene.rows.windows(2) {
        out.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(&level_key(pair[0].level))),
                Vertex::N(node_id(&level_key(pair[1].level))),
            ),
            attributes: vec![attr("style", "invis")],
        }));
    }
    out
}

fn node(scene: &Scene, n: &SceneNode) -> Node {
    let (strong, light) = side_colour(n.side);
    let (fill, white_text) = match n.intact {
        Some(share) => intact_fill(share),
        None => (light.to_string(), false),
    };
    let label = match n.intact {
        Some(share) => format!("{}\n{:.0} % intact", n.label, share * 100.0),
        None => n.label.clone(),
    };
    let (shape, style) = match (n.shape, n.level.is_some()) {
        (Shape::Body, true) => ("box", "filled"),
        (Shape::Single, true) => ("ellipse", "filled"),
        (Shape::Group, true) => ("box3d", "filled"),
        (Shape::Body, false) => ("box", "filled,dashed"),
        (Shape::Single | Shape::Group, false) => ("ellipse", "filled,dashed"),
    };
    let mut attrs = vec![
        attr("label", &label),
        attr("shape", shape),
        attr("style", style),
        attr("fillcolor", &fill),
        attr("color", strong),
    ];
    if white_text {
        attrs.push(attr("fontcolor", "white"));
    }
    if scene.overlay.is_some() {
        attrs.push(attr("penwidth", "2.5"));
    }
    if n.highlight {
        attrs.push(attr("penwidth", "4"));
        attrs.push(attr("color", "black"));
    }
    Node::new(node_id(&n.key), attrs)
}

fn dash_style(d: Dash) -> &'static str {
    match d {
        Dash::Solid => "solid",
        Dash::Dashed => "dashed",
        Dash::Dotted => "dotted",
    }
}

fn edge(scene: &Scene, e: &SceneEdge) -> Edge {
    let mut attrs = vec![
        attr("color", scene.edge_colour(e)),
        attr("style", dash_style(scene.edge_dash(e))),
        attr("penwidth", &format!("{:.2}", scene.edge_width(e))),
    ];
    if e.both {
        attrs.push(attr("dir", "both"));
    }
    let (a, b) = (&scene.nodes[e.from], &scene.nodes[e.to]);
    if a.level.is_none() || b.level.is_none() || a.level == b.level {
        attrs.push(attr("constraint", "false"));
    }
    Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(&a.key)), Vertex::N(node_id(&b.key))),
        attributes: attrs,
    }
}

/// A level label as an HTML-like label: bold, wrapped, left-aligned lines.
fn bold_lines(label: &str) -> String {
    let lines: Vec<String> = super::scene::wrap(label, 30)
        .lines()
        .map(html_escape)
        .collect();
    format!(
        "<<b>{}</b><br align=\"left\"/>>",
        lines.join("<br align=\"left\"/>")
    )
}

fn html_escape(s: &str) -> String {
    super::escape::xml(s).into_owned()
}

/// The legend: sides, shapes, channel kinds (and evidence, overlay scale),
/// one HTML-like table in a cluster below the chart.
fn legend(scene: &Scene) -> Stmt {
    // The legend's rows in the order they are drawn, top to bottom; each
    // block is a few `row` calls, so helpers would only pass `row` around.
    let mut rows = String::new();
    let mut row = |cells: String| rows.push_str(&format!("<tr>{cells}</tr>"));
    let side_heading = if scene.overlay.is_some() {
        "Side (outline)"
    } else {
        "Side"
    };
    row(format!(
        "<td colspan=\"2\" align=\"left\"><b>{side_heading}</b></td>"
    ));
    for side in scene.sides() {
        let (strong, light) = side_colour(side);
        row(format!(
            "<td bgcolor=\"{light}\" color=\"{strong}\" border=\"1\" width=\"24\"> </td><td align=\"left\">{}</td>",
            side_name(side)
        ));
    }
    row("<td colspan=\"2\" align=\"left\"><b>Shape</b></td>".into());
    row("<td>▭</td><td align=\"left\">body (has members)</td>".into());
    row("<td>◯</td><td align=\"left\">single actor</td>".into());
    if scene.nodes.iter().any(|n| n.shape == Shape::Group) {
        row("<td>▭▭</td><td align=\"left\">like enterprise actors, × count</td>".into());
    }
    if scene.nodes.iter().any(|n| n.level.is_none()) {
        row("<td>┅┅</td><td align=\"left\">dashed outline: no level in the model<br align=\"left\"/>(drawn on the row of its neighbours)</td>".into());
    }
    // The note gets a row of its own: Graphviz measures the bold heading
    // wider than browsers draw it, so a note beside it touched it.
    row("<td colspan=\"2\" align=\"left\"><b>Channel kind</b></td>".into());
    row("<td colspan=\"2\" align=\"left\">two heads: both ways</td>".into());
    for (i, k) in scene.kind_names.iter().enumerate() {
        let dash = if scene.by_evidence {
            String::new()
        } else {
            format!(" ({})", dash_style(scene.kind_dash(i)))
        };
        row(format!(
            "<td><font color=\"{}\">━━━</font></td><td align=\"left\">{}{dash}</td>",
            scene.kind_colour(i),
            html_escape(k)
        ));
    }
    if scene.by_evidence {
        row("<td colspan=\"2\" align=\"left\"><b>Evidence</b></td>".into());
        for (line, word) in [
            ("━━━", "stated or not graded"),
            ("╍╍╍", "inferred"),
            ("┈┈┈", "assumed"),
        ] {
            row(format!("<td>{line}</td><td align=\"left\">{word}</td>"));
        }
    }
    if scene.overlay.is_some() {
        row("<td colspan=\"2\" align=\"left\"><b>Share of facts held intact</b></td>".into());
        for share in [1.0, 0.75, 0.5, 0.25, 0.0] {
            let (fill, _) = intact_fill(share);
            row(format!(
                "<td bgcolor=\"{fill}\" width=\"24\"> </td><td align=\"left\">{:.0} %</td>",
                share * 100.0
            ));
        }
        row("<td colspan=\"2\" align=\"left\">Line width: estimated flow of facts<br align=\"left\"/>(share reaching the sender × fidelity; thin 0, thick 1)</td>".into());
    }
    for line in &scene.footer {
        row(format!(
            "<td colspan=\"2\" align=\"left\"><font point-size=\"9\">{}</font></td>",
            html_escape(line)
        ));
    }
    let table = format!(
        "<<table border=\"1\" color=\"#BBBBBB\" cellborder=\"0\" cellspacing=\"2\" cellpadding=\"2\">\
         <tr><td colspan=\"2\" align=\"left\"><font point-size=\"14\"><b>Legend</b></font></td></tr>{rows}</table>>"
    );
    Stmt::Node(Node::new(
        node_id("legend"),
        vec![
            Attribute(Id::Plain("label".into()), Id::Html(table)),
            attr("shape", "plaintext"),
            attr("style", ""),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::super::scene::{scene, ChartOptions};

    #[test]
    fn labels_with_quotes_are_escaped_and_parse_back() {
        let m = crate::model::parse_str(
            r#"{"format":1,"name":"A \"quoted\" org","actors":[{"id":"a","name":"A\\B \"x\"","level":1},{"id":"b","level":2}],
               "channels":[{"from":"a","to":"b","bidirectional":true}]}"#,
            "t.json",
        )
        .unwrap();
        let text = super::dot(&scene(&m, &ChartOptions::default()).unwrap());
        graphviz_rust::parse(&text).unwrap();
        assert!(text.contains("dir=\"both\""), "{text}");
    }
}
