//! `hviske simulate` on the shipped designs and small files.

use crate::util::{hviske, model, stdout_of};
use predicates::prelude::*;
use serde_json::Value;

const BRIDGE: &str = "tests/data/bridge.json";

fn sim_json(args: &[&str]) -> Value {
    let mut cmd = hviske();
    cmd.arg("simulate").args(args).args(["--format", "json"]);
    serde_json::from_str(&stdout_of(&mut cmd)).expect("simulate --format json is JSON")
}

fn estimate_ok(v: &Value) {
    let (e, lo, hi) = (
        v["estimate"].as_f64().unwrap(),
        v["ci_low"].as_f64().unwrap(),
        v["ci_high"].as_f64().unwrap(),
    );
    assert!((0.0..=1.0).contains(&e) && lo <= e && e <= hi, "{v}");
}

#[test]
fn both_shipped_designs_simulate_upward_with_intervals() {
    for name in ["three-two-one", "industry-council"] {
        let v = sim_json(&[&model(name), "--direction", "up", "--trials", "256"]);
        assert!(v["model"].as_str().unwrap().len() > 3);
        assert_eq!(v["seed"], 321);
        assert_eq!(v["trials"], 256);
        assert_eq!(v["facts"], 256 * 31);
        for k in ["reach", "intact", "altered", "lost"] {
            estimate_ok(&v[k]);
        }
        let sum = ["intact", "altered", "lost"]
            .iter()
            .map(|k| v[k]["estimate"].as_f64().unwrap())
            .sum::<f64>();
        assert!((sum - 1.0).abs() < 1e-9);
        assert!(v["arrival_days"]["mean"].as_f64().unwrap() > 0.0);
        assert!(v["arrival_days"]["median"].is_number());
        assert!(v["arrival_days"]["p90"].is_number());
        assert!(v["levels"][0]["level"].is_number() && v["levels"][0]["intact"].is_number());
        assert!(v["actors"][0]["id"].is_string() && v["actors"][0]["reached"].is_number());
        assert_eq!(v["per_source"].as_array().unwrap().len(), 31);
        // The model's assumptions and the engine's.
        let a: Vec<&str> = v["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(
            a.iter().any(|x| x.starts_with("No per-hop numbers")),
            "{name}"
        );
        assert!(a.iter().any(|x| x.contains("Wilson")));
        assert!(a.iter().any(|x| x.starts_with("Channels of kind")));
        assert!(v["reach"].get("exact").is_none());
    }
}

#[test]
fn the_council_keeps_more_than_the_project_organisation() {
    let project = sim_json(&[
        &model("three-two-one"),
        "--direction",
        "up",
        "--trials",
        "512",
    ]);
    let council = sim_json(&[
        &model("industry-council"),
        "--direction",
        "up",
        "--trials",
        "512",
    ]);
    assert!(council["intact"]["estimate"].as_f64() > project["intact"]["estimate"].as_f64());
}

