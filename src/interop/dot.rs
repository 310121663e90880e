//! Plain Graphviz DOT out: one node per actor (labelled with its name, the
//! level as `rank` group where given), one edge per channel labelled with its
//! kind and fidelity; a bidirectional channel is one edge with `dir=both`.
//! A richer chart (levels as ranks, sides as colours) is `report --chart`'s
//! job; this is for tools that take DOT.

use super::fields::Table;
use crate::model::Model;
use std::fmt::Write as _;

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The model as DOT.
pub(super) fn write(model: &Model, table: &Table) -> Vec<u8> {
    let mut s = format!(
        "digraph {} {{\n  rankdir=TB;\n  node [shape=box];\n",
        quote(&model.name)
    );
    for (a, row) in model.actors.iter().zip(&table.actors) {
        let mut attrs = vec![format!("label={}", quote(&a.name))];
        let extra = table
            .actor_columns
            .iter()
            .zip(row)
            .skip(super::fields::ACTOR_FIELDS.len());
        for (c, cell) in extra {
            if let Some(cell) = cell {
                attrs.push(format!("{}={}", quote(&c.name), quote(&cell.text())));
            }
        }
        let _ = writeln!(s, "  {} [{}];", quote(a.id.as_str()), attrs.join(", "));
    }
    for c in &model.channels {
        let kind = c.kind.as_deref().unwrap_or("");
        let label = format!("{kind} {}", c.params.fidelity.get());
        let dir = if c.bidirectional { ", dir=both" } else { "" };
        let (from, to) = (
            model.actors[c.from].id.as_str(),
            model.actors[c.to].id.as_str(),
        );
        let _ = writeln!(
            s,
            "  {} -> {} [label={}{dir}];",
            quote(from),
            quote(to),
            quote(label.trim())
        );
    }
    s.push_str("}\n");
    s.into_bytes()
}
