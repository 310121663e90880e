//! The `--what-if` mini-language: one change in one short string.

use super::{Change, WhatIfError};
use crate::model::raw::{RawChannel, RawParams};

/// The `--what-if` syntax, one line each (also shown in `--help`).
pub const WHAT_IF_SYNTAX: &str = "\
  remove:ID                       remove an actor for good
  vacancy:ID:FROM:TO              the seat of ID is empty from day FROM to day TO
  attendance:ID=P                 set the attendance of ID to P
  add-channel:A->B[:KIND]         add a channel (parameters from its kind)
  remove-channel:A->B[:KIND]      remove the channel A -> B
  kind:KIND.PARAM=X               set fidelity|distortion|latency_days|every_days for a kind
  all.PARAM=X                     set a parameter on every channel
  collapse-level:L                peel off level L, joining its channels through
  merge:INTO+FROM                 merge actor FROM into actor INTO";

impl Change {
    /// Parses the `--what-if` syntax ([`WHAT_IF_SYNTAX`]): takes one change
    /// as text, returns it as a [`Change`] to give [`super::apply`]. Nothing
    /// is checked against a model here (an unknown actor is found when the
    /// change is applied). Cost: linear in the text.
    ///
    /// ```
    /// use hviske::scenario::{Change, WhatIfError};
    /// assert_eq!(
    ///     Change::parse("attendance:nnn=0.4"),
    ///     Ok(Change::Attendance { actor: "nnn".into(), value: 0.4 })
    /// );
    /// assert!(matches!(
    ///     Change::parse("attendance:nnn"),
    ///     Err(WhatIfError::Malformed { form: "attendance:ID=P", .. })
    /// ));
    /// ```
    ///
    /// # Errors
    /// [`WhatIfError`]: an unknown change, or a known one in the wrong form
    /// (the message shows the expected form).
    pub fn parse(s: &str) -> Result<Change, WhatIfError> {
        let bad = |form: &'static str| WhatIfError::Malformed {
            text: s.to_string(),
            form,
        };
        let number = |x: &str, form: &'static str| x.trim().parse::<f64>().map_err(|_| bad(form));
        let (op, rest) = s.split_once(':').unwrap_or((s, ""));
        match op {
            "remove" if !rest.is_empty() => Ok(Change::RemoveActor {
                actor: rest.to_string(),
            }),
            "vacancy" => {
                let form = "vacancy:ID:FROM_DAY:TO_DAY";
                let parts: Vec<&str> = rest.split(':').collect();
                let [actor, from, to] = parts[..] else {
                    return Err(bad(form));
                };
                Ok(Change::Vacancy {
                    actor: actor.to_string(),
                    from_day: number(from, form)?,
                    to_day: number(to, form)?,
                })
            }
            "attendance" => {
                let form = "attendance:ID=P";
                let (actor, value) = rest.split_once('=').ok_or_else(|| bad(form))?;
                Ok(Change::Attendance {
                    actor: actor.to_string(),
                    value: number(value, form)?,
                })
            }
            "add-channel" | "remove-channel" => {
                let form = "add-channel:A->B[:KIND] or remove-channel:A->B[:KIND]";
                let (ends, kind) = match rest.split_once(':') {
                    Some((ends, kind)) => (ends, Some(kind.to_string())),
                    None => (rest, None),
                };
                let (from, to) = ends.split_once("->").ok_or_else(|| bad(form))?;
                let (from, to) = (from.trim().to_string(), to.trim().to_string());
                if kind.as_deref().is_some_and(|k| k.trim().is_empty()) {
                    return Err(bad(form));
                }
                Ok(if op == "add-channel" {
                    Change::AddChannel {
                        channel: RawChannel {
                            from,
                            to,
                            kind,
                            ..RawChannel::default()
                        },
                    }
                } else {
                    Change::RemoveChannel { from, to, kind }
                })
            }
            "kind" => {
                let form = "kind:KIND.PARAM=X";
                let (lhs, value) = rest.split_once('=').ok_or_else(|| bad(form))?;
                let (kind, param) = lhs.rsplit_once('.').ok_or_else(|| bad(form))?;
                Ok(Change::SetKind {
                    kind: kind.to_string(),
                    params: one_param(param, number(value, form)?).ok_or_else(|| bad(form))?,
                })
            }
            "collapse-level" => Ok(Change::CollapseLevel {
                level: rest.trim().parse().map_err(|_| bad("collapse-level:L"))?,
            }),
            "merge" => {
                let (into, from) = rest.split_once('+').ok_or_else(|| bad("merge:INTO+FROM"))?;
                Ok(Change::Merge {
                    into: into.to_string(),
                    from: from.to_string(),
                })
            }
            _ if s.starts_with("all.") => {
                let form = "all.PARAM=X";
                let (param, value) = s["all.".len()..].split_once('=').ok_or_else(|| bad(form))?;
                Ok(Change::SetAll {
                    params: one_param(param, number(value, form)?).ok_or_else(|| bad(form))?,
                })
            }
            _ => Err(WhatIfError::Unknown {
                text: s.to_string(),
            }),
        }
    }
}

/// A [`RawParams`] with one parameter set, by its name in the format.
pub fn one_param(name: &str, value: f64) -> Option<RawParams> {
    let mut p = RawParams::default();
    match name {
        "fidelity" => p.fidelity = Some(value),
        "distortion" => p.distortion = Some(value),
        "latency_days" => p.latency_days = Some(value),
        "every_days" => p.every_days = Some(value),
        _ => return None,
    }
    Some(p)
}
