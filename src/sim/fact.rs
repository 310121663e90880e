//! One fact on the general (timed) path: the hviskeleken rules, event by
//! event.
//!
//! A fact starts at its source on its start day (project day 0 by default;
//! sittings and vacancies are in project days). Actors are settled in order of first
//! arrival (Dijkstra's label-setting order, with a radix heap keyed by
//! arrival day). When actor `u` is settled with its first version, it passes
//! that version once on each out-arc `u → v`:
//!
//! 1. the arc's channel sits at `phase + k · every_days`, `phase` uniform in
//!    `[0, every_days)` per channel and run; the pass happens at the first
//!    sitting at or after the day `u` got the fact (sitting number `k`);
//! 2. it is lost if `u` or `v` is absent from that sitting (each attends with
//!    its `attendance`, and never during one of its vacancies), otherwise with
//!    probability `1 − fidelity`;
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
    heap: RadixHeap,
}

/// A monotone priority queue of (day, actor): a radix heap (Ahuja, Mehlhorn,
/// Orlin & Tarjan 1990) over the bit patterns of non-negative days, which
/// order like the days. Dijkstra's order never pushes a day earlier than the
/// last popped one, which is all a radix heap needs; pushes are O(1) and pops
/// amortised O(log C). Equal days pop in a fixed (last in, first out) order.
#[derive(Debug)]
struct RadixHeap {
    last: u64,
    len: usize,
    buckets: Vec<Vec<(u64, u32)>>,
}

impl RadixHeap {
    fn new() -> RadixHeap {
        RadixHeap {
            last: 0,
            len: 0,
            buckets: vec![Vec::new(); 65],
        }
    }

    #[inline(always)]
    fn bucket(&self, k: u64) -> usize {
        64 - (k ^ self.last).leading_zeros() as usize
    }

    fn clear(&mut self) {
        for b in &mut self.buckets {
            b.clear();
        }
        self.last = 0;
        self.len = 0;
    }

    #[inline(always)]
    fn push(&mut self, day: f64, actor: u32) {
        let k = day.to_bits();
        debug_assert!(k >= self.last, "a radix heap is monotone");
        let b = self.bucket(k);
        self.buckets[b].push((k, actor));
        self.len += 1;
    }

    fn pop(&mut self) -> Option<(f64, u32)> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let i = (1..65)
                .find(|&i| !self.buckets[i].is_empty())
                .expect("len > 0");
            let moved = std::mem::take(&mut self.buckets[i]);
            self.last = moved.iter().map(|e| e.0).min().expect("non-empty");
            for &(k, a) in &moved {
                let b = self.bucket(k);
                self.buckets[b].push((k, a));
            }
            // Keep the allocation for reuse.
            let mut moved = moved;
            moved.clear();
            if self.buckets[i].is_empty() {
                self.buckets[i] = moved;
            }
        }
        self.len -= 1;
        self.buckets[0].pop().map(|(k, a)| (f64::from_bits(k), a))
    }
}

impl Scratch {
    pub(crate) fn new(n: usize) -> Scratch {
        Scratch {
            time: vec![f64::INFINITY; n],
            altered: vec![false; n],
            settled: vec![false; n],
            touched: Vec::new(),
            heap: RadixHeap::new(),
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
pub(crate) fn run(csr: &Csr, source: usize, run: u64, start: f64, s: &mut Scratch) {
    run_until(csr, source, run, start, s, None);
}

/// [`run`], stopping once every actor marked in `stop.0` is settled
/// (`stop.1` of them): a settled actor's version is final, so the marked
/// actors' outcomes are exactly those of [`run`]; the others are left
/// unfinished.
pub(crate) fn run_until(
    csr: &Csr,
    source: usize,
    run: u64,
    start: f64,
    s: &mut Scratch,
    stop: Option<(&[bool], usize)>,
) {
    let mut left = stop.map_or(usize::MAX, |(_, n)| n);
    s.clear();
    s.time[source] = start;
    s.touched.push(source as u32);
    s.heap.push(start, source as u32);
    while let Some((t, actor)) = s.heap.pop() {
        let u = actor as usize;
        if s.settled[u] {
            continue;
        }
        s.settled[u] = true;
        if let Some((marked, _)) = stop {
            if marked[u] {
                left -= 1;
                if left == 0 {
                    return;
                }
            }
        }
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
                // ceil without a libm call: x > 0 here.
                let x = (t - phase) / every;
                let whole = x as u64 as f64;
                if whole < x {
                    whole + 1.0
                } else {
                    whole
                }
            };
            let sitting = phase + k * every;
            let k = k as u64;
            // 2. Attendance of both ends at that sitting (none during a
            // vacancy), then fidelity.
            if csr.any_vacancy && (csr.vacant(u, sitting) || csr.vacant(v, sitting)) {
                continue;
            }
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
            // Never before t, whatever the rounding of the sitting day.
            let day = (sitting + csr.latency_days[e]).max(t);
            // 4. The first version is kept.
            let old = s.time[v];
            if day < old || (day == old && !alt && s.altered[v]) {
                if old == f64::INFINITY {
                    s.touched.push(v as u32);
                }
                s.time[v] = day;
                s.altered[v] = alt;
                s.heap.push(day, v as u32);
            }
        }
    }
}
