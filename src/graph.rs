//! Stage 2: a validated [`Model`] as a petgraph directed graph.
//!
//! Node `i` is actor `i` of the model (same order), so a [`NodeIndex`] and an
//! index into [`Model::actors`] are interchangeable. Every channel becomes one
//! arc, and a bidirectional channel two, each arc carrying its channel's index
//! and resolved parameters. Arcs are added in channel order (a bidirectional
//! channel's reverse arc right after its forward arc), so edge order is
//! deterministic. Reports speak in actor ids, never in indices.

mod adjacency;

pub use adjacency::Adjacency;

use crate::model::{Actor, ChannelParams, Model};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::VecDeque;

/// One directed arc of the organisation graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelArc {
    /// Index of the channel in [`Model::channels`].
    pub channel: usize,
    /// True for the reverse arc of a bidirectional channel.
    pub reversed: bool,
    /// The channel's parameters.
    pub params: ChannelParams,
}

/// The organisation as a directed graph over a borrowed model.
#[derive(Debug, Clone)]
pub struct OrgGraph<'m> {
    model: &'m Model,
    graph: DiGraph<usize, ChannelArc>,
}

/// Builds the directed graph of a model.
pub fn build(model: &Model) -> OrgGraph<'_> {
    let mut graph = DiGraph::with_capacity(model.actors.len(), model.channels.len() * 2);
    for i in 0..model.actors.len() {
        graph.add_node(i);
    }
    for (i, c) in model.channels.iter().enumerate() {
        let arc = ChannelArc {
            channel: i,
            reversed: false,
            params: c.params,
        };
        graph.add_edge(NodeIndex::new(c.from), NodeIndex::new(c.to), arc);
        if c.bidirectional {
            let back = ChannelArc {
                reversed: true,
                ..arc
            };
            graph.add_edge(NodeIndex::new(c.to), NodeIndex::new(c.from), back);
        }
    }
    OrgGraph { model, graph }
}

impl<'m> OrgGraph<'m> {
    /// The model this graph was built from.
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// The petgraph graph: node weight = actor index, edge weight = [`ChannelArc`].
    pub fn graph(&self) -> &DiGraph<usize, ChannelArc> {
        &self.graph
    }

    /// Number of actors.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of arcs (bidirectional channels count twice).
    pub fn arc_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node of the actor with this id.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.model.actor_index(id).map(NodeIndex::new)
    }

    /// The actor behind a node.
    pub fn actor(&self, node: NodeIndex) -> &'m Actor {
        &self.model.actors[node.index()]
    }

    /// The actor id behind a node.
    pub fn id(&self, node: NodeIndex) -> &'m str {
        self.actor(node).id.as_str()
    }

    /// Nodes of the actors at `level`, in model order.
    pub fn nodes_at_level(&self, level: u32) -> Vec<NodeIndex> {
        self.graph
            .node_indices()
            .filter(|&n| self.actor(n).level == Some(level))
            .collect()
    }

    /// Nodes at the top level (normally level 1).
    pub fn top_nodes(&self) -> Vec<NodeIndex> {
        self.model
            .top_level()
            .map(|l| self.nodes_at_level(l))
            .unwrap_or_default()
    }

    /// Nodes at the deepest level.
    pub fn deepest_nodes(&self) -> Vec<NodeIndex> {
        self.model
            .deepest_level()
            .map(|l| self.nodes_at_level(l))
            .unwrap_or_default()
    }

    /// Multi-source breadth-first hop counts, indexed by node.
    ///
    /// With [`Direction::Outgoing`], entry `v` is the fewest arcs on a path from
    /// any of `sources` to `v`; with [`Direction::Incoming`], the fewest arcs
    /// from `v` to any of `sources`. `None` where there is no such path.
    ///
    /// Complexity: O(V + E).
    pub fn hops(&self, sources: &[NodeIndex], dir: Direction) -> Vec<Option<u32>> {
        let mut dist = vec![None; self.node_count()];
        let mut queue = VecDeque::new();
        for &s in sources {
            if dist[s.index()].is_none() {
                dist[s.index()] = Some(0);
                queue.push_back(s);
            }
        }
        while let Some(u) = queue.pop_front() {
            let d = dist[u.index()].unwrap_or(0) + 1;
            for e in self.graph.edges_directed(u, dir) {
                let v = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                if dist[v.index()].is_none() {
                    dist[v.index()] = Some(d);
                    queue.push_back(v);
                }
            }
        }
        dist
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> Model {
        crate::model::parse_str(
            r#"{"format":1,"name":"c","actors":[{"id":"a","level":1},{"id":"b","level":2},{"id":"c","level":3}],
               "channels":[{"from":"c","to":"b"},{"from":"b","to":"a","bidirectional":true}]}"#,
            "chain.json",
        )
        .unwrap()
    }

    #[test]
    fn bidirectional_channels_become_two_arcs() {
        let m = chain();
        let g = build(&m);
        assert_eq!(g.arc_count(), 3);
        assert_eq!(g.node("c").map(|n| n.index()), Some(2));
    }

    #[test]
    fn hops_follow_arc_direction() {
        let m = chain();
        let g = build(&m);
        let up = g.hops(&g.top_nodes(), Direction::Incoming);
        assert_eq!(up, vec![Some(0), Some(1), Some(2)]);
        let down = g.hops(&g.top_nodes(), Direction::Outgoing);
        assert_eq!(down, vec![Some(0), Some(1), None]);
    }
}
