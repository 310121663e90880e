//! `hviske inspect` on the shipped designs.

use crate::util::{hviske, model, stdout_of};
use serde_json::Value;

fn inspect_json(name: &str) -> Value {
    let out = stdout_of(hviske().args(["inspect", &model(name), "--format", "json"]));
    serde_json::from_str(&out).expect("inspect --format json is JSON")
}

/// The number at `key` (`"hops_up.longest"`): a missing key or a
/// non-number fails, so comparisons cannot pass on two missing values.
fn num(v: &Value, key: &str) -> f64 {
    key.split('.')
        .fold(v, |v, k| &v[k])
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

#[test]
fn three_two_one_has_nine_levels_and_five_hops_up() {
    let v = inspect_json("three-two-one");
    assert_eq!(v["levels"], 9);
    assert_eq!(v["hops_up"]["from_level"], 9);
    assert_eq!(v["hops_up"]["to_level"], 1);
    // Not the full chain of 8: the project leader's contact with the
    // enterprises (L614-L617) and the delegation line (L83) shorten it.
    assert_eq!(v["hops_up"]["longest"], 5);
    assert_eq!(v["hops_down"]["longest"], 5);
    assert_eq!(num(&v, "hops_up.connected"), num(&v, "hops_up.actors"));
    assert_eq!(v["hops_up"]["actors"], 31);
}

#[test]
fn the_council_has_fewer_levels_and_as_many_hops() {
    let project = inspect_json("three-two-one");
    let council = inspect_json("industry-council");
    let best = inspect_json("industry-council-best-case");
    assert!(num(&council, "levels") < num(&project, "levels"));
    // Through the supervisors (L1322-L1325) the council is as many hops from
    // the enterprises as 3-2-1; only the best case's direct lines are shorter.
    assert_eq!(
        num(&council, "hops_up.longest"),
        num(&project, "hops_up.longest")
    );
    assert_eq!(
        num(&council, "hops_down.mean"),
        num(&project, "hops_down.mean")
    );
    assert!(num(&best, "hops_up.longest") < num(&project, "hops_up.longest"));
    assert!(num(&best, "hops_down.mean") < num(&project, "hops_down.mean"));
    assert_eq!(
        council["hops_up"]["actors"], 31,
        "same enterprises in both designs"
    );
}

#[test]
fn table_output_names_levels_and_hops() {
    let out = stdout_of(hviske().args(["inspect", &model("three-two-one")]));
    assert!(out.contains("levels"), "{out}");
    assert!(out.contains("longest hops up (level 9 -> 1)"), "{out}");
    assert!(out.contains("Actors per level"), "{out}");
}

#[test]
fn markdown_output_is_a_markdown_table() {
    let out = stdout_of(hviske().args(["inspect", &model("industry-council"), "-f", "markdown"]));
    assert!(out.starts_with("# "), "{out}");
    assert!(out.contains("|---|"), "{out}");
}

#[test]
fn csv_is_refused_with_exit_2() {
    hviske()
        .args(["inspect", &model("three-two-one"), "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("inspect does not write CSV"));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("i.json");
    hviske()
        .args(["inspect", &model("three-two-one"), "-f", "json", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["levels"], 9);
}

#[test]
fn an_unwritable_output_exits_2_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-folder").join("i.json");
    hviske()
        .args(["inspect", &model("three-two-one"), "-f", "json", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with("hviske: error: cannot write"));
    assert!(!out.exists());
}

#[test]
fn an_invalid_model_exits_1() {
    let (_dir, path) = crate::util::temp_file("m.json", "{\"format\": 1}");
    hviske()
        .args(["inspect", crate::util::arg(&path)])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("m.json:1:"));
}

#[cfg(unix)]
#[test]
fn a_new_output_file_is_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("i.txt");
    hviske()
        .args(["inspect", &model("three-two-one"), "-o"])
        .arg(&out)
        .assert()
        .success();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644, "{mode:o}");
}
