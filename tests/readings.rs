//! The evidence grades and readings of the model format: what is accepted,
//! what is rejected (with its place), and that a reading applies exactly its
//! changes.

use crate::util::{arg, hviske, temp_file};
use hviske::model::{parse_str, Evidence};
use hviske::scenario::{apply_readings, load_design};

const GRADED: &str = r#"{
  "format": 1,
  "name": "graded",
  "actors": [
    {"id": "top", "level": 1, "evidence": "stated"},
    {"id": "mid", "level": 2, "evidence": "inferred"},
    {"id": "low", "level": 3}
  ],
  "channels": [
    {"from": "low", "to": "mid", "kind": "report", "evidence": "stated"},
    {"from": "mid", "to": "top", "kind": "report", "evidence": "assumed"}
  ],
  "readings": [
    {"id": "bypass", "name": "low reports to top directly", "probability": 0.25,
     "rationale": "the source allows it", "source": "L1",
     "changes": [{"op": "add-channel", "from": "low", "to": "top", "kind": "report", "evidence": "inferred"}]},
    {"id": "weak-mid", "probability": 0.5,
     "changes": [{"op": "set-kind", "kind": "report", "fidelity": 0.5}]}
  ]
}"#;

fn rejected(text: &str) -> String {
    let (_dir, path) = temp_file("m.json", text);
    let out = hviske().args(["validate", arg(&path)]).assert().code(1);
    String::from_utf8(out.get_output().stderr.clone())
        .unwrap()
        .replace(arg(&path), "m.json")
}

#[test]
fn evidence_grades_and_readings_are_read() {
    let m = parse_str(GRADED, "graded.json").unwrap();
    assert_eq!(m.actors[0].evidence, Some(Evidence::Stated));
    assert_eq!(m.actors[1].evidence, Some(Evidence::Inferred));
    assert_eq!(m.actors[2].evidence, None);
    assert_eq!(m.channels[1].evidence, Some(Evidence::Assumed));
    assert_eq!(m.readings.len(), 2);
    assert_eq!(m.readings[0].name, "low reports to top directly");
    assert_eq!(m.readings[1].name, "weak-mid");
    assert_eq!(m.readings[0].probability.get(), 0.25);
    // The model written back and read again is the same model.
    let again = hviske::model::validate(&m.to_raw()).unwrap();
    assert_eq!(again, m);
}

#[test]
fn a_reading_applies_exactly_its_changes() {
    let m = parse_str(GRADED, "graded.json").unwrap();
    let bypass = apply_readings(&m, &[0]).unwrap();
    assert_eq!(bypass.channels.len(), m.channels.len() + 1);
    let added = bypass.channels.last().unwrap();
    assert_eq!(bypass.actors[added.from].id.as_str(), "low");
    assert_eq!(bypass.actors[added.to].id.as_str(), "top");
    assert_eq!(added.evidence, Some(Evidence::Inferred));
    // Everything else is as it was.
    assert_eq!(bypass.channels[..m.channels.len()], m.channels[..]);
    assert_eq!(bypass.actors, m.actors);
    assert!(
        bypass.readings.is_empty(),
        "an applied reading is one reading"
    );
    // The second reading changes parameters only.
    let weak = apply_readings(&m, &[1]).unwrap();
    assert_eq!(weak.channels.len(), m.channels.len());
    assert!(weak.channels.iter().all(|c| c.params.fidelity.get() == 0.5));
    // No reading chosen: the main reading.
    let main = apply_readings(&m, &[]).unwrap();
    assert_eq!(main.channels, m.channels);
}

#[test]
fn an_unknown_evidence_grade_is_rejected_with_a_near_match() {
    let text = GRADED.replace(r#""evidence": "assumed""#, r#""evidence": "asumed""#);
    let err = rejected(&text);
    assert!(
        err.contains(r#"m.json:11:64: channel 2 ("mid" -> "top"): unknown evidence grade "asumed" (did you mean "assumed"?)"#),
        "{err}"
    );
}

#[test]
fn a_reading_probability_outside_0_1_is_rejected() {
    let text = GRADED.replace(r#""probability": 0.5"#, r#""probability": 1.5"#);
    let err = rejected(&text);
    assert!(
        err.contains(r#"m.json:17:39: reading 2 ("weak-mid"): probability 1.5 is outside [0, 1]"#),
        "{err}"
    );
}

#[test]
fn a_reading_that_does_not_apply_is_rejected_at_its_change() {
    let text = GRADED.replace(
        r#""to": "top", "kind": "report", "evidence": "inferred""#,
        r#""to": "tpo", "kind": "report""#,
    );
    let err = rejected(&text);
    assert!(
        err.contains(r#"m.json:16:18: reading "bypass": change 1: "#)
            && err.contains(r#"unknown actor "tpo""#),
        "{err}"
    );
    let text = GRADED.replace(r#"{"op": "set-kind""#, r#"{"op": "set-knid""#);
    let err = rejected(&text);
    assert!(
        err.contains(r#"reading "weak-mid": change 1: unknown variant `set-knid`"#),
        "{err}"
    );
}

#[test]
fn duplicate_reading_ids_are_rejected() {
    let text = GRADED.replace(r#""id": "weak-mid""#, r#""id": "bypass""#);
    let err = rejected(&text);
    assert!(
        err.contains(r#"reading 2 ("bypass"): duplicate id"#),
        "{err}"
    );
}

#[test]
fn a_scenario_keeps_the_readings_that_still_apply() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.json"), GRADED).unwrap();
    let scenario = r#"{"scenario": 1, "name": "no top", "base": "base.json",
        "changes": [{"op": "add-actor", "actor": {"id": "top2", "level": 1}},
                    {"op": "remove-actor", "actor": "top"}]}"#;
    let path = dir.path().join("s.json");
    std::fs::write(&path, scenario).unwrap();
    let m = load_design(&path).unwrap();
    let ids: Vec<&str> = m.readings.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["weak-mid"]);
    assert!(m
        .assumptions
        .iter()
        .any(|a| a.contains(r#"Reading "bypass" of the base model does not apply"#)));
}

/// Every shipped model and scenario treats its elements as claims: each
/// actor and channel, and each one a reading or a scenario adds, names its
/// source and grades its evidence.
#[test]
fn every_shipped_element_has_a_source_and_an_evidence_grade() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("scenarios"), root.join("examples")] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 13, "{files:?}");
    let graded = |v: &serde_json::Value| v.get("source").is_some() && v.get("evidence").is_some();
    let mut missing = Vec::new();
    for f in &files {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let mut changes: Vec<&serde_json::Value> = Vec::new();
        if let Some(c) = v.get("changes").and_then(|c| c.as_array()) {
            changes.extend(c);
        }
        for r in v
            .get("readings")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            changes.extend(r["changes"].as_array().unwrap());
        }
        let elements = ["actors", "channels"]
            .iter()
            .flat_map(|k| v.get(*k).and_then(|x| x.as_array()).into_iter().flatten());
        let added = changes.iter().filter_map(|c| match c["op"].as_str() {
            Some("add-channel") => Some(*c),
            Some("add-actor") => Some(&c["actor"]),
            _ => None,
        });
        for e in elements.chain(added) {
            if !graded(e) {
                missing.push(format!("{}: {e}", f.display()));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
