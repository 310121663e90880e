//! `hviske generate`: synthetic organisations that validate, the same bytes
//! for the same seed, the sizes the presets promise, and refused shapes.

use crate::util::{arg, hviske, stdout_of};

#[test]
fn a_preset_validates_and_the_edges_list_every_arc() {
    let dir = tempfile::tempdir().unwrap();
    let (model, edges) = (dir.path().join("m.json"), dir.path().join("m.csv"));
    hviske()
        .args(["generate", "--preset", "municipality", "-q", "-o"])
        .args([arg(&model), "--edges", arg(&edges)])
        .assert()
        .success();
    let out = stdout_of(hviske().args(["validate", "--strict", arg(&model)]));
    let actors: usize = out
        .split("\" (")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3_900..4_100).contains(&actors), "{out}");
    assert!(out.contains("levels 1-4"), "{out}");
    let csv = std::fs::read_to_string(&edges).unwrap();
    assert!(csv.starts_with("source,target,fidelity\n"));
    assert!(csv.lines().count() > 2 * actors);
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let run = |seed: &str| {
        hviske()
            .args([
                "generate", "--span", "3", "--depth", "4", "--seed", seed, "-q",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("5"), run("5"));
    assert_ne!(run("5"), run("6"));
}

#[test]
fn flags_override_the_preset_and_bad_shapes_are_refused() {
    let out = stdout_of(hviske().args(["generate", "--preset", "small", "--employees", "2", "-q"]));
    assert!(
        out.contains("span 10, depth 3, 2 employees"),
        "{}",
        &out[..300]
    );
    for (args, message) in [
        (
            vec!["--preset", "national", "--span", "20"],
            "more than the limit of 2000000",
        ),
        (vec!["--depth", "1"], "depth must be 2 to 20"),
        (vec!["--lateral", "2"], "lateral must be a share in [0, 1]"),
    ] {
        hviske()
            .arg("generate")
            .args(args)
            .assert()
            .failure()
            .stderr(predicates::str::contains(message));
    }
}

#[test]
fn edges_and_model_must_be_different_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("same.csv");
    hviske()
        .args(["generate", "-o", arg(&path), "--edges", arg(&path)])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the same file as -o"));
    assert!(!path.exists());
}

/// A query with more than 1,000 sources is sampled by default, seeded, and
/// says so in every output; `--sources all` and `--sources K` override.
#[test]
fn many_sources_are_sampled_and_the_output_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    generate_into(
        &model,
        &[
            "--span",
            "5",
            "--depth",
            "3",
            "--employees",
            "50",
            "--loss-only",
        ],
    );
    let json = |extra: &[&str]| -> serde_json::Value {
        let out = stdout_of(
            hviske()
                .args([
                    "simulate",
                    arg(&model),
                    "--direction",
                    "up",
                    "-f",
                    "json",
                    "-q",
                ])
                .args(extra),
        );
        serde_json::from_str(&out).unwrap()
    };
    let sampled = json(&[]);
    assert_eq!(sampled["sources"].as_array().unwrap().len(), 160);
    assert_eq!(sampled["trials"], 64);
    let interval = sampled["interval"].as_str().unwrap();
    assert!(
        interval.contains("sources sampled: 160 of 1250"),
        "{interval}"
    );
    assert_eq!(json(&[]), sampled, "the same seed draws the same sources");
    let few = json(&["--sources", "20", "--trials", "128"]);
    assert_eq!(few["sources"].as_array().unwrap().len(), 20);
    let (low, high) = (
        few["reach"]["ci_low"].as_f64().unwrap(),
        few["reach"]["ci_high"].as_f64().unwrap(),
    );
    let (s_low, s_high) = (
        sampled["reach"]["ci_low"].as_f64().unwrap(),
        sampled["reach"]["ci_high"].as_f64().unwrap(),
    );
    assert!(
        high - low > s_high - s_low,
        "fewer sources, a wider interval"
    );
    let all = json(&["--sources", "all", "--trials", "64"]);
    assert_eq!(all["sources"].as_array().unwrap().len(), 1250);
    assert!(!all["interval"].as_str().unwrap().contains("sampled"));
    let truth = all["reach"]["estimate"].as_f64().unwrap();
    assert!(
        s_low - 0.01 <= truth && truth <= s_high + 0.01,
        "{truth} vs [{s_low}, {s_high}]"
    );
}

