//! Near matches for mistyped words (ids, kinds, fields), shared by the
//! loader and the validator (and the later stages' messages), so neither
//! needs the other for it.

/// The candidate closest to `word`, when close enough to be a likely typo:
/// at most one edit per four characters (at least one), or a Jaro–Winkler
/// similarity of 0.9 or more. The fewest edits win, then the most similar.
pub(crate) fn near_match<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
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
