//! The bit-parallel loss-only path: 64 runs per machine word.
//!
//! Without distortion and timing, whether a fact reaches an actor is plain
//! reachability over the arcs that are *live* in that run (the live-edge view
//! of an independent cascade, Kempe, Kleinberg & Tardos 2003): an arc is live
//! with probability fidelity × attendance(from) × attendance(to). Bit `j` of a
//! word is run `j`. With `L[e]` the live word of arc `e` and `R[v]` the runs
//! in which `v` holds the fact, `R[source] = all runs` and
//! `R[v] |= R[u] & L[u → v]` to a fixpoint (a work list of actors whose word
//! grew, carrying only the new bits). `L[e]` is drawn the first time it could
//! add runs to its head; being keyed, its value does not depend on when.
//!
//! Attendance is drawn once per arc here, where the timed path draws it per
//! sitting and shares it between the two directions of a channel; reach has
//! the same distribution either way (a fact can use at most one direction of
//! a channel at one sitting), but the coins differ, so the two paths agree in
//! distribution, not run by run.

use super::csr::Csr;
use super::key::{bernoulli_word, key};

/// An arc as the propagation loop reads it: one 16-byte load gives the
/// head, the live probability and the draw key.
#[derive(Debug, Clone, Copy)]
struct Arc {
    to: u32,
    /// Live probability, fixed point (see [`super::key::fixed`]).
    p: u32,
    key: u64,
}

/// The arcs of a [`Csr`] packed for the bit-parallel loop, grouped by
/// sender as in the [`Csr`].
#[derive(Debug)]
pub(crate) struct Arcs<'a> {
    offsets: &'a [u32],
    arcs: Vec<Arc>,
}

