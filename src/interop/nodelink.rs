//! networkx node-link JSON in and out. Out: `{"directed", "multigraph", "graph",
//! "nodes", "edges"}` with the edges under `"edges"`, as networkx 3.4+
//! writes it. Read it with `nx.node_link_graph(data, edges="edges")`; with
//! networkx before 3.4, rename the key first:
//! `data["links"] = data.pop("edges"); nx.node_link_graph(data)`.
//!
//! Nodes carry every actor field (`id` is the node); edges carry every
//! channel field, except that a channel's evidence `source` is written as
//! `channel_source`, because `source`/`target` are the edge's ends. A
//! bidirectional channel is two edges, as in GraphML. `multigraph` is true
//! only when two channels join the same ordered pair.

use super::build::{meta_of, Builder, Origin};
use super::error::{ImportError, Place, ProblemKind};
use super::fields::{self, Column, Table, ACTOR_FIELDS, CHANNEL_FIELDS};
use super::{ImportOptions, Imported, MAX_ROWS};
use crate::model::Model;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The model as node-link JSON.
pub(super) fn write(model: &Model, table: &Table) -> Vec<u8> {
    let nodes: Vec<Value> = table
        .actors
        .iter()
        .map(|row| object(&table.actor_columns, row, &[]))
        .collect();
    let mut edges = Vec::new();
    let mut seen = BTreeSet::new();
    let mut multigraph = false;
    for (n, (c, row)) in model.channels.iter().zip(&table.channels).enumerate() {
        for (u, v) in c.arcs() {
            multigraph |= !seen.insert((u, v));
            let mut e = object(&table.channel_columns, row, &["from", "to"]);
            if let Value::Object(m) = &mut e {
                if let Some(src) = m.remove("source") {
                    m.insert("channel_source".into(), src);
                }
                m.insert("source".into(), json!(model.actors[u].id.as_str()));
                m.insert("target".into(), json!(model.actors[v].id.as_str()));
                m.insert("channel".into(), json!(n));
            }
            edges.push(e);
        }
    }
    let mut graph = Map::new();
    graph.insert("name".into(), json!(model.name));
    for (k, v) in [
        ("description", &model.description),
        ("source", &model.source),
    ] {
        if let Some(v) = v {
            graph.insert(k.into(), json!(v));
        }
    }
    let doc = json!({
        "directed": true,
        "multigraph": multigraph,
        "graph": graph,
        "nodes": nodes,
        "edges": edges,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn object(columns: &[Column], row: &[Option<super::fields::Cell>], skip: &[&str]) -> Value {
    let mut m = Map::new();
    for (c, cell) in columns.iter().zip(row) {
        if let (Some(cell), false) = (cell, skip.contains(&c.name.as_str())) {
            m.insert(c.name.clone(), cell.json());
        }
    }
    Value::Object(m)
}

/// node-link JSON (networkx's `node_link_data`, edges under `"edges"` or
/// `"links"`; hviske's own `export --to json`) -> model. Node and edge keys
/// named like a field set it; `channel_source` is a channel's `source`;
/// `weight` is the weight; other keys go under `meta` as they are (numbers
/// stay numbers). An undirected graph gives bidirectional channels; the two
/// edges of one of hviske's bidirectional channels (same `channel` number)
/// become one channel again.
pub(super) fn import(
    path: &Path,
    text: &str,
    attributes: Option<(&Path, &str)>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut b = Builder::new(opts, false);
    super::csv::read_attributes(&mut b, attributes);
    b.set_end_names(["source", "target"]);
    let stem = path
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let file = Origin::new(path, Place::File);
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let place = Place::LineCol(e.line(), e.column());
            b.problem(
                &Origin::new(path, place),
                ProblemKind::Model(format!("not JSON: {e}")),
            );
            return b.finish(&stem);
        }
    };
    let edges = doc.get("edges").or_else(|| doc.get("links"));
    let (Some(Value::Array(nodes)), Some(Value::Array(edges))) = (doc.get("nodes"), edges) else {
        let msg = if doc.get("actors").is_some() {
            "this is a model file, not node-link JSON: use it directly, no import needed"
        } else {
            "not node-link JSON: it needs \"nodes\" and \"edges\" (or \"links\") lists"
        };
        b.problem(&file, ProblemKind::Model(msg.into()));
        return b.finish(&stem);
    };
    if nodes.len() + edges.len() > MAX_ROWS {
        b.problem(&file, ProblemKind::TooManyRows(MAX_ROWS));
        return b.finish(&stem);
    }
    let directed = doc.get("directed").and_then(Value::as_bool).unwrap_or(true);
    if let Some(Value::Object(g)) = doc.get("graph") {
        for (k, v) in g {
            match (k.as_str(), v) {
                ("name" | "description" | "source", Value::String(_)) => {
                    b.model.insert(k.clone(), v.clone());
                }
                _ => {
                    meta_of(&mut b.model).insert(k.clone(), v.clone());
                }
            }
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        let origin = Origin::new(path, Place::File);
        let Some(node) = node.as_object() else {
            b.problem(
                &origin,
                ProblemKind::Model(format!("nodes[{i}] is not an object")),
            );
            continue;
        };
        let mut obj = Map::new();
        obj.insert("id".into(), Value::String(id_text(node.get("id"))));
        let mut label = None;
        for (k, v) in node {
            match k.as_str() {
                "id" => {}
                "label" if !node.contains_key("name") => label = Some(v.clone()),
                _ => put(
                    &mut b,
                    &mut obj,
                    k,
                    v,
                    ACTOR_FIELDS,
                    &format!("nodes[{i}]"),
                    &origin,
                ),
            }
        }
        if let Some(Value::String(l)) = label {
            obj.insert("name".into(), Value::String(l));
        }
        b.actor(obj, origin);
    }
    let mut channel_ends: BTreeMap<i64, (String, String)> = BTreeMap::new();
    for (i, edge) in edges.iter().enumerate() {
        let origin = Origin::new(path, Place::File);
        let Some(edge) = edge.as_object() else {
            b.problem(
                &origin,
                ProblemKind::Model(format!("edges[{i}] is not an object")),
            );
            continue;
        };
        let (from, to) = (id_text(edge.get("source")), id_text(edge.get("target")));
        let mut obj = Map::new();
        obj.insert("from".into(), Value::String(from.clone()));
        obj.insert("to".into(), Value::String(to.clone()));
        let mut weight = None;
        let mut channel = None;
        for (k, v) in edge {
            match k.as_str() {
                "source" | "target" | "key" => {}
                "weight" => weight = v.as_f64(),
                "channel" => channel = v.as_i64(),
                "channel_source" => put(
                    &mut b,
                    &mut obj,
                    "source",
                    v,
                    CHANNEL_FIELDS,
                    &format!("edges[{i}]"),
                    &origin,
                ),
                _ => put(
                    &mut b,
                    &mut obj,
                    k,
                    v,
                    CHANNEL_FIELDS,
                    &format!("edges[{i}]"),
                    &origin,
                ),
            }
        }
        if !directed {
            obj.insert("bidirectional".into(), Value::Bool(true));
        }
        let both_ways = obj.get("bidirectional") == Some(&Value::Bool(true));
        if let (Some(n), true) = (channel, both_ways) {
            if channel_ends.get(&n) == Some(&(to.clone(), from.clone())) {
                b.summary.merged_reverse_edges += 1;
                continue;
            }
            channel_ends.insert(n, (from, to));
        }
        b.channel(obj, weight, origin);
    }
    b.finish(&stem)
}

/// A node id (text or number) as text.
fn id_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// One key of a node or edge: a field (checked against its type) or `meta`.
fn put(
    b: &mut Builder,
    obj: &mut Map<String, Value>,
    k: &str,
    v: &Value,
    fields: &[fields::Field],
    what: &str,
    origin: &Origin,
) {
    let Some(f) = fields::find(fields, k) else {
        // hviske's export names a meta key that clashes `meta.KEY`.
        // It wins over a measure of that name written beside it.
        let explicit = k.strip_prefix("meta.").filter(|n| !n.is_empty());
        let k = explicit.unwrap_or(k);
        b.kept_in_meta(k);
        let meta = meta_of(obj);
        if explicit.is_some() || !meta.contains_key(k) {
            meta.insert(k.to_string(), v.clone());
        }
        return;
    };
    let text = match v {
        Value::Null => return,
        Value::String(s) => s.clone(),
        Value::Number(_) | Value::Bool(_) => v.to_string(),
        _ => {
            obj.insert(f.name.into(), v.clone());
            return;
        }
    };
    match f.ty.parse(&text) {
        Ok(parsed) => {
            obj.insert(f.name.into(), parsed);
        }
        Err(expected) => {
            let kind = ProblemKind::BadValue {
                column: format!("{what}.{k}"),
                value: text,
                expected,
            };
            b.problem(origin, kind);
        }
    }
}
