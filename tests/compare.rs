//! `hviske compare` and `hviske sweep` on the shipped designs and scenarios.

use crate::util::{hviske, model, stdout_of};
use serde::Deserialize;
use serde_json::Value;

const PROJECT: &str = "models/three-two-one.json";
const COUNCIL: &str = "models/industry-council.json";

/// `compare --format json` read into types: a renamed, missing or extra key
/// fails the read (the fairness section is checked in tests/fair.rs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Comparison {
    designs: Vec<DesignInfo>,
    seed: u64,
    trials_up: u64,
    trials_down: u64,
    structure_only: bool,
    assumptions: Vec<String>,
    rows: Vec<Row>,
    fairness: Value,
    verdict: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignInfo {
    label: String,
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    assumptions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    key: String,
    label: String,
    section: String,
    unit: String,
    better: String,
    values: Vec<Cell>,
    differences: Vec<Option<Difference>>,
    best: Option<Best>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cell {
    estimate: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Difference {
    estimate: f64,
    ci_low: f64,
    ci_high: f64,
    paired: bool,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
enum Best {
    Design { label: String, index: usize },
    Tie,
    NoMaterialDifference,
}

impl Comparison {
    fn row(&self, key: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.key == key)
            .unwrap_or_else(|| panic!("row {key}"))
    }

    fn estimate(&self, key: &str, design: usize) -> f64 {
        self.row(key).values[design].estimate.expect("an estimate")
    }

    fn difference(&self, key: &str, design: usize) -> &Difference {
        self.row(key).differences[design]
            .as_ref()
            .expect("a difference")
    }

    /// The label of the better design of a row, if one is better.
    fn best(&self, key: &str) -> Option<&str> {
        match &self.row(key).best {
            Some(Best::Design { label, index }) => {
                assert_eq!(&self.designs[*index].label, label);
                Some(label)
            }
            _ => None,
        }
    }
}

fn compare_json(args: &[&str]) -> Comparison {
    let out = stdout_of(
        hviske()
            .args(["compare", "--point"])
            .args(args)
            .args(["-f", "json", "-q"]),
    );
    serde_json::from_str(&out).expect("compare --format json reads into Comparison")
}

#[test]
fn the_first_screen_leads_with_the_evidence_and_labels_the_point_run() {
    let out = stdout_of(hviske().args([
        "compare", PROJECT, COUNCIL, "--draws", "20", "--trials", "256",
    ]));
    assert!(out.contains("[1] three-two-one"), "{out}");
    assert!(out.contains("[2] industry-council"), "{out}");
    // The evidence first, the point run after it, labelled.
    let evidence = out
        .find("Across the evidence: 20 draws")
        .expect("evidence first");
    let point = out
        .find("The single run at the point values (every reading off")
        .expect("the point run, labelled");
    assert!(evidence < point, "{out}");
    assert!(out[..point].contains("comes out ahead of"), "{out}");
    assert!(out[..point].contains("What would flip it"), "{out}");
    assert!(out[..point].contains("Where the gap comes from"), "{out}");
    assert!(
        out[..point].contains("Simulation noise: 8 trials per source"),
        "{out}"
    );
    assert!(out.contains("Point run of three-two-one: "), "{out}");
    assert!(
        out.contains("in this one run at the point values (every reading off"),
        "{out}"
    );
    assert!(out.contains("±1."), "{out}");
    assert!(out.contains("from simulation"), "{out}");
    assert!(
        !out.contains("CI"),
        "no confidence interval is claimed: {out}"
    );
    assert!(out.contains("seed 321"), "{out}");
    // The headline table of two designs stays within 100 columns.
    let table = &out[evidence..evidence + out[evidence..].find("(median over").unwrap()];
    for line in table.lines() {
        assert!(
            line.chars().count() <= 100,
            "wider than 100 columns: {line}"
        );
    }
}

#[test]
fn point_says_it_ignores_the_readings_and_ranges() {
    let out = stdout_of(hviske().args(["compare", PROJECT, COUNCIL, "--point", "--trials", "128"]));
    assert!(
        out.contains("This is one run at the point values: it ignores the contested readings"),
        "{out}"
    );
    assert!(
        out.contains("`hviske compare` without --point gives that"),
        "{out}"
    );
    assert!(!out.contains("Across the evidence"), "{out}");
    hviske()
        .args(["compare", PROJECT, COUNCIL, "--point", "--draws", "5"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot be used with"));
}

#[test]
fn the_council_wins_on_levels_hops_and_intact_facts() {
    let v = compare_json(&[PROJECT, COUNCIL]);
    assert_eq!(v.seed, 321);
    assert!(v.trials_up > 0 && v.trials_down > 0);
    assert!(!v.structure_only);
    assert!(!v.assumptions.is_empty());
    assert!(v.fairness.is_object());
    assert_eq!(v.estimate("levels", 0), 9.0);
    assert_eq!(v.estimate("levels", 1), 5.0);
    assert_eq!(v.best("levels"), Some("industry-council"));
    let levels = v.row("levels");
    assert_eq!(
        (
            levels.section.as_str(),
            levels.unit.as_str(),
            levels.better.as_str()
        ),
        ("structure", "count", "lower")
    );
    // Equally many hops up: 3-2-1's project leader hears from the enterprises
    // (L614-L617); the council hears through the supervisors (L1322-L1325).
    assert_eq!(v.estimate("hops_up_longest", 0), 5.0);
    assert_eq!(v.estimate("hops_up_longest", 1), 5.0);
    let d = v.difference("intact_up", 1);
    assert!(
        d.estimate > 0.0 && d.ci_low > 0.0 && d.ci_high >= d.estimate,
        "council better on intact facts up: {d:?}"
    );
    assert_eq!(v.best("intact_up"), Some("industry-council"));
    assert!(d.paired);
    assert!(v.row("intact_up").differences[0].is_none());
    let intact = &v.row("intact_up").values[0];
    assert!(intact.ci_low.unwrap() < intact.estimate.unwrap());
    assert!(intact.ci_high.unwrap() > intact.estimate.unwrap());
    assert!(intact.names.is_empty());
    assert!(v.verdict.contains("seed 321"));
    // Shares add up per design.
    for i in 0..2 {
        let sum =
            v.estimate("intact_up", i) + v.estimate("altered_up", i) + v.estimate("lost_up", i);
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_thread_count() {
    let run = |threads: &str| {
        let out = hviske()
            .env("RAYON_NUM_THREADS", threads)
            .args(["compare", PROJECT, COUNCIL, "-f", "json", "--trials", "128"])
            .args(["--draws", "12"])
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn a_different_seed_changes_the_simulated_figures() {
    let a = compare_json(&[PROJECT, COUNCIL, "--trials", "128"]);
    let b = compare_json(&[PROJECT, COUNCIL, "--trials", "128", "--seed", "7"]);
    assert_eq!(b.seed, 7);
    assert_ne!(a.estimate("intact_up", 0), b.estimate("intact_up", 0));
}

#[test]
fn markdown_and_csv_carry_the_same_rows() {
    let md = stdout_of(hviske().args([
        "compare", PROJECT, COUNCIL, "-f", "markdown", "--trials", "64", "--point",
    ]));
    assert!(md.contains("| figure |"), "{md}");
    assert!(md.contains("**Verdict of this run.**"), "{md}");
    let csv = stdout_of(hviske().args([
        "compare", PROJECT, COUNCIL, "-f", "csv", "--trials", "64", "--point",
    ]));
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("section,key,label,unit,better_is,three-two-one_estimate"),
        "{header}"
    );
    assert!(csv.lines().any(|l| l.starts_with("up,intact_up,")), "{csv}");
}

#[test]
fn structure_only_resets_the_weak_channels() {
    let full = compare_json(&[PROJECT, COUNCIL, "--trials", "128"]);
    let shape = compare_json(&[PROJECT, COUNCIL, "--trials", "128", "--structure-only"]);
    assert!(shape.structure_only);
    // Without their weak upward channels both designs lose fewer facts: the
    // council carries the frictions the report's causes leave in place.
    assert!(shape.estimate("intact_up", 0) > full.estimate("intact_up", 0));
    assert!(shape.estimate("intact_up", 1) > full.estimate("intact_up", 1));
    // The best case has no weak channels: its figures do not move.
    let best = "models/industry-council-best-case.json";
    let full = compare_json(&[PROJECT, best, "--trials", "128"]);
    let shape = compare_json(&[PROJECT, best, "--trials", "128", "--structure-only"]);
    assert_eq!(
        shape.estimate("intact_up", 1),
        full.estimate("intact_up", 1)
    );
}

#[test]
fn what_if_adds_a_column_for_the_first_design() {
    let v = compare_json(&[PROJECT, "--what-if", "collapse-level:4", "--trials", "128"]);
    assert_eq!(v.designs[1].label, "three-two-one+what-if");
    assert_eq!(v.estimate("levels", 1), 8.0);
    hviske()
        .args(["compare", PROJECT, "--what-if", "remove:nobody"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "--what-if remove:nobody: unknown actor \"nobody\"",
        ));
    hviske()
        .args(["compare", PROJECT, "--what-if", "frobnicate"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("unknown change"));
}

#[test]
fn the_evidence_reports_medians_bands_and_win_shares_in_every_format() {
    let args = [
        PROJECT,
        COUNCIL,
        "--draws",
        "6",
        "--draw-trials",
        "16",
        "--trials",
        "64",
    ];
    let json = |extra: &[&str]| {
        stdout_of(
            hviske()
                .arg("compare")
                .args(args)
                .args(["-f", "json"])
                .args(extra),
        )
    };
    let a = json(&[]);
    let b = json(&["--threads", "1"]);
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    let r = &v["across_the_evidence"];
    assert_eq!(r["draws"], 6);
    assert_eq!(r["trials"], 16);
    assert_eq!(r["reading_method"], "fitted");
    let d = &r["designs"][1];
    for key in ["p5", "median", "p95"] {
        assert!(d["intact"][key].is_number(), "{key}");
        assert!(d["difference"][key].is_number(), "{key}");
    }
    let ahead = d["ahead_of_first"]["estimate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&ahead));
    let wins: f64 = r["designs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["wins_intact"]["estimate"].as_f64().unwrap())
        .sum();
    assert!(
        (wins - 1.0).abs() < 1e-12,
        "every draw has one winner: {wins}"
    );
    // The decomposition adds up to the median gap.
    let g = &r["decomposition"][0];
    let parts: f64 = ["structure", "per_hop_values", "ranges", "readings"]
        .iter()
        .map(|k| g[k].as_f64().unwrap())
        .sum();
    assert!((parts - g["total"].as_f64().unwrap()).abs() < 1e-9, "{g}");
    assert_eq!(g["total"], d["difference"]["median"]);
    // The point run follows, with its own rows.
    assert!(v["point_run"]["rows"].as_array().unwrap().len() > 10);
    let csv = stdout_of(hviske().arg("compare").args(args).args(["-f", "csv"]));
    for key in [
        "evidence,intact_up,",
        "evidence,ahead_of_first,",
        "gap,structure,",
        "up,intact_up,",
    ] {
        assert!(csv.lines().any(|l| l.starts_with(key)), "{key}: {csv}");
    }
    let md = stdout_of(hviske().arg("compare").args(args).args(["-f", "markdown"]));
    assert!(md.contains("## Across the evidence: 6 draws"), "{md}");
    assert!(md.contains("## Where the gap comes from"), "{md}");
    // The exact paired effects are there on request.
    let paired = json(&["--paired-readings"]);
    let p: Value = serde_json::from_str(&paired).unwrap();
    assert_eq!(p["across_the_evidence"]["reading_method"], "paired");
}

#[test]
fn sweep_finds_where_the_ranking_holds_and_is_reproducible() {
    let args = [
        "sweep", PROJECT, COUNCIL, "--param", "fidelity", "--from", "0.5", "--to", "0.99",
        "--steps", "4", "--trials", "64", "-f", "json",
    ];
    let a = stdout_of(hviske().args(args));
    let b = stdout_of(hviske().args(args).env("RAYON_NUM_THREADS", "1"));
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["values"].as_array().unwrap().len(), 4);
    assert_eq!(v["series"].as_array().unwrap().len(), 2);
    // With every channel at the same fidelity both designs have 5 hops up;
    // the council leads where hops are reliable (two agency lines at the top
    // and two supervisors per enterprise), not at every fidelity.
    assert_eq!(v["leaders"][3], "industry-council");
    let project = &v["series"][0]["points"];
    assert!(project[3]["estimate"].as_f64() > project[0]["estimate"].as_f64());
}

#[test]
fn sweep_writes_csv_and_an_svg_chart() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("sweep.svg");
    hviske()
        .args([
            "sweep",
            PROJECT,
            COUNCIL,
            "--param",
            "report.fidelity",
            "--from",
            "0.5",
            "--to",
            "0.9",
        ])
        .args(["--steps", "3", "--trials", "64", "-q", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"), "{}", &text[..100.min(text.len())]);
    assert!(text.contains("industry-council"));
    let csv = stdout_of(hviske().args([
        "sweep",
        PROJECT,
        "--param",
        "attendance:nnn",
        "--from",
        "0",
        "--to",
        "1",
        "--steps",
        "3",
        "--trials",
        "64",
        "-f",
        "csv",
    ]));
    assert!(
        csv.starts_with("attendance:nnn,three-two-one_estimate"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);
}

#[test]
fn sweep_rejects_bad_parameters() {
    hviske()
        .args([
            "sweep", PROJECT, "--param", "fidelty", "--from", "0", "--to", "1",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "unknown sweep parameter \"fidelty\"",
        ));
    hviske()
        .args([
            "sweep", PROJECT, "--param", "fidelity", "--from", "0", "--to", "1.5", "--steps", "2",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("outside [0, 1]"));
    hviske()
        .args([
            "sweep",
            PROJECT,
            "--param",
            "attendance:nobody",
            "--from",
            "0",
            "--to",
            "1",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("unknown actor \"nobody\""));
}

#[test]
fn a_missing_model_cannot_be_run() {
    hviske()
        .args(["compare", PROJECT, "models/no-such.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read models/no-such.json"));
    let _ = model("three-two-one");
}

#[test]
fn a_horizon_adds_rows_for_facts_arriving_in_time() {
    let v = compare_json(&[PROJECT, COUNCIL, "--trials", "128", "--horizon-days", "180"]);
    let r = v.row("within_horizon_up");
    assert_eq!(r.label, "arrived within 180 days, bottom → top");
    assert_eq!(v.best("within_horizon_up"), Some("industry-council"));
    assert!(
        v.estimate("within_horizon_up", 0)
            <= v.estimate("intact_up", 0) + v.estimate("altered_up", 0)
    );
    v.row("within_horizon_down");
}

#[test]
fn a_design_without_levels_is_rejected_with_one_line() {
    let (_dir, path) = crate::util::temp_file(
        "flat.json",
        r#"{"format": 1, "name": "no levels", "actors": [{"id": "a"}, {"id": "b"}], "channels": [{"from": "a", "to": "b"}]}"#,
    );
    let out = hviske()
        .args([
            "compare",
            crate::util::arg(&path),
            crate::util::arg(&path),
            "-q",
        ])
        .assert()
        .code(1)
        .stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("hviske: error: flat: empty source set"),
        "{err}"
    );
}

#[test]
fn sweep_defaults_to_a_plausible_range_for_the_parameter() {
    let out = stdout_of(hviske().args([
        "sweep",
        PROJECT,
        "--param",
        "every_days",
        "--steps",
        "2",
        "--trials",
        "64",
        "-f",
        "json",
        "-q",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["values"], serde_json::json!([7.0, 120.0]));
    assert_eq!(v["param_label"], "every_days of every channel");
}

/// The README's first screen is what the README's first command prints, up
/// to the single run at the point values (the README wraps nothing inside
/// the block, but white space is compared loosely).
#[test]
fn the_readme_first_screen_is_what_compare_prints() {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("[1] three-two-one: ")
        .expect("the first screen");
    let end = start + readme[start..].find("\n```").unwrap();
    let printed = stdout_of(hviske().args([
        "compare",
        &model("three-two-one"),
        &model("three-two-one-stami"),
        &model("industry-council"),
        "-q",
    ]));
    let printed = &printed[..printed
        .find("\nThe single run at the point values")
        .unwrap()];
    assert_eq!(squash(&readme[start..end]), squash(printed));
}

#[test]
fn uncertain_plot_writes_the_tornado_chart_and_refuses_a_dot_file_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("readings.svg");
    hviske()
        .args(["compare", PROJECT, COUNCIL, "--draws", "24"])
        .args(["--trials", "32", "-q", "--plot"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read(&svg).unwrap();
    crate::chart::assert_svg(&text);
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("industry-council − three-two-one") && text.contains("Seed 321"));
    let dot = dir.path().join("readings.dot");
    hviske()
        .args(["compare", PROJECT, COUNCIL, "--plot"])
        .arg(&dot)
        .timeout(std::time::Duration::from_secs(5))
        .assert()
        .failure()
        .stderr(predicates::str::contains(".svg, .png or .pdf"));
    assert!(!dot.exists());
}
