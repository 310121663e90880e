//! Actor ids other tools allow (`"Kari Nordmann"`, `"N42"`) made valid
//! (`[a-z0-9_-]+`), consistently and without collisions.

use std::collections::{BTreeMap, BTreeSet};

/// The ids of one import: each original id maps to one valid id.
#[derive(Debug, Default)]
pub(crate) struct Slugs {
    map: BTreeMap<String, String>,
    taken: BTreeSet<String>,
    /// `(original, slug)` for every id that had to change, in first-seen order.
    pub changed: Vec<(String, String)>,
}

impl Slugs {
    /// The valid id for `original`, made on first sight.
    pub fn id(&mut self, original: &str) -> String {
        if let Some(s) = self.map.get(original) {
            return s.clone();
        }
        let base = slugify(original);
        let mut slug = base.clone();
        let mut n = 2;
        while self.taken.contains(&slug) || (slug != original && self.map.contains_key(&slug)) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        if slug != original {
            self.changed.push((original.to_string(), slug.clone()));
        }
        self.taken.insert(slug.clone());
        self.map.insert(original.to_string(), slug.clone());
        slug
    }

    /// The valid id already given to `original`, if any.
    pub fn get(&self, original: &str) -> Option<&str> {
        self.map.get(original).map(String::as_str)
    }

    /// Every original id seen so far.
    pub fn originals(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

/// Lower case; Norwegian and common accented letters spelled in ASCII; any
/// other run of characters outside `[a-z0-9_-]` becomes one `_`.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' | '-' | '_' => out.push(c),
            'æ' => out.push_str("ae"),
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            _ if !out.ends_with('_') => out.push('_'),
            _ => {}
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.is_empty() {
        "actor".into()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_valid_ids_and_spells_out_the_rest() {
        assert_eq!(slugify("aid"), "aid");
        assert_eq!(slugify("Kari Nordmann"), "kari_nordmann");
        assert_eq!(slugify("Bjørn Ærlig-Å."), "bjorn_aerlig-a");
        assert_eq!(slugify("!!!"), "actor");
    }

    #[test]
    fn ids_that_collide_after_slugifying_get_a_suffix() {
        let mut s = Slugs::default();
        assert_eq!(s.id("a b"), "a_b");
        assert_eq!(s.id("A B"), "a_b-2");
        assert_eq!(s.id("a b"), "a_b");
        assert_eq!(s.id("a_b"), "a_b-3");
        assert_eq!(s.changed.len(), 3);
    }
}
