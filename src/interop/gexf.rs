//! GEXF 1.3 out, for Gephi: a directed static graph, every actor and channel
//! field declared as a typed attribute (`integer`, `double`, `boolean`,
//! `string`); the node `label` is the actor's name; a bidirectional channel is
//! two edges (as in GraphML), each with `bidirectional` true and the same
//! `channel` number. The shape follows the GEXF 1.3 schema
//! (`http://gexf.net/1.3/gexf.xsd`): `meta`, then `graph` with its
//! `attributes` declarations before `nodes` and `edges`.
//!
//! **Reading** (Gephi, networkx's `write_gexf`, hviske's own export): a node
//! is an actor (its `label` the name where no `name` attribute gives one),
//! an edge a channel (`weight` as in GraphML); attributes whose `title` is a
//! field set it, the others are kept under `meta` with their declared type;
//! an undirected or mutual edge is bidirectional. The document is read into
//! GraphML's shape and mapped by the same code, so the rules are GraphML's.

use super::error::{ImportError, ProblemKind};
use super::fields::{Cell, Column, Table};
use super::graphml::{edge_columns, node_columns, Data, Doc, Element, GTy, Key};
use super::{ImportOptions, Imported, MAX_DEPTH, MAX_ROWS};
use crate::model::Model;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::fmt::Write as _;
use std::path::Path;

/// GEXF text -> model.
pub(super) fn import(
    path: &Path,
    text: &str,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    super::graphml::import_doc(path, text, parse(text), attributes, opts)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The GraphML-shaped key of a GEXF attribute or element attribute.
fn key(name: &str, ty: GTy, domain: &str) -> Key {
    Key {
        name: name.into(),
        ty,
        yfiles: false,
        default: None,
        domain: domain.into(),
    }
}

fn gexf_type(t: &str) -> GTy {
    match t {
        "integer" | "long" | "short" | "byte" => GTy::Int,
        "float" | "double" => GTy::Double,
        "boolean" => GTy::Bool,
        _ => GTy::Str,
    }
}

/// GEXF -> the document GraphML's mapping reads.
fn parse(text: &str) -> Doc {
    let mut doc = Doc {
        directed: true,
        ..Doc::default()
    };
    doc.keys
        .insert("@label".into(), key("label", GTy::Str, "all"));
    doc.keys
        .insert("@weight".into(), key("weight", GTy::Double, "edge"));
    let mut reader = Reader::from_str(text);
    // Where we are: the class of an <attributes> block, the element
    // (node or edge) being read, the depth.
    let mut class = String::new();
    let mut current: Option<(bool, usize)> = None;
    let mut depth = 0usize;
    let mut last_attribute: Option<String> = None;
    let mut in_default = false;
    loop {
        let before = reader.buffer_position() as usize;
        let offset = before + text[before.min(text.len())..].find('<').unwrap_or(0);
        let event = reader.read_event();
        let (e, empty) = match event {
            Err(e) => {
                let at = reader.error_position() as usize;
                doc.problems.push((at, ProblemKind::Xml(e.to_string())));
                break;
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "node" | "edge" => current = None,
                    "default" => in_default = false,
                    _ => {}
                }
                continue;
            }
            Ok(Event::Text(t)) => {
                if let (true, Some(id)) = (in_default, &last_attribute) {
                    if let Some(k) = doc.keys.get_mut(id) {
                        k.default = Some(t.xml10_content().trim().to_string());
                    }
                }
                continue;
            }
            Ok(_) => continue,
        };
        if !empty {
            depth += 1;
            if depth > MAX_DEPTH {
                let msg = format!("elements nested more than {MAX_DEPTH} deep");
                doc.problems.push((offset, ProblemKind::Xml(msg)));
                break;
            }
        }
        if let Some(Err(err)) = e.attributes().find(Result::is_err) {
            doc.problems
                .push((offset, ProblemKind::Xml(err.to_string())));
            break;
        }
        let local = e.local_name();
        let name = local.as_ref().to_string();
        if !doc.root_seen {
            doc.root_seen = true;
            if name != "gexf" {
                let msg = format!("not GEXF: the root element is <{name}>, expected <gexf>");
                doc.problems.push((offset, ProblemKind::Xml(msg)));
                break;
            }
            continue;
        }
        if doc.nodes.len() + doc.edges.len() >= MAX_ROWS && (name == "node" || name == "edge") {
            doc.problems
                .push((offset, ProblemKind::TooManyRows(MAX_ROWS)));
            break;
        }
        let need = |doc: &mut Doc, attribute: &'static str, element: &'static str| {
            let v = attr(&e, attribute);
            if v.is_none() {
                doc.problems
                    .push((offset, ProblemKind::MissingAttribute { element, attribute }));
            }
            v.unwrap_or_default()
        };
        match name.as_str() {
            "graph" => {
                if doc.graphs > 0 {
                    let msg = "a second <graph>: hviske reads one graph per file";
                    doc.problems.push((offset, ProblemKind::Xml(msg.into())));
                    break;
                }
                doc.graphs += 1;
                let d = attr(&e, "defaultedgetype");
                doc.directed = !matches!(d.as_deref(), Some("undirected" | "mutual"));
            }
            "attributes" => class = attr(&e, "class").unwrap_or_else(|| "node".into()),
            "attribute" => {
                let id = need(&mut doc, "id", "attribute");
                let title = attr(&e, "title").unwrap_or_else(|| id.clone());
                let ty = gexf_type(&attr(&e, "type").unwrap_or_default());
                let id = format!("{class}:{id}");
                doc.keys.insert(id.clone(), key(&title, ty, &class));
                last_attribute = Some(id);
            }
            "default" => in_default = true,
            "node" => {
                let id = need(&mut doc, "id", "node");
                let mut el = Element {
                    offset,
                    id,
                    ..Element::default()
                };
                if let Some(l) = attr(&e, "label") {
                    el.data.push(Data {
                        key: "@label".into(),
                        text: l,
                        offset,
                    });
                }
                doc.nodes.push(el);
                current = (!empty).then_some((false, doc.nodes.len() - 1));
            }
            "edge" => {
                let source = need(&mut doc, "source", "edge");
                let target = need(&mut doc, "target", "edge");
                let directed = attr(&e, "type").map(|t| t == "directed");
                let mut el = Element {
                    offset,
                    source,
                    target,
                    directed,
                    ..Element::default()
                };
                if let Some(w) = attr(&e, "weight") {
                    el.data.push(Data {
                        key: "@weight".into(),
                        text: w,
                        offset,
                    });
                }
                doc.edges.push(el);
                current = (!empty).then_some((true, doc.edges.len() - 1));
            }
            "attvalue" => {
                let Some((is_edge, i)) = current else {
                    continue;
                };
                let class = if is_edge { "edge" } else { "node" };
                let key = format!("{class}:{}", need(&mut doc, "for", "attvalue"));
                let text = need(&mut doc, "value", "attvalue");
                let el = if is_edge {
                    &mut doc.edges[i]
                } else {
                    &mut doc.nodes[i]
                };
                if el.data.iter().any(|d| d.key == key) {
                    let msg = "an attribute given twice for one element".to_string();
                    doc.problems.push((offset, ProblemKind::Xml(msg)));
                    continue;
                }
                el.data.push(Data { key, text, offset });
            }
            _ => {}
        }
    }
    if !doc.root_seen && doc.problems.is_empty() {
        let msg = "not GEXF: no root element".to_string();
        doc.problems.push((0, ProblemKind::Xml(msg)));
    }
    doc
}

