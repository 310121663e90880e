//! networkx node-link JSON out: `{"directed", "multigraph", "graph",
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

use super::fields::{Column, Table};
use crate::model::Model;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

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
