//! Pivot sources for sampled centralities, drawn exactly as networkx draws
//! them: `random.Random(seed).sample(list(G.nodes()), k)` in CPython, so that
//! an estimate from hviske equals networkx's `betweenness_centrality(G, k,
//! seed=seed)` on the same graph (nodes in the model's actor order).
//!
//! That takes CPython's generator bit for bit: the Mersenne Twister MT19937
//! (M. Matsumoto and T. Nishimura, ACM TOMACS 8(1), 1998) seeded by
//! `init_by_array` with the seed's 32-bit words, least significant first (as
//! CPython's `random_seed` does for an int); `getrandbits`; `_randbelow`
//! (rejection on `getrandbits(n.bit_length())`); and `random.sample`'s two
//! branches: a shrinking pool when the population is small against the
//! sample, a set of chosen indices otherwise (CPython 3.11's
//! `Lib/random.py`, unchanged since 3.2 in what it draws).
//!
//! Deterministic: the same seed gives the same pivots on every machine.

use std::collections::HashSet;

const N: usize = 624;
const M: usize = 397;

/// CPython's `random.Random`: MT19937 with Python's seeding.
#[derive(Clone)]
pub struct PyRandom {
    mt: Box<[u32; N]>,
    index: usize,
}

impl PyRandom {
    /// `random.Random(seed)` for a non-negative int seed.
    pub fn new(seed: u64) -> Self {
        // CPython: the absolute value's 32-bit words, least significant
        // first; zero is one word.
        let key: Vec<u32> = if seed >> 32 == 0 {
            vec![seed as u32]
        } else {
            vec![seed as u32, (seed >> 32) as u32]
        };
        let mut r = PyRandom {
            mt: Box::new([0; N]),
            index: N,
        };
        r.init_by_array(&key);
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
    }

    fn twist(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        for k in 0..N {
            let y = (self.mt[k] & UPPER) | (self.mt[(k + 1) % N] & LOWER);
            let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
            self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// MT19937's next tempered 32-bit output (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `getrandbits(k)` for 1 ≤ k ≤ 64: words least significant first, the
    /// last word's surplus low bits dropped.
    ///
    /// # Panics
    /// When `k` is 0 or above 64.
    #[track_caller]
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        assert!((1..=64).contains(&k), "getrandbits({k}) outside 1..=64");
        if k <= 32 {
            return u64::from(self.next_u32() >> (32 - k));
        }
        let low = u64::from(self.next_u32());
        let high = u64::from(self.next_u32() >> (64 - k));
        low | high << 32
    }

    /// `_randbelow(n)`: uniform in `0..n` by rejection, for n ≥ 1.
    pub fn randbelow(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `random.sample(range(n), k)`: `k` distinct indices below `n`, in the
    /// order Python returns them.
    ///
    /// # Panics
    /// When `k > n`.
    #[track_caller]
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        assert!(k <= n, "sample of {k} from {n}");
        let mut setsize = 21usize;
        if k > 5 {
            // 4 ** ceil(log(3k, 4)), with Python's float log.
            let exp = ((k * 3) as f64).ln() / 4f64.ln();
            setsize += 4usize.pow(exp.ceil() as u32);
        }
        let mut out = Vec::with_capacity(k);
        if n <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.randbelow((n - i) as u64) as usize;
                out.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.randbelow(n as u64) as usize;
                while !selected.insert(j) {
                    j = self.randbelow(n as u64) as usize;
                }
                out.push(j);
            }
        }
        out
    }
}

/// The `k` pivots networkx's `betweenness_centrality(G, k, seed=seed)` uses
/// on a graph whose nodes are `0..n` in order.
///
/// # Panics
/// When `k > n`.
#[track_caller]
pub fn pivots(n: usize, k: usize, seed: u64) -> Vec<usize> {
    PyRandom::new(seed).sample(n, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CPY_BITS_0: [u64; 3] = [3_626_764_237, 1_654_615_998, 3_255_389_356];
    const CPY_BITS_BIG: [u64; 3] = [2_635_837_658, 3_209_733_218, 3_500_038_837];
    const CPY_BITS40_42: u64 = 123_005_401_501;
    const CPY_POOL: [usize; 6] = [4, 18, 27, 25, 24, 2];
    const CPY_SET: [usize; 10] = [331, 970, 154, 404, 666, 49, 74, 840, 548, 96];
    const CPY_SMALL: [usize; 5] = [7, 18, 17, 4, 11];

    // Figures from CPython 3.11.7:
    //   r = random.Random(S); [r.getrandbits(32) for _ in range(3)]
    //   random.Random(S).sample(range(N), K)
    #[test]
    fn the_generator_matches_cpython() {
        let mut r = PyRandom::new(0);
        let got: Vec<u64> = (0..3).map(|_| r.getrandbits(32)).collect();
        assert_eq!(got, CPY_BITS_0);
        let mut r = PyRandom::new(1 << 40 | 7);
        let got: Vec<u64> = (0..3).map(|_| r.getrandbits(32)).collect();
        assert_eq!(got, CPY_BITS_BIG);
        let mut r = PyRandom::new(42);
        assert_eq!(r.getrandbits(40), CPY_BITS40_42);
    }

    #[test]
    fn pool_and_set_branches_match_cpython() {
        // n = 30 ≤ 21 + 4^ceil(log4(18)) = 85: the pool branch.
        assert_eq!(pivots(30, 6, 1), CPY_POOL);
        // n = 1000 > 85: the set branch.
        assert_eq!(pivots(1000, 10, 7), CPY_SET);
        // k ≤ 5 keeps the set size 21: n = 22 takes the set branch.
        assert_eq!(pivots(22, 5, 3), CPY_SMALL);
    }

    #[test]
    fn a_full_sample_is_a_permutation() {
        let mut p = pivots(100, 100, 9);
        p.sort_unstable();
        assert_eq!(p, (0..100).collect::<Vec<_>>());
    }
}