/// The model as GEXF 1.3.
pub(super) fn write(model: &Model, table: &Table) -> Vec<u8> {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gexf xmlns=\"http://gexf.net/1.3\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
        "  <meta>\n    <creator>hviske</creator>\n"
    ));
    let description = model.description.as_deref().unwrap_or(&model.name);
    let _ = writeln!(
        s,
        "    <description>{}</description>\n  </meta>",
        escape(description)
    );
    s.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
    let nodes: Vec<&Column> = node_columns(table).collect();
    let mut edges: Vec<Column> = edge_columns(table).cloned().collect();
    edges.push(Column {
        name: "channel".into(),
        ty: super::fields::Ty::Int,
        meta: None,
    });
    declare(&mut s, "node", &nodes);
    declare(&mut s, "edge", &edges.iter().collect::<Vec<_>>());
    write_nodes(&mut s, table, &nodes);
    write_edges(&mut s, model, table, &edges);
    s.push_str("  </graph>\n</gexf>\n");
    s.into_bytes()
}

fn declare(s: &mut String, class: &str, columns: &[&Column]) {
    let _ = writeln!(s, "    <attributes class=\"{class}\">");
    for (i, c) in columns.iter().enumerate() {
        let _ = writeln!(
            s,
            "      <attribute id=\"{i}\" title=\"{}\" type=\"{}\"/>",
            escape(c.name.as_str()),
            c.ty.gexf()
        );
    }
    s.push_str("    </attributes>\n");
}

fn attvalues(s: &mut String, values: &[(usize, &Cell)]) {
    s.push_str("        <attvalues>\n");
    for (i, cell) in values {
        let _ = writeln!(
            s,
            "          <attvalue for=\"{i}\" value=\"{}\"/>",
            escape(cell.text())
        );
    }
    s.push_str("        </attvalues>\n");
}

fn write_nodes(s: &mut String, table: &Table, columns: &[&Column]) {
    s.push_str("    <nodes>\n");
    for row in &table.actors {
        let cell = |name: &str| {
            Table::cell(&table.actor_columns, row, name)
                .map(Cell::text)
                .unwrap_or_default()
        };
        let _ = writeln!(
            s,
            "      <node id=\"{}\" label=\"{}\">",
            escape(cell("id")),
            escape(cell("name"))
        );
        let values: Vec<(usize, &Cell)> = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Table::cell(&table.actor_columns, row, &c.name).map(|v| (i, v)))
            .collect();
        attvalues(s, &values);
        s.push_str("      </node>\n");
    }
    s.push_str("    </nodes>\n");
}

fn write_edges(s: &mut String, model: &Model, table: &Table, columns: &[Column]) {
    s.push_str("    <edges>\n");
    let mut id = 0;
    for (n, (c, row)) in model.channels.iter().zip(&table.channels).enumerate() {
        let name = |i: usize| model.actors[i].id.as_str();
        let arcs: Vec<(&str, &str)> = c.arcs().map(|(u, v)| (name(u), name(v))).collect();
        let number = Cell::Int(n as i64);
        let mut values: Vec<(usize, &Cell)> = columns
            .iter()
            .enumerate()
            .filter_map(|(i, col)| {
                Table::cell(&table.channel_columns, row, &col.name).map(|v| (i, v))
            })
            .collect();
        values.push((columns.len() - 1, &number));
        for (u, v) in &arcs {
            let _ = writeln!(
                s,
                "      <edge id=\"{id}\" source=\"{}\" target=\"{}\">",
                escape(*u),
                escape(*v)
            );
            attvalues(s, &values);
            s.push_str("      </edge>\n");
            id += 1;
        }
    }
    s.push_str("    </edges>\n");
}
