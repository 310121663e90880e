//! `hviske analyze --measures LIST --format json`: the analysis with only
//! the computed measures' fields, key order kept, written straight from the
//! [`Analysis`] (a generic JSON tree of 100,000 actors took longer to build
//! and prune than the measures took to compute).

use super::json;
use crate::analysis::{ActorMeasures, Analysis, Measure};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// Every field of [`ActorMeasures`], in declaration order (its JSON key order).
const ACTOR_FIELDS: [&str; 21] = [
    "id",
    "name",
    "level",
    "side",
    "kind",
    "in_degree",
    "out_degree",
    "betweenness",
    "closeness",
    "pagerank",
    "span_of_control",
    "hops_to_top",
    "hops_from_top",
    "best_route",
    "best_route_reliability",
    "clustering",
    "eigenvector",
    "katz",
    "constraint",
    "effective_size",
    "brokerage",
];

/// `a` as pretty JSON without the fields of the measures not computed.
pub(super) fn computed_json(a: &Analysis) -> String {
    let dropped: Vec<Measure> = Measure::ALL
        .into_iter()
        .filter(|m| !a.computed.contains(m))
        .collect();
    let gone = |fields: fn(Measure) -> &'static [&'static str], k: &str| {
        dropped.iter().any(|&m| fields(m).contains(&k))
    };
    let mut head = match serde_json::to_value(without_actors(a)) {
        Ok(serde_json::Value::Object(o)) => o,
        _ => serde_json::Map::new(),
    };
    head.retain(|k, _| !gone(Measure::fields, k));
    let fields: Vec<&str> = ACTOR_FIELDS
        .into_iter()
        .filter(|k| !gone(Measure::actor_fields, k))
        .collect();
    json(&Computed {
        head,
        actors: &a.actors,
        fields: &fields,
    })
}

/// Everything in `a` but the actors (cheap next to them).
fn without_actors(a: &Analysis) -> Analysis {
    Analysis {
        model: a.model.clone(),
        computed: a.computed.clone(),
        estimated: a.estimated.clone(),
        removal_scope: a.removal_scope.clone(),
        actors: Vec::new(),
        levels: a.levels,
        hops_up: a.hops_up.clone(),
        hops_down: a.hops_down.clone(),
        span_of_control: a.span_of_control.clone(),
        reciprocity: a.reciprocity,
        components: a.components.clone(),
        articulation_points: a.articulation_points.clone(),
        bridges: a.bridges.clone(),
        representation: a.representation.clone(),
        under_weight_threshold: a.under_weight_threshold,
        reach: a.reach.clone(),
        removal_impact: a.removal_impact.clone(),
        density: a.density,
        per_kind: a.per_kind.clone(),
        average_clustering: a.average_clustering,
        eigenvector_iteration: a.eigenvector_iteration.clone(),
        katz_iteration: a.katz_iteration.clone(),
        brokerage_groups: a.brokerage_groups,
        ei_groups: a.ei_groups,
        ei_index: a.ei_index.clone(),
    }
}

/// The top-level fields kept, with the actors written in place of their
/// (empty) `actors` entry.
struct Computed<'a> {
    head: serde_json::Map<String, serde_json::Value>,
    actors: &'a [ActorMeasures],
    fields: &'a [&'a str],
}

impl Serialize for Computed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.head.len()))?;
        for (k, v) in &self.head {
            if k == "actors" {
                map.serialize_entry(k, &Actors(self.actors, self.fields))?;
            } else {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// The actors with only `fields`.
struct Actors<'a>(&'a [ActorMeasures], &'a [&'a str]);

impl Serialize for Actors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for a in self.0 {
            seq.serialize_element(&Actor(a, self.1))?;
        }
        seq.end()
    }
}

/// One actor with only the fields named (names from [`ACTOR_FIELDS`]).
struct Actor<'a>(&'a ActorMeasures, &'a [&'a str]);

impl Serialize for Actor<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut map = s.serialize_map(Some(self.1.len()))?;
        for &k in self.1 {
            match k {
                "id" => map.serialize_entry(k, &a.id)?,
                "name" => map.serialize_entry(k, &a.name)?,
                "level" => map.serialize_entry(k, &a.level)?,
                "side" => map.serialize_entry(k, &a.side)?,
                "kind" => map.serialize_entry(k, &a.kind)?,
                "in_degree" => map.serialize_entry(k, &a.in_degree)?,
                "out_degree" => map.serialize_entry(k, &a.out_degree)?,
                "betweenness" => map.serialize_entry(k, &a.betweenness)?,
                "closeness" => map.serialize_entry(k, &a.closeness)?,
                "pagerank" => map.serialize_entry(k, &a.pagerank)?,
                "span_of_control" => map.serialize_entry(k, &a.span_of_control)?,
                "hops_to_top" => map.serialize_entry(k, &a.hops_to_top)?,
                "hops_from_top" => map.serialize_entry(k, &a.hops_from_top)?,
                "best_route" => map.serialize_entry(k, &a.best_route)?,
                "best_route_reliability" => map.serialize_entry(k, &a.best_route_reliability)?,
                "clustering" => map.serialize_entry(k, &a.clustering)?,
                "eigenvector" => map.serialize_entry(k, &a.eigenvector)?,
                "katz" => map.serialize_entry(k, &a.katz)?,
                "constraint" => map.serialize_entry(k, &a.constraint)?,
                "effective_size" => map.serialize_entry(k, &a.effective_size)?,
                "brokerage" => map.serialize_entry(k, &a.brokerage)?,
                _ => {}
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, AnalysisOptions};

    fn small() -> Analysis {
        let m = crate::model::load("models/examples/small.json").unwrap();
        analyze(&crate::graph::build(&m), &AnalysisOptions::default())
    }

    #[test]
    fn every_measure_computed_gives_the_derived_json() {
        // ACTOR_FIELDS and the match above stay in step with ActorMeasures.
        // (Strings compared: parsing floats back need not round-trip.)
        let a = small();
        assert_eq!(computed_json(&a), json(&a));
    }

    #[test]
    fn measures_not_computed_leave_no_fields() {
        let mut a = small();
        a.computed = vec![Measure::Betweenness];
        let v: serde_json::Value = serde_json::from_str(&computed_json(&a)).unwrap();
        let actor = v["actors"][0].as_object().unwrap();
        let keys: Vec<&str> = actor.keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "name", "level", "side", "kind", "betweenness"]);
        assert!(v.get("removal_impact").is_none() && v.get("reach").is_none());
        assert!(v.get("levels").is_some() && v.get("model").is_some());
    }
}