#[test]
fn table_output_shows_intervals_seed_and_assumptions() {
    let out = hviske()
        .args([
            "simulate",
            &model("industry-council"),
            "--direction",
            "down",
        ])
        .args(["--trials", "128"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stdout.contains("95% interval"), "{stdout}");
    assert!(stdout.contains("reached intact"), "{stdout}");
    assert!(stdout.contains("seed 321, 128 trials"), "{stdout}");
    assert!(stdout.contains("Channels of kind"), "{stdout}");
    assert!(stdout.contains("Wilson"), "{stdout}");
    assert!(stderr.contains("hviske: seed 321"), "{stderr}");
}

#[test]
fn quiet_keeps_stderr_empty() {
    hviske()
        .args(["simulate", &model("industry-council"), "--direction", "up"])
        .args(["--trials", "64", "-q"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn markdown_output_is_markdown() {
    let out = stdout_of(
        hviske()
            .args([
                "simulate", BRIDGE, "--from", "s", "--to", "t", "-f", "markdown",
            ])
            .args(["--trials", "64"]),
    );
    assert!(out.starts_with("# Wheatstone bridge"), "{out}");
    assert!(out.contains("|---|"), "{out}");
}

#[test]
fn exact_mode_agrees_on_a_small_file() {
    let v = sim_json(&[
        BRIDGE, "--from", "id:s", "--to", "id:t", "--exact", "--trials", "20000",
    ]);
    let exact = v["reach"]["exact"].as_f64().unwrap();
    assert!((exact - 0.978480).abs() < 1e-6, "{exact}");
    let (lo, hi) = (
        v["reach"]["ci_low"].as_f64().unwrap(),
        v["reach"]["ci_high"].as_f64().unwrap(),
    );
    // Within about 5 standard errors.
    let se = (exact * (1.0 - exact) / 20000.0).sqrt();
    assert!(
        lo - 3.0 * se <= exact && exact <= hi + 3.0 * se,
        "{lo} {exact} {hi}"
    );
    // No distortion and no horizon: the bit-parallel path, no timing.
    assert_eq!(v["method"], "bits");
    assert!(v["arrival_days"]["mean"].is_null());
}

#[test]
fn exact_mode_refuses_the_big_model() {
    hviske()
        .args([
            "simulate",
            &model("three-two-one"),
            "--direction",
            "up",
            "--exact",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("exact mode handles at most"))
        .stderr(predicate::str::contains("drop --exact"));
}

#[test]
fn bad_selectors_are_refused_with_a_hint() {
    hviske()
        .args([
            "simulate",
            &model("three-two-one"),
            "--from",
            "aidd",
            "--to",
            "level:9",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"aid\""));
    hviske()
        .args([
            "simulate",
            &model("three-two-one"),
            "--from",
            "colour:red",
            "--to",
            "aid",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown selector"));
    hviske()
        .args([
            "simulate",
            &model("three-two-one"),
            "--from",
            "level:99",
            "--to",
            "aid",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no actor matches"));
    hviske()
        .args(["simulate", &model("three-two-one"), "--from", "aid"])
        .assert()
        .code(2);
}

#[test]
fn output_is_byte_identical_on_one_and_two_threads() {
    let run = |threads: &str| {
        let mut cmd = hviske();
        cmd.env("RAYON_NUM_THREADS", threads)
            .args(["simulate", &model("three-two-one"), "--direction", "up"])
            .args(["--trials", "300", "--horizon-days", "365", "-f", "json"]);
        stdout_of(&mut cmd)
    };
    assert_eq!(run("1"), run("2"));
    let threads = |n: &str| {
        stdout_of(
            hviske()
                .args(["simulate", BRIDGE, "--from", "s", "--to", "t"])
                .args(["--trials", "1000", "--threads", n]),
        )
    };
    assert_eq!(threads("1"), threads("2"));
}

#[test]
fn another_seed_gives_other_figures() {
    let a = sim_json(&[BRIDGE, "--from", "s", "--to", "t", "--trials", "640"]);
    let b = sim_json(&[
        BRIDGE, "--from", "s", "--to", "t", "--trials", "640", "--seed", "7",
    ]);
    assert_eq!(b["seed"], 7);
    assert_ne!(a["reach"]["estimate"], b["reach"]["estimate"]);
}

#[test]
fn bad_settings_exit_2() {
    for args in [
        &["--trials", "0"][..],
        &["--facts", "0"],
        &["--horizon-days", "-5"],
        &["--direction", "up"],
    ] {
        hviske()
            .args(["simulate", BRIDGE, "--from", "s", "--to", "t"])
            .args(args)
            .assert()
            .code(2)
            .stdout("");
    }
}

#[test]
fn several_facts_per_source_multiply_the_runs() {
    let v = sim_json(&[
        BRIDGE, "--from", "s", "--to", "t", "--facts", "3", "--trials", "64",
    ]);
    assert_eq!(v["facts"], 192);
    assert_eq!(v["facts_per_source"], 3);
    assert_eq!(v["per_source"][0]["facts"], 192);
}

/// The library says "no actor has a level" without naming a flag; the CLI
/// adds the flags, the same way for every command (issue 9).
#[test]
fn a_direction_on_a_model_without_levels_is_rejected_naming_the_flags() {
    let (_dir, path) = crate::util::temp_file(
        "flat.json",
        r#"{"format":1,"name":"flat","actors":[{"id":"a"},{"id":"b"}],"channels":[{"from":"a","to":"b"}]}"#,
    );
    let hint = "empty source set (--direction up): no actor has a level; use --from and --to";
    for args in [
        &["simulate", "--direction", "up"][..],
        &["compare", "--what-if", "remove:b"][..],
    ] {
        let out = hviske()
            .args(args)
            .arg(crate::util::arg(&path))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(hint), "{args:?}: {err}");
    }
}
