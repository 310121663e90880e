//! One fact on the general (timed) path: the hviskeleken rules, event by
//! event.
//!
//! A fact starts at its source on day 0. Actors are settled in order of first
//! arrival (Dijkstra's label-setting order; a heap keyed by arrival day, then
//! actor index). When actor `u` is settled with its first version, it passes
//! that version once on each out-arc `u → v`:
//!
//! 1. the arc's channel sits at `phase + k · every_days`, `phase` uniform in
//!    `[0, every_days)` per channel and run; the pass happens at the first
//!    sitting at or after the day `u` got the fact (sitting number `k`);
//! 2. it is lost if `u` or `v` is absent from that sitting (each attends with
//!    its `attendance`), otherwise with probability `1 − fidelity`;
//! 3. else it arrives at `v` on day `sitting + latency_days`, altered with
//!    probability `distortion`, and altered if `u`'s version was altered;
//! 4. `v` keeps the first version that reaches it (the earliest arrival; on
//!    an exact tie of days, an intact version beats an altered one as long as
//!    `v` has not passed the fact on yet).
//!
//! Arrival day through `u` never decreases as `u`'s own day grows (the next
//! sitting is monotone in time), so the label-setting order is exact.

use super::csr::Csr;
use super::key::{key, unit, TAG_ATTEND, TAG_DISTORTION, TAG_FIDELITY, TAG_PHASE};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Working memory for one worker, reused across facts.
#[derive(Debug)]
pub(crate) struct Scratch {
    /// First arrival day per actor (`INFINITY` = not reached).
    pub time: Vec<f64>,
    /// Whether the kept version is altered.
    pub altered: Vec<bool>,
    settled: Vec<bool>,
    /// Actors reached in this fact (cleared at the next fact).
    pub touched: Vec<u32>,
    heap: BinaryHeap<Event>,
}

#[derive(Debug, Clone, Copy)]
struct Event {
    day: f64,
    actor: u32,
}

impl PartialEq for Event {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Event {
    // Reversed: the heap pops the earliest day, then the lowest actor index.
    fn cmp(&self, o: &Self) -> Ordering {
        o.day.total_cmp(&self.day).then(o.actor.cmp(&self.actor))
    }
}

impl Scratch {
    pub(crate) fn new(n: usize) -> Scratch {
        Scratch {
            time: vec![f64::INFINITY; n],
            altered: vec![false; n],
            settled: vec![false; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn clear(&mut self) {
        for &v in &self.touched {
            let v = v as usize;
            self.time[v] = f64::INFINITY;
            self.altered[v] = false;
            self.settled[v] = false;
        }
        self.touched.clear();
        self.heap.clear();
    }
}

/// Simulates one fact from `source` with the run key `run` (see the draw
/// order in [`super`]); leaves the outcome in `s.time`, `s.altered` and
/// `s.touched`.
///
/// Complexity: O(E log V) for the reached part of the graph.
pub(crate) fn run(csr: &Csr, source: usize, run: u64, s: &mut Scratch) {
    s.clear();
    s.time[source] = 0.0;
    s.touched.push(source as u32);
    s.heap.push(Event {
        day: 0.0,
        actor: source as u32,
    });
    while let Some(Event { day: t, actor }) = s.heap.pop() {
        let u = actor as usize;
        if s.settled[u] {
            continue;
        }
        s.settled[u] = true;
        let alt_u = s.altered[u];
        for e in csr.out(u) {
            let v = csr.to[e] as usize;
            if s.settled[v] {
                continue;
            }
            // 1. The first sitting at or after day t.
            let every = csr.every_days[e];
            let rk = key(run, csr.channel_key[e]);
            let phase = unit(key(rk, TAG_PHASE)) * every;
            let k = if t <= phase {
                0.0
            } else {
                ((t - phase) / every).ceil()
            };
            let sitting = phase + k * every;
            let k = k as u64;
            // 2. Attendance of both ends at that sitting, then fidelity.
            let (att_u, att_v) = (csr.attendance[u], csr.attendance[v]);
            if att_u < 1.0 || att_v < 1.0 {
                let sk = key(key(rk, k), TAG_ATTEND);
                if att_u < 1.0 && unit(key(sk, csr.actor_key[u])) >= att_u {
                    continue;
                }
                if att_v < 1.0 && unit(key(sk, csr.actor_key[v])) >= att_v {
                    continue;
                }
            }
            let ak = key(key(run, csr.arc_key[e]), k);
            let fid = csr.fidelity[e];
            if fid < 1.0 && unit(key(ak, TAG_FIDELITY)) >= fid {
                continue;
            }
            // 3. Distortion; altered stays altered.
            let dist = csr.distortion[e];
            let alt = alt_u || (dist > 0.0 && unit(key(ak, TAG_DISTORTION)) < dist);
            let day = sitting + csr.latency_days[e];
            // 4. The first version is kept.
            let old = s.time[v];
            if day < old || (day == old && !alt && s.altered[v]) {
                if old == f64::INFINITY {
                    s.touched.push(v as u32);
                }
                s.time[v] = day;
                s.altered[v] = alt;
                s.heap.push(Event {
                    day,
                    actor: v as u32,
                });
            }
        }
    }
}
