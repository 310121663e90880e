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

/// A word of 64 independent bits, each 1 with probability `p / 2^P_BITS`,
/// from the key `seed`.
///
/// Each bit compares a uniform number `U` with `p`, digit by digit from the
/// most significant, with one hashed word per digit supplying that digit of
/// all 64 `U`s at once: a lane is decided 1 where `U`'s digit is 0 and `p`'s
/// is 1, decided 0 where `U`'s is 1 and `p`'s is 0, and undecided while they
/// agree. All 64 lanes are usually decided after about 8 digits, so the cost
/// hardly depends on the precision; the result is exact for `p` in fixed
/// point.
#[inline(always)]
pub(crate) fn bernoulli_word(p: u32, seed: u64) -> u64 {
    if p == 0 {
        return 0;
    }
    if p >= 1 << P_BITS {
        return !0;
    }
    let mut ones = 0u64;
    let mut open = !0u64;
    let mut x = seed;
    let mut i = P_BITS;
    while i > 0 && open != 0 {
        i -= 1;
        x = x.wrapping_add(GOLDEN);
        let w = mix64(x);
        if (p >> i) & 1 == 1 {
            ones |= open & !w;
            open &= w;
        } else {
            open &= !w;
        }
    }
    ones
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED_KEY: u64 = 4272983453625962725;
    const PINNED_AID: u64 = 2994625661764864800;
    const PINNED_WORD: u64 = 18444492273892720639;

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

    #[test]
    fn unit_is_in_the_unit_interval() {
        assert_eq!(unit(0), 0.0);
        assert!(unit(u64::MAX) < 1.0);
    }
}
