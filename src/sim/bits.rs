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
    /// Actors with pending runs, first in first out from `head`.
    queue: Vec<u32>,
}

impl Scratch {
    pub(crate) fn new(arcs: &Arcs<'_>) -> Scratch {
        Scratch {
            held: vec![Held::default(); arcs.n()],
            live: vec![0; arcs.arcs.len()],
            drawn: vec![0; arcs.arcs.len().div_ceil(64)],
            touched: Vec::new(),
            queue: Vec::new(),
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
    }
}

/// Propagates one word of runs from `source`: `mask` selects the runs in use,
/// `word` is the word's key. Leaves the result in `s.reach` and `s.touched`.
///
/// Which actor is taken from the work list first changes nothing: the live
/// words are keyed, and the fixpoint is the same in any order.
///
/// Complexity: O(E · (digits + passes)) for the reached part of the graph,
/// about 8 hashed digits per arc (see `bernoulli_word`).
pub(crate) fn run(arcs: &Arcs<'_>, source: usize, mask: u64, word: u64, s: &mut Scratch) {
    s.clear();
    s.held[source] = Held {
        reach: mask,
        pending: mask,
    };
    s.touched.push(source as u32);
    s.queue.push(source as u32);
    let mut head = 0;
    while head < s.queue.len() {
        let u = s.queue[head] as usize;
        head += 1;
        let delta = std::mem::take(&mut s.held[u].pending);
        let (from, to) = (arcs.offsets[u] as usize, arcs.offsets[u + 1] as usize);
        for (e, a) in arcs.arcs[from..to].iter().enumerate() {
            let e = from + e;
            let v = a.to as usize;
            let new = delta & !s.held[v].reach;
            if new == 0 {
                continue;
            }
            // An arc's live word is drawn the first time it could matter
            // (its value is keyed, so when it is drawn changes nothing).
            let (slot, bit) = (e / 64, 1u64 << (e % 64));
            let live = if s.drawn[slot] & bit != 0 {
                s.live[e]
            } else {
                s.drawn[slot] |= bit;
                let w = bernoulli_word(a.p, key(word, a.key));
                s.live[e] = w;
                w
            };
            let add = new & live;
            if add != 0 {
                let h = &mut s.held[v];
                if h.reach == 0 {
                    s.touched.push(v as u32);
                }
                if h.pending == 0 {
                    s.queue.push(v as u32);
                }
                h.reach |= add;
                h.pending |= add;
            }
        }
    }
}
