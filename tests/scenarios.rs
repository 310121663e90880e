//! The shipped scenarios: each validates, runs, and moves the figures in the
//! direction the report describes.

use crate::util::{hviske, row, stdout_of};
use serde_json::Value;

const PROJECT: &str = "models/three-two-one.json";
const COUNCIL: &str = "models/industry-council.json";

fn scenario(name: &str) -> String {
    format!("models/scenarios/{name}.json")
}

/// Compares base and scenario (paired, same seed); returns the JSON.
fn against(base: &str, name: &str) -> Value {
    let out = stdout_of(hviske().args(["compare", base, &scenario(name), "-f", "json", "-q"]));
    serde_json::from_str(&out).unwrap()
}

fn diff(v: &Value, key: &str) -> (f64, f64, f64) {
    let d = &row(v, key)["differences"][1];
    (
        d["estimate"].as_f64().unwrap(),
        d["ci_low"].as_f64().unwrap(),
        d["ci_high"].as_f64().unwrap(),
    )
}

fn value(v: &Value, key: &str, i: usize) -> f64 {
    row(v, key)["values"][i]["estimate"].as_f64().unwrap()
}

#[test]
fn every_shipped_scenario_validates() {
    let names = [
        "nnn-empty-chair",
        "project-leader-leaves",
        "nav-equal-party",
        "peel-levels-3-4",
        "council-without-ia",
    ];
    let mut cmd = hviske();
    cmd.arg("validate");
    for n in names {
        cmd.arg(scenario(n));
    }
    let out = stdout_of(&mut cmd);
    assert_eq!(out.lines().count(), names.len(), "{out}");
}

#[test]
fn an_empty_nnn_chair_opens_a_representation_gap_and_loses_facts() {
    let v = against(PROJECT, "nnn-empty-chair");
    let gaps = &row(&v, "representation_gaps")["values"];
    assert!(
        gaps[1]["names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "wg_meat"),
        "{gaps}"
    );
    assert!(gaps[1]["estimate"].as_f64() >= gaps[0]["estimate"].as_f64());
    let (d, _, hi) = diff(&v, "intact_up");
    assert!(
        d <= 0.0 && hi <= 0.01,
        "no gain from an empty chair: {d} {hi}"
    );
}

#[test]
fn a_vacant_project_leader_loses_facts_on_their_way_down() {
    let v = against(PROJECT, "project-leader-leaves");
    let (d, _, hi) = diff(&v, "intact_down");
    assert!(
        d < 0.0 && hi < 0.0,
        "fewer facts reach the enterprises intact: {d} {hi}"
    );
    let (d, _, hi) = diff(&v, "intact_up");
    assert!(
        d < 0.0 && hi < 0.0,
        "and fewer reach the ministry: {d} {hi}"
    );
}

#[test]
fn nav_as_one_equal_party_gets_more_facts_to_the_ministry() {
    let v = against(PROJECT, "nav-equal-party");
    let (d, lo, _) = diff(&v, "intact_up");
    assert!(d > 0.0 && lo > 0.0, "{d} {lo}");
    assert!(value(&v, "hops_up_mean", 1) < value(&v, "hops_up_mean", 0));
}

#[test]
fn peeling_off_levels_3_and_4_shortens_the_chain() {
    let v = against(PROJECT, "peel-levels-3-4");
    assert_eq!(value(&v, "levels", 1), 7.0);
    let (d, lo, _) = diff(&v, "intact_up");
    assert!(d > 0.0 && lo > 0.0, "{d} {lo}");
    assert!(value(&v, "days_up_median", 1) < value(&v, "days_up_median", 0));
}

#[test]
fn cutting_the_ia_link_leaves_the_ia_group_uninformed() {
    let reach = |model: &str| {
        let out = stdout_of(hviske().args([
            "simulate",
            model,
            "--from",
            "level:5",
            "--to",
            "id:ia_group",
            "--trials",
            "256",
            "-f",
            "json",
            "-q",
        ]));
        let v: Value = serde_json::from_str(&out).unwrap();
        v["reach"]["estimate"].as_f64().unwrap()
    };
    assert!(reach(COUNCIL) > 0.05);
    assert_eq!(reach(&scenario("council-without-ia")), 0.0);
    let v = against(COUNCIL, "council-without-ia");
    assert!(value(&v, "meeting_load", 1) < value(&v, "meeting_load", 0));
}

#[test]
fn a_scenario_with_a_bad_change_names_the_change_and_its_line() {
    let (_dir, path) = crate::util::temp_file(
        "s.json",
        format!(
            "{{\"scenario\": 1, \"name\": \"x\", \"base\": \"{}/models/three-two-one.json\",\n \"changes\": [\n  {{\"op\": \"remove-actor\", \"actor\": \"nnm\"}}\n ]}}",
            env!("CARGO_MANIFEST_DIR")
        ),
    );
    hviske()
        .args(["validate", crate::util::arg(&path)])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "s.json:3:3: change 1 (remove nnm): unknown actor \"nnm\" (did you mean \"nnn\"?)",
        ));
    let (_dir, path) = crate::util::temp_file(
        "s.json",
        "{\"scenario\": 1, \"name\": \"x\", \"base\": \"b.json\",\n \"changes\": [\n  {\"op\": \"attendance\", \"actor\": \"nnn\", \"valeu\": 1}\n ]}",
    );
    hviske()
        .args(["validate", crate::util::arg(&path)])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "s.json:3:3: change 1: unknown field \"valeu\" (did you mean \"value\"?)\n",
        ));
}
