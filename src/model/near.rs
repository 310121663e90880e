//! One rule for "did you mean": the candidate closest to a mistyped word.

/// The candidate closest to `word`, when close enough to be a likely typo:
/// at most one edit per four characters (at least one), or a Jaro–Winkler
/// similarity of 0.9 or more. The fewest edits win, then the most similar.
/// Every "did you mean" of the library and the command line uses it: field
/// names, actor ids, kinds.
///
/// ```
/// use hviske::model::near_match;
/// let ids = ["alpha", "beta", "gamma"];
/// assert_eq!(near_match("bet", ids.into_iter()), Some("beta"));
/// assert_eq!(near_match("zzz", ids.into_iter()), None);
/// ```
pub fn near_match<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let max_edits = (word.chars().count() / 4).max(1);
    candidates
        .filter(|c| *c != word)
        .map(|c| {
            (
                strsim::levenshtein(word, c),
                strsim::jaro_winkler(word, c),
                c,
            )
        })
        .filter(|(edits, similar, _)| *edits <= max_edits || *similar >= 0.9)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_match_finds_typos_only() {
        let c = ["fidelity", "distortion", "every_days"];
        assert_eq!(near_match("fidelty", c.into_iter()), Some("fidelity"));
        assert_eq!(near_match("zzz", c.into_iter()), None);
    }
}
