//! `hviske simulate` on the shipped designs and small files.

use crate::util::{hviske, model, stdout_of};
use predicates::prelude::*;
use serde::Deserialize;

const BRIDGE: &str = "tests/data/bridge.json";

/// `simulate --format json` read into types: a renamed, missing or extra key
/// fails the read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Simulation {
    model: String,
    seed: u64,
    trials: u64,
    facts_per_source: u32,
    total_trials: u64,
    method: String,
    interval: String,
    assumptions: Vec<String>,
    sources: Vec<String>,
    targets: Vec<String>,
    reach: Estimate,
    intact: Estimate,
    altered: Estimate,
    lost: Estimate,
    arrival_days: ArrivalDays,
    levels: Vec<Level>,
    actors: Vec<Actor>,
    per_source: Vec<Source>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Estimate {
    estimate: f64,
    ci_low: f64,
    ci_high: f64,
    exact: Option<f64>,
}

impl Estimate {
    /// A share inside its interval, all in [0, 1].
    fn check(&self) {
        let Estimate {
            estimate: e,
            ci_low: lo,
            ci_high: hi,
            ..
        } = *self;
        assert!(
            (0.0..=1.0).contains(&lo) && lo <= e && e <= hi && hi <= 1.0,
            "{self:?}"
        );
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArrivalDays {
    mean: Option<f64>,
    median: Option<f64>,
    p90: Option<f64>,
    horizon_days: Option<f64>,
    within_horizon: Option<Estimate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Level {
    level: u32,
    #[allow(dead_code)]
    name: Option<String>,
    intact: f64,
    reached: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Actor {
    id: String,
    intact: f64,
    reached: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    id: String,
    total_trials: u64,
    targets: u64,
    reach: Estimate,
    intact: Estimate,
    altered: Estimate,
    lost: Estimate,
    arrival_mean_days: Option<f64>,
}

fn sim_json(args: &[&str]) -> Simulation {
    let mut cmd = hviske();
    cmd.arg("simulate").args(args).args(["--format", "json"]);
    serde_json::from_str(&stdout_of(&mut cmd))
        .expect("simulate --format json reads into Simulation")
}

#[test]
fn both_shipped_designs_simulate_upward_with_intervals() {
    for name in ["three-two-one", "industry-council"] {
        let v = sim_json(&[&model(name), "--direction", "up", "--trials", "256"]);
        assert!(v.model.len() > 3);
        assert_eq!(v.seed, 321);
        assert_eq!(v.trials, 256);
        assert_eq!(v.facts_per_source, 1);
        assert_eq!(v.total_trials, 256 * 31);
        assert_eq!(v.method, "general");
        assert!(v.interval.contains("Wilson"), "{}", v.interval);
        assert_eq!((v.sources.len(), v.targets.is_empty()), (31, false));
        for e in [&v.reach, &v.intact, &v.altered, &v.lost] {
            e.check();
        }
        let sum = v.intact.estimate + v.altered.estimate + v.lost.estimate;
        assert!((sum - 1.0).abs() < 1e-9);
        let days = &v.arrival_days;
        let (mean, median, p90) = (days.mean.unwrap(), days.median.unwrap(), days.p90.unwrap());
        assert!(mean > 0.0 && 0.0 < median && median <= p90, "{days:?}");
        assert!(days.horizon_days.is_none() && days.within_horizon.is_none());
        let level = &v.levels[0];
        assert!(level.level >= 1 && (0.0..=1.0).contains(&level.intact));
        assert!(level.intact <= level.reached && level.reached <= 1.0);
        let actor = &v.actors[0];
        assert!(!actor.id.is_empty() && actor.intact <= actor.reached && actor.reached <= 1.0);
        assert_eq!(v.per_source.len(), 31);
        let s = &v.per_source[0];
        assert_eq!((s.total_trials, s.targets as usize), (256, v.targets.len()));
        assert_eq!(s.id, v.sources[0]);
        for e in [&s.reach, &s.intact, &s.altered, &s.lost] {
            e.check();
        }
        assert!(s.arrival_mean_days.is_some());
        // The model's assumptions and the engine's.
        let a = &v.assumptions;
        assert!(
            a.iter().any(|x| x.starts_with("No per-hop numbers")),
            "{name}"
        );
        assert!(a.iter().any(|x| x.contains("Wilson")));
        assert!(a.iter().any(|x| x.starts_with("Channels of kind")));
        assert!(v.reach.exact.is_none());
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
    assert!(council.intact.estimate > project.intact.estimate);
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
    let exact = v.reach.exact.expect("--exact gives the exact reach");
    assert!((exact - 0.978480).abs() < 1e-6, "{exact}");
    let (lo, hi) = (v.reach.ci_low, v.reach.ci_high);
    // Within about 5 standard errors.
    let se = (exact * (1.0 - exact) / 20000.0).sqrt();
    assert!(
        lo - 3.0 * se <= exact && exact <= hi + 3.0 * se,
        "{lo} {exact} {hi}"
    );
    // No distortion and no horizon: the bit-parallel path, no timing.
    assert_eq!(v.method, "bits");
    assert!(v.arrival_days.mean.is_none());
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
    assert_eq!(b.seed, 7);
    assert_ne!(a.reach.estimate, b.reach.estimate);
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
fn several_facts_per_source_multiply_the_trials() {
    let v = sim_json(&[
        BRIDGE, "--from", "s", "--to", "t", "--facts", "3", "--trials", "64",
    ]);
    assert_eq!(v.total_trials, 192);
    assert_eq!(v.facts_per_source, 3);
    assert_eq!(v.per_source[0].total_trials, 192);
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
        &["compare", "--point", "--what-if", "remove:b"][..],
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

/// `--timings` (issue 24): one stderr line with the wall time of each stage
/// in milliseconds; stdout is byte-identical to a run without it, and even
/// `--quiet` prints it (it was asked for).
#[test]
fn timings_go_to_stderr_by_stage_and_leave_stdout_alone() {
    let args = [
        "simulate",
        "models/three-two-one.json",
        "--direction",
        "up",
        "--trials",
        "256",
        "-f",
        "json",
        "-q",
    ];
    let plain = hviske().args(args).output().expect("runs");
    let timed = hviske().args(args).arg("--timings").output().expect("runs");
    assert!(plain.status.success() && timed.status.success());
    assert_eq!(plain.stdout, timed.stdout);
    assert!(plain.stderr.is_empty());
    let stderr = String::from_utf8(timed.stderr).expect("utf-8");
    let line = stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "{stderr}");
    let stages = line
        .strip_prefix("hviske: timings (ms): ")
        .unwrap_or_else(|| panic!("{stderr}"));
    let names: Vec<&str> = stages
        .split(", ")
        .map(|s| {
            let (name, ms) = s.rsplit_once(' ').expect("name and figure");
            ms.parse::<u64>().unwrap_or_else(|_| panic!("{s}"));
            name
        })
        .collect();
    assert_eq!(
        names,
        [
            "load+validate",
            "build",
            "query",
            "simulate",
            "render",
            "total"
        ]
    );
}

/// `--timings` on other commands: analyze charges its stages, validate its
/// load; a failed run still reports where its time went.
#[test]
fn timings_cover_analyze_validate_and_failures() {
    let stderr = |args: &[&str]| {
        let out = hviske().args(args).arg("--timings").output().expect("runs");
        String::from_utf8(out.stderr).expect("utf-8")
    };
    let analyze = stderr(&["analyze", "models/three-two-one.json", "-q"]);
    assert!(
        analyze.contains("timings (ms): load+validate ")
            && analyze.contains(", build ")
            && analyze.contains(", analyze ")
            && analyze.contains(", render ")
            && analyze.contains(", total "),
        "{analyze}"
    );
    let validate = stderr(&["validate", "models/three-two-one.json"]);
    assert!(
        validate.contains("hviske: timings (ms): load+validate "),
        "{validate}"
    );
    let missing = stderr(&["simulate", "no-such-file.json", "--direction", "up"]);
    assert!(missing.contains("hviske: error:"), "{missing}");
    assert!(
        missing.ends_with('\n') && missing.contains("hviske: timings (ms): total "),
        "{missing}"
    );
}
