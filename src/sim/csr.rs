//! The compact (CSR) form of the organisation graph used by the hot loops.
//!
//! Arcs are grouped by sending actor: the out-arcs of actor `u` are
//! `offsets[u]..offsets[u + 1]`, in the graph's edge order (channel order, a
//! bidirectional channel's reverse arc right after its forward arc). Each arc
//! carries its parameters and its precomputed draw keys (see the draw order
//! in [`super`]), so no draw hashes a string.

use super::key::{fixed, key, str_key};
use crate::graph::OrgGraph;
use petgraph::visit::EdgeRef;

/// The organisation graph as flat arrays.
#[derive(Debug, Clone, PartialEq)]
pub struct Csr {
    /// Number of actors.
    pub(crate) n: usize,
    /// Out-arcs of actor `u`: `offsets[u] as usize..offsets[u + 1] as usize`.
    pub(crate) offsets: Vec<u32>,
    /// Receiving actor of each arc.
    pub(crate) to: Vec<u32>,
    /// Sending actor of each arc.
    pub(crate) from: Vec<u32>,
    /// The model's channel of each arc (its index in `Model::channels`).
    pub(crate) channel: Vec<u32>,
    /// Fidelity of each arc.
    pub(crate) fidelity: Vec<f64>,
    /// Distortion of each arc.
    pub(crate) distortion: Vec<f64>,
    /// Latency in days of each arc.
    pub(crate) latency_days: Vec<f64>,
    /// Days between sittings of each arc's channel.
    pub(crate) every_days: Vec<f64>,
    /// Key of the channel (shared by both directions): phase and attendance.
    pub(crate) channel_key: Vec<u64>,
    /// Key of the arc (the channel with its direction): fidelity, distortion,
    /// and the arc's word in the bit-parallel path.
    pub(crate) arc_key: Vec<u64>,
    /// Probability that the arc carries a fact when timing is ignored:
    /// fidelity × attendance(from) × attendance(to), fixed point.
    pub(crate) live: Vec<u32>,
    /// Attendance of each actor.
    pub(crate) attendance: Vec<f64>,
    /// Key of each actor id.
    pub(crate) actor_key: Vec<u64>,
    /// Per actor, the vacancies `[from_day, to_day)` in which it attends no
    /// sitting (empty for almost every actor).
    pub(crate) vacancies: Vec<Vec<(f64, f64)>>,
    /// True when any actor has a vacancy (keeps the hot loop's check cheap).
    pub(crate) any_vacancy: bool,
}

/// Arc offsets per sending actor and the edge ids in that order: arcs
/// grouped by sender, in edge order within each group (a counting sort;
/// petgraph lists a node's edges newest first).
fn by_sender(g: &OrgGraph<'_>) -> (Vec<u32>, Vec<u32>) {
    let n = g.node_count();
    let graph = g.graph();
    let mut offsets = vec![0u32; n + 1];
    for e in graph.edge_references() {
        offsets[e.source().index() + 1] += 1;
    }
    for u in 0..n {
        offsets[u + 1] += offsets[u];
    }
    let mut order = vec![0u32; graph.edge_count()];
    let mut next = offsets.clone();
    for e in graph.edge_references() {
        let u = e.source().index();
        order[next[u] as usize] = e.id().index() as u32;
        next[u] += 1;
    }
    (offsets, order)
}

