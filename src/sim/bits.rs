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
use std::collections::VecDeque;

/// Working memory for one worker, reused across words.
#[derive(Debug)]
pub(crate) struct Scratch {
    /// Runs (bits) in which each actor holds the fact.
    pub reach: Vec<u64>,
    pending: Vec<u64>,
    live: Vec<u64>,
    /// The word number in which each arc's live word was drawn.
    drawn: Vec<u32>,
    word: u32,
    /// Actors reached in this word (cleared at the next word).
    pub touched: Vec<u32>,
    queue: VecDeque<u32>,
}

impl Scratch {
    pub(crate) fn new(csr: &Csr) -> Scratch {
        Scratch {
            reach: vec![0; csr.n],
            pending: vec![0; csr.n],
            live: vec![0; csr.arcs()],
            drawn: vec![0; csr.arcs()],
            word: 0,
            touched: Vec::new(),
            queue: VecDeque::new(),
        }
    }

    fn clear(&mut self) {
        for &v in &self.touched {
            self.reach[v as usize] = 0;
        }
        self.touched.clear();
        self.word = self.word.wrapping_add(1);
        if self.word == 0 {
            // After 2^32 words: forget every draw for real.
            self.drawn.iter_mut().for_each(|d| *d = 0);
            self.word = 1;
        }
    }
}

/// Propagates one word of runs from `source`: `mask` selects the runs in use,
/// `word` is the word's key. Leaves the result in `s.reach` and `s.touched`.
///
/// Complexity: O(E · (digits + passes)) for the reached part of the graph,
/// about 8 hashed digits per arc (see `bernoulli_word`).
pub(crate) fn run(csr: &Csr, source: usize, mask: u64, word: u64, s: &mut Scratch) {
    s.clear();
    s.reach[source] = mask;
    s.pending[source] = mask;
    s.touched.push(source as u32);
    s.queue.push_back(source as u32);
    while let Some(u) = s.queue.pop_front() {
        let u = u as usize;
        let delta = s.pending[u];
        s.pending[u] = 0;
        for e in csr.out(u) {
            let v = csr.to[e] as usize;
            let new = delta & !s.reach[v];
            if new == 0 {
                continue;
            }
            // An arc's live word is drawn the first time it could matter
            // (its value is keyed, so when it is drawn changes nothing).
            if s.drawn[e] != s.word {
                s.drawn[e] = s.word;
                s.live[e] = bernoulli_word(csr.live[e], key(word, csr.arc_key[e]));
            }
            let add = new & s.live[e];
            if add != 0 {
                if s.reach[v] == 0 {
                    s.touched.push(v as u32);
                }
                s.reach[v] |= add;
                if s.pending[v] == 0 {
                    s.queue.push_back(v as u32);
                }
                s.pending[v] |= add;
            }
        }
    }
}
