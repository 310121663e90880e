//! Which actors originate facts and which are measured: selectors.
//!
//! A selector picks actors of the model: `id:aid`, `level:9`,
//! `side:employee`, `kind:enterprise`, or a bare id (`aid`). Several
//! selectors separated by commas give their union (`id:aid,id:dat`).

use super::SimError;
use crate::model::{Model, Side};

/// Sources and targets of a simulation, as actor indices in model order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The actors that originate facts, in model order, no repeats.
    pub sources: Vec<usize>,
    /// The actors measured, in model order, no repeats.
    pub targets: Vec<usize>,
}

impl Query {
    /// Parses `--from` and `--to` selectors.
    ///
    /// # Errors
    /// [`SimError::Selector`] for a malformed selector or an unknown id (with
    /// a did-you-mean hint), [`SimError::Empty`] when a set is empty.
    pub fn parse(model: &Model, from: &str, to: &str) -> Result<Query, SimError> {
        let q = Query {
            sources: select(model, from)?,
            targets: select(model, to)?,
        };
        q.check(from, to)
    }

    /// A preset: `up` = from the deepest level to the top level (1), else
    /// from the top level to the deepest.
    ///
    /// # Errors
    /// [`SimError::NoLevels`] when the model gives no actor a level.
    pub fn direction(model: &Model, up: bool) -> Result<Query, SimError> {
        let (top, deep) = match (model.top_level(), model.deepest_level()) {
            (Some(t), Some(d)) => (t, d),
            _ => return Err(SimError::NoLevels { up }),
        };
        let at = |l: u32| -> Vec<usize> {
            (0..model.actors.len())
                .filter(|&i| model.actors[i].level == Some(l))
                .collect()
        };
        let (from, to) = if up { (deep, top) } else { (top, deep) };
        Query {
            sources: at(from),
            targets: at(to),
        }
        .check(&format!("level:{from}"), &format!("level:{to}"))
    }

    fn check(self, from: &str, to: &str) -> Result<Query, SimError> {
        if self.sources.is_empty() {
            return Err(SimError::Empty {
                what: "source",
                selector: from.to_string(),
                hint: "no actor matches".into(),
            });
        }
        if self.targets.is_empty() {
            return Err(SimError::Empty {
                what: "target",
                selector: to.to_string(),
                hint: "no actor matches".into(),
            });
        }
        if self.targets.len() == 1 && self.sources == self.targets {
            return Err(SimError::Empty {
                what: "target",
                selector: to.to_string(),
                hint: "the only target is the source itself".into(),
            });
        }
        Ok(self)
    }

    /// The targets measured for facts from `source`: every target but the
    /// source itself (a source trivially holds its own fact).
    pub fn targets_of(&self, source: usize) -> Vec<usize> {
        self.targets
            .iter()
            .copied()
            .filter(|&t| t != source)
            .collect()
    }
}

/// The actors one selector (or a comma-separated union) picks, model order.
fn select(model: &Model, selector: &str) -> Result<Vec<usize>, SimError> {
    let mut pick = vec![false; model.actors.len()];
    for part in selector.split(',').map(str::trim) {
        let bad = |msg: String| SimError::Selector {
            selector: part.to_string(),
            msg,
        };
        let (field, value) = part.split_once(':').unwrap_or(("id", part));
        let value = value.trim();
        if value.is_empty() {
            let what = if part.is_empty() {
                "nothing is selected".to_string()
            } else {
                format!("\"{field}:\" needs a value")
            };
            return Err(bad(format!(
                "{what}: give an actor id, level:N, kind:K or side:S (several joined with commas)"
            )));
        }
        let hits: Vec<usize> = match field {
            "id" => match model.actor_index(value) {
                Some(i) => vec![i],
                None => {
                    let near =
                        crate::model::near_match(value, model.actors.iter().map(|a| a.id.as_str()));
                    return Err(bad(match near {
                        Some(n) => format!("unknown actor id (did you mean \"{n}\"?)"),
                        None => "unknown actor id".into(),
                    }));
                }
            },
            "level" => {
                let l: u32 = value
                    .parse()
                    .map_err(|_| bad("a level is a whole number ≥ 1".into()))?;
                filter(model, |a| a.level == Some(l))
            }
            "side" => {
                let s = Side::parse(value).ok_or_else(|| {
                    let all: Vec<&str> = Side::ALL.iter().map(|s| s.as_str()).collect();
                    bad(format!("unknown side; sides are {}", all.join(", ")))
                })?;
                filter(model, |a| a.side == Some(s))
            }
            "kind" => filter(model, |a| a.kind.as_deref() == Some(value)),
            other => {
                return Err(bad(format!(
                    "unknown selector \"{other}:\"; use id:, level:, side:, kind: or a bare id"
                )))
            }
        };
        if hits.is_empty() {
            let hint = if field == "kind" {
                let mut kinds: Vec<&str> = model
                    .actors
                    .iter()
                    .filter_map(|a| a.kind.as_deref())
                    .collect();
                kinds.sort_unstable();
                kinds.dedup();
                match crate::model::near_match(value, kinds.iter().copied()) {
                    Some(n) => format!(" (did you mean \"kind:{n}\"?)"),
                    None => String::new(),
                }
            } else {
                String::new()
            };
            return Err(bad(format!("no actor matches{hint}")));
        }
        for i in hits {
            pick[i] = true;
        }
    }
    Ok((0..pick.len()).filter(|&i| pick[i]).collect())
}

fn filter(model: &Model, f: impl Fn(&crate::model::Actor) -> bool) -> Vec<usize> {
    (0..model.actors.len())
        .filter(|&i| f(&model.actors[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Model {
        crate::model::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/models/three-two-one.json"
        ))
        .unwrap()
    }

    #[test]
    fn selectors_pick_actors() {
        let m = m();
        let q = Query::parse(&m, "level:9", "aid").unwrap();
        assert_eq!(q.sources.len(), 31);
        assert_eq!(q.targets, vec![m.actor_index("aid").unwrap()]);
        let q = Query::parse(&m, "side:employee", "id:aid").unwrap();
        assert!(!q.sources.is_empty());
    }

    #[test]
    fn direction_presets_run_between_the_extreme_levels() {
        let m = m();
        let up = Query::direction(&m, true).unwrap();
        let down = Query::direction(&m, false).unwrap();
        assert_eq!(up.sources, down.targets);
        assert_eq!(up.targets, down.sources);
    }

    #[test]
    fn unknown_ids_get_a_hint() {
        let m = m();
        let e = Query::parse(&m, "aidd", "aid").unwrap_err().to_string();
        assert!(e.contains("did you mean \"aid\""), "{e}");
        let e = Query::parse(&m, "colour:red", "aid")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown selector"), "{e}");
        let e = Query::parse(&m, "level:99", "aid").unwrap_err().to_string();
        assert!(e.contains("no actor matches"), "{e}");
    }
}