impl Csr {
    /// Builds the compact form of `g`.
    ///
    /// Complexity: O(V + E).
    pub fn new(g: &OrgGraph<'_>) -> Csr {
        let model = g.model();
        let n = g.node_count();
        let actor_key: Vec<u64> = model
            .actors
            .iter()
            .map(|a| str_key(a.id.as_str()))
            .collect();
        let attendance: Vec<f64> = model.actors.iter().map(|a| a.attendance.get()).collect();
        let mut csr = Csr {
            n,
            offsets: Vec::new(),
            to: Vec::new(),
            from: Vec::new(),
            channel: Vec::new(),
            fidelity: Vec::new(),
            distortion: Vec::new(),
            latency_days: Vec::new(),
            every_days: Vec::new(),
            channel_key: Vec::new(),
            arc_key: Vec::new(),
            live: Vec::new(),
            attendance,
            actor_key,
            vacancies: model
                .actors
                .iter()
                .map(|a| {
                    a.vacancies
                        .iter()
                        .map(|v| (v.from_day.get(), v.to_day.get()))
                        .collect()
                })
                .collect(),
            any_vacancy: model.actors.iter().any(|a| !a.vacancies.is_empty()),
        };
        let graph = g.graph();
        let m = graph.edge_count();
        let (offsets, order) = by_sender(g);
        csr.offsets = offsets;
        let reserve = |v: &mut Vec<f64>| v.reserve_exact(m);
        reserve(&mut csr.fidelity);
        reserve(&mut csr.distortion);
        reserve(&mut csr.latency_days);
        reserve(&mut csr.every_days);
        let kind_keys: Vec<u64> = model
            .channels
            .iter()
            .map(|c| str_key(c.kind.as_deref().unwrap_or("")))
            .collect();
        for &e in &order {
            let e = petgraph::graph::EdgeIndex::new(e as usize);
            let (u, v) = graph.edge_endpoints(e).expect("edge exists");
            let (u, v) = (u.index(), v.index());
            let arc = &graph[e];
            let c = &model.channels[arc.channel];
            let ck = key(
                key(
                    key(csr.actor_key[c.from], csr.actor_key[c.to]),
                    kind_keys[arc.channel],
                ),
                0,
            );
            let p = arc.params;
            csr.to.push(v as u32);
            csr.from.push(u as u32);
            csr.channel.push(arc.channel as u32);
            csr.fidelity.push(p.fidelity.get());
            csr.distortion.push(p.distortion.get());
            csr.latency_days.push(p.latency_days.get());
            csr.every_days.push(p.every_days.get());
            csr.channel_key.push(ck);
            csr.arc_key.push(key(ck, 1 + u64::from(arc.reversed)));
            csr.live.push(fixed(
                p.fidelity.get() * csr.attendance[u] * csr.attendance[v],
            ));
        }
        csr
    }

    /// The same graph with other values: each arc takes its channel's
    /// `params` (indexed like the model's channels), each actor its
    /// `attendance` (model order); structure, keys and vacancies stay. The
    /// result equals [`Csr::new`] of the model with those values, without
    /// rebuilding the graph: an uncertainty analysis draws the values many
    /// times over one structure.
    ///
    /// # Panics
    /// When `params` does not cover every arc's channel or `attendance`
    /// every actor.
    #[track_caller]
    pub fn with_params(&self, params: &[crate::model::ChannelParams], attendance: &[f64]) -> Csr {
        assert_eq!(attendance.len(), self.n, "one attendance per actor");
        let at = |e: usize| &params[self.channel[e] as usize];
        let arcs = 0..self.arcs();
        Csr {
            fidelity: arcs.clone().map(|e| at(e).fidelity.get()).collect(),
            distortion: arcs.clone().map(|e| at(e).distortion.get()).collect(),
            latency_days: arcs.clone().map(|e| at(e).latency_days.get()).collect(),
            every_days: arcs.clone().map(|e| at(e).every_days.get()).collect(),
            live: arcs
                .map(|e| {
                    let (u, v) = (self.from[e] as usize, self.to[e] as usize);
                    fixed(at(e).fidelity.get() * attendance[u] * attendance[v])
                })
                .collect(),
            attendance: attendance.to_vec(),
            ..self.clone()
        }
    }

    /// Number of arcs.
    pub fn arcs(&self) -> usize {
        self.to.len()
    }

    /// The out-arcs of `u` as an index range.
    #[inline(always)]
    pub fn out(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u] as usize..self.offsets[u + 1] as usize
    }

    /// True when no arc distorts.
    pub fn loss_only(&self) -> bool {
        self.distortion.iter().all(|&d| d == 0.0) && !self.has_vacancies()
    }

    /// True when some actor has a vacancy (a timed effect, so only the
    /// general path can simulate the model).
    pub fn has_vacancies(&self) -> bool {
        self.any_vacancy
    }

    /// True when actor `u`'s seat is empty on `day`.
    #[inline(always)]
    pub fn vacant(&self, u: usize, day: f64) -> bool {
        self.vacancies[u]
            .iter()
            .any(|&(from, to)| from <= day && day < to)
    }
}
