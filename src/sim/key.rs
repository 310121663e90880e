//! Counter-based random draws: every draw is a hash of its own key, never the
//! next value of a sequential stream (see the draw order in [`super`]).
//!
//! The mixer is the SplitMix64 finaliser (Steele, Lea & Flood 2014), a
//! bijection on `u64` with full avalanche; [`key`] folds one more word into a
//! key. Changing either function changes every simulated figure: treat it as
//! a value-breaking change.

/// The golden-ratio increment of SplitMix64.
pub(crate) const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// Purpose tag: the random phase of a channel's sittings.
pub(crate) const TAG_PHASE: u64 = 1;
/// Purpose tag: an actor's attendance at one sitting of a channel.
pub(crate) const TAG_ATTEND: u64 = 2;
/// Purpose tag: the fidelity coin of one arc at one sitting.
pub(crate) const TAG_FIDELITY: u64 = 3;
/// Purpose tag: the distortion coin of one arc at one sitting.
pub(crate) const TAG_DISTORTION: u64 = 4;
/// Purpose tag: a 64-trial word of the bit-parallel path.
pub(crate) const TAG_WORD: u64 = 5;
/// Purpose tag: a trial's start day in a calendar window.
pub(crate) const TAG_START: u64 = 6;

/// SplitMix64's output function.
#[inline(always)]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An odd multiplier that spreads small words (tags, indices) over all bits.
const SPREAD: u64 = 0xd6e8_feb8_6659_fd93;

/// Folds `word` into the key `k`: `mix64((k + φ) ^ word · c)`, one mix. For
/// a fixed `k` it is a bijection of `word`.
#[inline(always)]
pub(crate) fn key(k: u64, word: u64) -> u64 {
    mix64(k.wrapping_add(GOLDEN) ^ word.wrapping_mul(SPREAD))
}

/// A key for a string (FNV-1a, then mixed): actor ids and channel kinds.
pub(crate) fn str_key(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix64(h)
}