/// `simulate --targets-only` gives the targets' figures of the full run, byte
/// for byte, and says that no per-level or per-actor figure was computed.
#[test]
fn targets_only_reports_the_same_reach_without_the_other_figures() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    generate_into(
        &model,
        &[
            "--span",
            "4",
            "--depth",
            "3",
            "--employees",
            "5",
            "--loss-only",
        ],
    );
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut cmd = hviske();
        cmd.args([
            "simulate",
            arg(&model),
            "--from",
            "emp2",
            "--to",
            "ministry",
        ])
        .args(["--trials", "1000", "-f", "json", "-q"])
        .args(extra);
        serde_json::from_str(&stdout_of(&mut cmd)).unwrap()
    };
    let (full, only) = (run(&[]), run(&["--targets-only"]));
    for key in [
        "reach",
        "intact",
        "lost",
        "per_source",
        "sources",
        "targets",
    ] {
        assert_eq!(full[key], only[key], "{key}");
    }
    assert!(!full["actors"].as_array().unwrap().is_empty());
    assert!(only["levels"].as_array().unwrap().is_empty());
    assert!(only["actors"].as_array().unwrap().is_empty());
    let text = stdout_of(
        hviske()
            .args([
                "simulate",
                arg(&model),
                "--from",
                "emp2",
                "--to",
                "ministry",
            ])
            .args(["--trials", "1000", "-q", "--targets-only"]),
    );
    assert!(!text.contains("Retention per level"), "{text}");
    assert!(text.contains("Targets only: retention per level"), "{text}");
}

/// Above 100,000 actors `simulate` reports the targets' figures only unless
/// `--all-figures` is given, and says so on stderr.
#[test]
fn targets_only_is_the_default_above_a_hundred_thousand_actors() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("big.json");
    let flags = ["--span", "10", "--depth", "4", "--employees", "100"];
    generate_into(&model, &[&flags[..], &["--loss-only"]].concat());
    let run = |extra: &[&str]| {
        let out = hviske()
            .args([
                "simulate",
                arg(&model),
                "--from",
                "emp2",
                "--to",
                "ministry",
            ])
            .args(["--trials", "64", "-f", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (json, String::from_utf8(out.stderr).unwrap())
    };
    let (only, note) = run(&[]);
    assert!(only["levels"].as_array().unwrap().is_empty());
    assert!(
        note.contains("(more than 100000): the targets' figures only"),
        "{note}"
    );
    let (all, note) = run(&["--all-figures"]);
    assert!(!all["levels"].as_array().unwrap().is_empty());
    assert!(!note.contains("targets' figures only"), "{note}");
    assert_eq!(only["reach"], all["reach"]);
    hviske()
        .args(["simulate", arg(&model), "--direction", "up"])
        .args(["--targets-only", "--all-figures"])
        .assert()
        .code(2);
}

/// `compare` samples the sources of a direction with more than 1,000 (as
/// `simulate` does), says so in every output, and `--sources` overrides.
#[test]
#[cfg_attr(
    not(feature = "slow-tests"),
    ignore = "slow: run with --features slow-tests"
)]
fn compare_samples_many_sources_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for (path, seed) in [(&a, "1"), (&b, "2")] {
        generate_into(
            path,
            &[
                "--span",
                "5",
                "--depth",
                "3",
                "--employees",
                "50",
                "--seed",
                seed,
            ],
        );
    }
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut cmd = hviske();
        cmd.args(["compare", "--point", arg(&a), arg(&b), "-f", "json", "-q"])
            .args(extra);
        serde_json::from_str(&stdout_of(&mut cmd)).unwrap()
    };
    let sampled_lines = |v: &serde_json::Value| -> Vec<String> {
        v["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a.as_str())
            .filter(|a| a.starts_with("Sources of"))
            .map(str::to_string)
            .collect()
    };
    let intact_up = |v: &serde_json::Value| -> (f64, f64) {
        let row = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == "intact_up")
            .unwrap()
            .clone();
        let d = &row["differences"][1];
        (
            d["ci_high"].as_f64().unwrap() - d["ci_low"].as_f64().unwrap(),
            row["values"][0]["ci_high"].as_f64().unwrap()
                - row["values"][0]["ci_low"].as_f64().unwrap(),
        )
    };
    let by_default = json(&[]);
    let lines = sampled_lines(&by_default);
    assert_eq!(lines.len(), 2, "up in both designs: {lines:?}");
    assert!(lines[0].contains("160 of 1250"), "{}", lines[0]);
    assert_eq!(
        json(&[]),
        by_default,
        "the same seed draws the same sources"
    );
    let few = json(&["--sources", "20", "--trials", "128"]);
    assert!(sampled_lines(&few)[0].contains("20 of 1250"));
    assert!(
        intact_up(&few).0 > intact_up(&by_default).0,
        "fewer sources, a wider difference"
    );
    assert!(
        intact_up(&few).1 > intact_up(&by_default).1,
        "fewer sources, a wider interval"
    );
    let all = json(&["--sources", "all", "--trials", "8"]);
    assert!(sampled_lines(&all).is_empty());
    let text = stdout_of(hviske().args([
        "compare",
        "--point",
        arg(&a),
        arg(&b),
        "-q",
        "--sources",
        "20",
    ]));
    assert!(text.contains("sources sampled: 20 of 1250"), "{text}");
}

/// Runs `hviske generate FLAGS -q -o PATH`, which must succeed.
fn generate_into(path: &std::path::Path, flags: &[&str]) {
    hviske()
        .arg("generate")
        .args(flags)
        .args(["-q", "-o", arg(path)])
        .assert()
        .success();
}