impl<'a> Arcs<'a> {
    /// Packs the arcs of `csr` (O(E), built once per simulation).
    pub(crate) fn new(csr: &'a Csr) -> Arcs<'a> {
        let arcs = (0..csr.arcs())
            .map(|e| Arc {
                to: csr.to[e],
                p: csr.live[e],
                key: csr.arc_key[e],
            })
            .collect();
        Arcs {
            offsets: &csr.offsets,
            arcs,
        }
    }

    fn n(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// An actor's runs: those in which it holds the fact, and those among them
/// not yet passed on (kept together: the loop reads both).
#[derive(Debug, Clone, Copy, Default)]
struct Held {
    reach: u64,
    pending: u64,
    /// With a stop: runs still to pass on over the arcs that lead away from
    /// the targets.
    later: u64,
}

/// Marks a work-list entry for an actor's arcs that lead away from the
/// targets (with a stop).
const LATER: u32 = 1 << 31;

/// The query's targets, when only their figures are asked for: a run (bit)
/// stops spreading once every target holds it.
#[derive(Debug)]
pub(crate) struct Stop {
    is_target: Vec<bool>,
    targets: u32,
    /// Per actor, the fewest arcs to a target (`u32::MAX`: none reachable).
    dist: Vec<u32>,
    /// One more than the largest finite distance.
    levels: usize,
    /// Each actor's arcs to actors that can reach a target, those no
    /// farther from a target than the actor first, from `toward[u]`; those
    /// leading away from `away[u]` to `toward[u + 1]`.
    arcs: Vec<Arc>,
    toward: Vec<u32>,
    away: Vec<u32>,
}

impl Stop {
    /// Stops on the targets `targets` (actor indices, no repeats) of `csr`.
    ///
    /// Complexity: O(V + E) (a breadth-first search over reversed arcs).
    pub(crate) fn new(csr: &Csr, targets: &[usize]) -> Stop {
        let n = csr.n;
        let mut is_target = vec![false; n];
        targets.iter().for_each(|&t| is_target[t] = true);
        // Arcs grouped by receiver (a counting sort).
        let mut first = vec![0u32; n + 1];
        csr.to.iter().for_each(|&v| first[v as usize + 1] += 1);
        for v in 0..n {
            first[v + 1] += first[v];
        }
        let mut senders = vec![0u32; csr.arcs()];
        let mut next = first.clone();
        for (e, &v) in csr.to.iter().enumerate() {
            senders[next[v as usize] as usize] = csr.from[e];
            next[v as usize] += 1;
        }
        let mut dist = vec![u32::MAX; n];
        let mut queue: Vec<u32> = targets.iter().map(|&t| t as u32).collect();
        queue.iter().for_each(|&t| dist[t as usize] = 0);
        let mut head = 0;
        while let Some(&v) = queue.get(head) {
            head += 1;
            let v = v as usize;
            for &u in &senders[first[v] as usize..first[v + 1] as usize] {
                if dist[u as usize] == u32::MAX {
                    dist[u as usize] = dist[v] + 1;
                    queue.push(u);
                }
            }
        }
        let levels = queue.last().map_or(0, |&v| dist[v as usize] as usize + 1);
        let (mut arcs, mut toward, mut away) = (Vec::new(), vec![0u32], Vec::with_capacity(n));
        let packed = Arcs::new(csr);
        for u in 0..n {
            let out = &packed.arcs[csr.out(u)];
            let reaches = |a: &&Arc| dist[a.to as usize] != u32::MAX;
            let nearer = |a: &&Arc| dist[a.to as usize] <= dist[u];
            arcs.extend(out.iter().filter(reaches).filter(nearer));
            away.push(arcs.len() as u32);
            arcs.extend(out.iter().filter(reaches).filter(|a| !nearer(a)));
            toward.push(arcs.len() as u32);
        }
        Stop {
            is_target,
            targets: targets.len() as u32,
            dist,
            levels: levels + 1,
            arcs,
            toward,
            away,
        }
    }
}

/// Working memory for one worker, reused across words.
#[derive(Debug)]
pub(crate) struct Scratch {
    held: Vec<Held>,
    /// Each arc's live word, valid where its `drawn` bit is set.
    live: Vec<u64>,
    /// One bit per arc: its live word has been drawn in this word.
    drawn: Vec<u64>,
    /// Actors reached in this word (cleared at the next word).
    pub touched: Vec<u32>,
    /// Actors with pending runs, first in first out (without a stop).
    queue: Vec<u32>,
    /// Actors with pending runs by their distance to a target (with a stop).
    buckets: Vec<Vec<u32>>,
    /// With a [`Stop`]: per run, the targets that hold it, and the runs that
    /// every target holds (no longer spread).
    hits: [u32; 64],
    done: u64,
}

impl Scratch {
    pub(crate) fn new(arcs: &Arcs<'_>) -> Scratch {
        Scratch {
            held: vec![Held::default(); arcs.n()],
            live: vec![0; arcs.arcs.len()],
            drawn: vec![0; arcs.arcs.len().div_ceil(64)],
            touched: Vec::new(),
            queue: Vec::new(),
            buckets: Vec::new(),
            hits: [0; 64],
            done: 0,
        }
    }

    /// The runs (bits) in which actor `v` holds the fact.
    #[inline(always)]
    pub(crate) fn reach(&self, v: usize) -> u64 {
        self.held[v].reach
    }

    fn clear(&mut self) {
        for &v in &self.touched {
            self.held[v as usize] = Held::default();
        }
        self.touched.clear();
        self.queue.clear();
        self.drawn.iter_mut().for_each(|d| *d = 0);
        self.hits = [0; 64];
        self.done = 0;
    }

    /// Counts the runs `add` that target `v` now holds; true when every run
    /// in `mask` is held by every target (`need` of them).
    #[inline]
    fn hit(&mut self, mut add: u64, need: u32, mask: u64) -> bool {
        while add != 0 {
            let j = add.trailing_zeros() as usize;
            add &= add - 1;
            self.hits[j] += 1;
            if self.hits[j] >= need {
                self.done |= 1 << j;
            }
        }
        self.done == mask
    }
}

/// Propagates one word of runs from `source`: `mask` selects the runs in use,
/// `word` is the word's key. Leaves the result in `s.reach` and `s.touched`.
///
/// Which actor is taken from the work list first changes nothing: the live
/// words are keyed, and the fixpoint is the same in any order. Without a
/// stop the work list is first in, first out; with one, the actor nearest a
/// target goes first, so runs reach the targets before they spread
/// elsewhere, and actors from which no target can be reached are not
/// spread from at all.
///
/// With `stop`, a run stops spreading once every target (but the source)
/// holds it: the targets' words are then exact, every other actor's is not.
///
/// Complexity: O(E · (digits + passes)) for the reached part of the graph,
/// one keyed hash and about 9 generator words per arc drawn (see
/// `bernoulli_word`).
pub(crate) fn run(
    arcs: &Arcs<'_>,
    source: usize,
    mask: u64,
    word: u64,
    stop: Option<&Stop>,
    s: &mut Scratch,
) {
    s.clear();
    s.held[source] = Held {
        reach: mask,
        pending: mask,
        later: 0,
    };
    s.touched.push(source as u32);
    let Some(stop) = stop else {
        s.queue.push(source as u32);
        let mut head = 0;
        while let Some(&u) = s.queue.get(head) {
            head += 1;
            spread(arcs, u as usize, word, s);
        }
        return;
    };
    let need = stop.targets - u32::from(stop.is_target[source]);
    if need == 0 || stop.dist[source] == u32::MAX {
        return;
    }
    s.buckets.resize_with(stop.levels, Vec::new);
    s.buckets.iter_mut().for_each(Vec::clear);
    s.buckets[stop.dist[source] as usize].push(source as u32);
    let mut cur = 0;
    while cur < s.buckets.len() {
        let Some(item) = s.buckets[cur].pop() else {
            cur += 1;
            continue;
        };
        if spread_toward(stop, item, word, (need, mask), s) {
            return;
        }
        // Spreading reaches actors at most one step nearer a target.
        cur = cur.saturating_sub(1);
    }
}

/// With a stop: passes actor `u`'s pending runs on over its arcs toward the
/// targets, and keeps them for its arcs leading away (a work-list entry one
/// step farther, by which time most runs are usually done); or, for an
/// entry marked [`LATER`], passes the kept runs on over those. True when
/// every run has reached every target (`need` of them, runs `mask`).
#[inline(always)]
fn spread_toward(
    stop: &Stop,
    item: u32,
    word: u64,
    (need, mask): (u32, u64),
    s: &mut Scratch,
) -> bool {
    let u = (item & !LATER) as usize;
    let h = &mut s.held[u];
    let (delta, from, to) = if item & LATER != 0 {
        let d = std::mem::take(&mut h.later);
        (d, stop.away[u], stop.toward[u + 1])
    } else {
        let d = std::mem::take(&mut h.pending);
        // Kept runs are never done ones: a kept word is nonzero exactly
        // while its entry is queued.
        let keep = d & !s.done;
        if keep != 0 && stop.away[u] < stop.toward[u + 1] {
            if h.later == 0 {
                s.buckets[stop.dist[u] as usize + 1].push(item | LATER);
            }
            h.later |= keep;
        }
        (d, stop.toward[u], stop.away[u])
    };
    let delta = delta & !s.done;
    if delta == 0 {
        return false;
    }
    for e in from as usize..to as usize {
        let a = stop.arcs[e];
        let v = a.to as usize;
        let Some((add, idle)) = pass(&a, e, delta, word, s) else {
            continue;
        };
        if idle {
            s.buckets[stop.dist[v] as usize].push(v as u32);
        }
        if stop.is_target[v] && s.hit(add, need, mask) {
            return true;
        }
    }
    false
}

/// Passes the runs `delta` over arc `e` (`a`): the runs its head gains, and
/// whether the head had none pending (so it must be queued); `None` when it
/// gains none.
#[inline(always)]
fn pass(a: &Arc, e: usize, delta: u64, word: u64, s: &mut Scratch) -> Option<(u64, bool)> {
    let v = a.to as usize;
    let new = delta & !s.held[v].reach;
    if new == 0 {
        return None;
    }
    let add = new & live_word(a, e, word, s);
    if add == 0 {
        return None;
    }
    let h = &mut s.held[v];
    let (first, idle) = (h.reach == 0, h.pending == 0);
    h.reach |= add;
    h.pending |= add;
    if first {
        s.touched.push(v as u32);
    }
    Some((add, idle))
}

/// The live word of arc `e` (`a`) in this word, drawn the first time it
/// could matter (its value is keyed, so when it is drawn changes nothing).
#[inline(always)]
fn live_word(a: &Arc, e: usize, word: u64, s: &mut Scratch) -> u64 {
    let (slot, bit) = (e / 64, 1u64 << (e % 64));
    if s.drawn[slot] & bit != 0 {
        s.live[e]
    } else {
        s.drawn[slot] |= bit;
        let w = bernoulli_word(a.p, key(word, a.key));
        s.live[e] = w;
        w
    }
}

/// Passes actor `u`'s pending runs on over its live arcs, queueing the
/// actors that gain runs (the full flood, without a stop).
#[inline(always)]
fn spread(arcs: &Arcs<'_>, u: usize, word: u64, s: &mut Scratch) {
    let delta = std::mem::take(&mut s.held[u].pending);
    let (from, to) = (arcs.offsets[u] as usize, arcs.offsets[u + 1] as usize);
    for e in from..to {
        let a = arcs.arcs[e];
        let v = a.to as usize;
        let Some((_, idle)) = pass(&a, e, delta, word, s) else {
            continue;
        };
        if idle {
            s.queue.push(v as u32);
        }
    }
}