/// A uniform number in [0, 1) from a hash (53 bits).
#[inline(always)]
pub(crate) fn unit(h: u64) -> f64 {
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Bits of precision of a bit-parallel probability.
pub(crate) const P_BITS: u32 = 24;

/// `p` as a fixed-point fraction of 2^[`P_BITS`], rounded to nearest.
pub(crate) fn fixed(p: f64) -> u32 {
    (p.clamp(0.0, 1.0) * f64::from(1u32 << P_BITS)).round() as u32
}

/// wyrand's increment (Wang Yi's wyhash, public domain).
const WY_STEP: u64 = 0xa076_1d64_78bd_642f;
/// wyrand's mixing constant.
const WY_MIX: u64 = 0xe703_7ed1_a0b4_28db;

/// Output `i` (from 0) of wyrand seeded with `seed`: the state after `i + 1`
/// steps, `x = seed + (i + 1)·step`, multiplied (128 bits) by `x ^ mix`,
/// high and low halves folded. One multiply per word and no dependence
/// between outputs, so the words of an arc-word are computed in parallel.
#[inline(always)]
fn wyrand(seed: u64, i: u32) -> u64 {
    let x = seed.wrapping_add(WY_STEP.wrapping_mul(u64::from(i) + 1));
    let t = u128::from(x) * u128::from(x ^ WY_MIX);
    (t >> 64) as u64 ^ t as u64
}

/// Compares digit `i` (from the most significant, 0-based) of the 64
/// uniforms `U` with that of `p`: lanes still open where `U`'s digit is 0 and
/// `p`'s is 1 are decided 1, where `U`'s is 1 and `p`'s is 0 decided 0.
#[inline(always)]
fn digit(p: u32, seed: u64, i: u32, ones: &mut u64, open: &mut u64) {
    let u = wyrand(seed, i);
    let bit = 0u64.wrapping_sub(u64::from((p >> (P_BITS - 1 - i)) & 1));
    *ones |= *open & !u & bit;
    *open &= !(u ^ bit);
}

/// A word of 64 independent bits, each 1 with probability `p / 2^P_BITS`,
/// from the key `seed`.
///
/// Each bit compares a uniform number `U` with `p`, digit by digit from the
/// most significant; the word of digit `i` of all 64 `U`s at once is output
/// `i` of wyrand seeded with `seed` (see `wyrand`). A lane is decided once
/// `U`'s digit differs from `p`'s, so all 64 lanes are usually decided after
/// about 8 digits (after 8 with probability 0.78, 12: 0.98, 16: 0.999): the
/// first 8 digits are computed without a branch, then 4 more at a time while
/// a lane is open. The result is exact for `p` in fixed point: `p` is
/// rounded to the nearest multiple of 2^-24, a bias of at most 2^-25 per
/// arc.
///
/// Cost: about 9 multiplies and 40 bit operations (about 10–20 ns on a
/// 2020s x86 core; `cargo bench --bench simulate -- bernoulli`).
#[inline(always)]
pub(crate) fn bernoulli_word(p: u32, seed: u64) -> u64 {
    if p == 0 {
        return 0;
    }
    if p >= 1 << P_BITS {
        return !0;
    }
    let (mut ones, mut open) = (0u64, !0u64);
    for i in 0..8 {
        digit(p, seed, i, &mut ones, &mut open);
    }
    let mut i = 8;
    while open != 0 && i < P_BITS {
        for j in i..i + 4 {
            digit(p, seed, j, &mut ones, &mut open);
        }
        i += 4;
    }
    ones
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED_KEY: u64 = 4272983453625962725;
    const PINNED_AID: u64 = 2994625661764864800;
    const PINNED_WORD: u64 = 13690801440912572415;

    #[test]
    fn value_stability() {
        // Changing these values changes every simulated figure: a
        // value-breaking change, to be made on purpose.
        assert_eq!(mix64(0), 0);
        assert_eq!(key(1, 2), PINNED_KEY);
        assert_eq!(str_key("aid"), PINNED_AID);
        assert_eq!(bernoulli_word(fixed(0.9), 7), PINNED_WORD);
        assert_eq!(key(1, 2), key(1, 2));
        assert_ne!(key(1, 2), key(2, 1));
        assert_eq!(str_key("aid"), str_key("aid"));
        assert_eq!(fixed(0.5), 1 << 23);
        assert_eq!(fixed(1.0), 1 << 24);
    }

    #[test]
    fn bernoulli_words_have_the_right_density() {
        for &p in &[0.0, 0.1, 0.5, 0.9, 0.999, 1.0] {
            let q = fixed(p);
            let ones: u32 = (0..4000u64)
                .map(|i| bernoulli_word(q, key(7, i)).count_ones())
                .sum();
            let n = 4000.0 * 64.0;
            let se = (p * (1.0 - p) / n).sqrt().max(1e-9);
            assert!(
                (f64::from(ones) / n - p).abs() <= 5.0 * se,
                "p = {p}: {ones}"
            );
        }
    }

    /// The fixed point is within half a step (2^-25) of every probability.
    #[test]
    fn the_fixed_point_is_within_half_a_step() {
        for i in 0..=1000 {
            let p = f64::from(i) / 1000.0;
            let back = f64::from(fixed(p)) / f64::from(1u32 << P_BITS);
            assert!((back - p).abs() <= 0.5 / f64::from(1u32 << P_BITS), "{p}");
        }
    }

    /// Probabilities whose lanes are decided late (many leading digits
    /// equal to those of most uniforms) and the smallest step.
    #[test]
    fn bernoulli_words_are_right_where_digits_run_deep() {
        let words = 20_000u64;
        let n = words as f64 * 64.0;
        for q in [
            1u32,
            3,
            (1 << P_BITS) - 1,
            (1 << (P_BITS - 1)) + 1,
            0x00ff_ffff ^ 0xff,
        ] {
            let p = f64::from(q) / f64::from(1u32 << P_BITS);
            let ones: u64 = (0..words)
                .map(|i| u64::from(bernoulli_word(q, key(11, i)).count_ones()))
                .sum();
            let se = (p * (1.0 - p) / n).sqrt().max(1.0 / n);
            assert!((ones as f64 / n - p).abs() <= 5.0 * se, "q = {q}: {ones}");
        }
    }

    /// The lanes of a word are independent: each pair of lanes is 11 with
    /// probability p², and a lane does not predict its neighbour.
    #[test]
    fn the_lanes_of_a_word_are_independent() {
        let words = 20_000u64;
        for p in [0.3, 0.9] {
            let q = fixed(p);
            let mut both = [0u64; 64];
            for i in 0..words {
                let w = bernoulli_word(q, key(13, i));
                let pairs = w & w.rotate_right(1);
                for (j, b) in both.iter_mut().enumerate() {
                    *b += (pairs >> j) & 1;
                }
            }
            let n = (words * 64) as f64;
            let got = both.iter().sum::<u64>() as f64 / n;
            let want = p * p;
            let se = (want * (1.0 - want) / n).sqrt();
            assert!((got - want).abs() <= 5.0 * se, "p = {p}: {got} vs {want}");
        }
    }

    #[test]
    fn unit_is_in_the_unit_interval() {
        assert_eq!(unit(0), 0.0);
        assert!(unit(u64::MAX) < 1.0);
    }
}
