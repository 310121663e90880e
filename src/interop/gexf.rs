//! GEXF 1.3 out, for Gephi: a directed static graph, every actor and channel
//! field declared as a typed attribute (`integer`, `double`, `boolean`,
//! `string`); the node `label` is the actor's name; a bidirectional channel is
//! two edges (as in GraphML), each with `bidirectional` true and the same
//! `channel` number. The shape follows the GEXF 1.3 schema
//! (`http://gexf.net/1.3/gexf.xsd`): `meta`, then `graph` with its
//! `attributes` declarations before `nodes` and `edges`.

use super::fields::{Cell, Column, Table};
use super::graphml::{edge_columns, node_columns};
use crate::model::Model;
use quick_xml::escape::escape;
use std::fmt::Write as _;

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
