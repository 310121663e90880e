//! The shape of the hierarchy: span of control and reciprocity.

use crate::graph::Adjacency;
use crate::graph::OrgGraph;

/// Channel kinds that make a line relation: `instruction` runs from a
/// superior to a direct report, `report` from a direct report to its superior.
pub const LINE_KINDS: [&str; 2] = ["instruction", "report"];

/// Span of control of every actor: how many distinct direct reports it has.
///
/// `b` is a direct report of `a` when a channel of kind `instruction` runs
/// `a -> b` or one of kind `report` runs `b -> a` (as written; the reverse
/// arc of a bidirectional channel does not make a line relation).
///
/// Complexity: O(V + C log C) for C channels.
pub fn span_of_control(g: &OrgGraph) -> Vec<usize> {
    let m = g.model();
    let mut reports: Vec<Vec<usize>> = vec![Vec::new(); m.actors.len()];
    for c in &m.channels {
        match c.kind.as_deref() {
            Some("instruction") => reports[c.from].push(c.to),
            Some("report") => reports[c.to].push(c.from),
            _ => {}
        }
    }
    reports
        .into_iter()
        .map(|mut r| {
            r.sort_unstable();
            r.dedup();
            r.len()
        })
        .collect()
}

/// Reciprocity: the share of arcs `u -> v` for which `v -> u` also exists, as
/// networkx's `overall_reciprocity`. `None` for a graph without arcs.
///
/// Complexity: O(E log d) for out-degree d.
pub fn reciprocity(adj: &Adjacency) -> Option<f64> {
    let arcs = adj.arc_count();
    let mutual = adj.arcs().filter(|&(u, v)| adj.has_arc(v, u)).count();
    (arcs > 0).then(|| mutual as f64 / arcs as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reciprocity_counts_arcs_with_a_return_arc() {
        let adj = Adjacency::from_arcs(3, [(0, 1), (1, 0), (1, 2)]);
        assert_eq!(reciprocity(&adj), Some(2.0 / 3.0));
        assert_eq!(reciprocity(&Adjacency::from_arcs(2, [])), None);
    }

    #[test]
    fn span_of_control_counts_instructions_down_and_reports_up() {
        let m = crate::model::parse_str(
            r#"{"format":1,"name":"t","actors":[{"id":"boss"},{"id":"a"},{"id":"b"},{"id":"c"}],
               "channels":[{"from":"boss","to":"a","kind":"instruction"},
                           {"from":"a","to":"boss","kind":"report"},
                           {"from":"b","to":"boss","kind":"report"},
                           {"from":"c","to":"boss","kind":"meeting"}]}"#,
            "t.json",
        )
        .unwrap();
        assert_eq!(span_of_control(&crate::graph::build(&m)), vec![2, 0, 0, 0]);
    }
}
