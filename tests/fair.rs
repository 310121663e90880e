//! Issue 10, "A fair comparison": the fairness section, readings under
//! `--uncertain`, the calendar, and compare's and analyze's own defects.

use crate::util::{arg, hviske, model, row, stdout_of, temp_file};
use hviske::compare::{self, CompareOptions, Design, UncertainOptions};
use hviske::model::parse_str;
use hviske::scenario::apply_readings;
use serde_json::Value;

const CHAIN: &str = "tests/data/fair/chain.json";
const FLAT: &str = "tests/data/fair/flat.json";

fn json_of(args: &[&str]) -> Value {
    let out = stdout_of(hviske().args(args).args(["-f", "json", "-q"]));
    serde_json::from_str(&out).expect("JSON output")
}

fn design(label: &str, path: &str) -> Design {
    Design {
        label: label.into(),
        model: hviske::scenario::load_design(path).unwrap(),
    }
}

fn small() -> UncertainOptions {
    UncertainOptions {
        draws: 12,
        trials: 32,
        ..UncertainOptions::default()
    }
}

// ---- point 8: compare's defects ----

#[test]
fn a_design_labelled_tie_is_a_design_not_a_tie() {
    let (_d, tie) = temp_file("tie.json", std::fs::read_to_string(FLAT).unwrap());
    let v = json_of(&["compare", "--point", CHAIN, arg(&tie), "--trials", "2048"]);
    let best = &row(&v, "intact_up")["best"];
    assert_eq!(best["outcome"], "design", "{best}");
    assert_eq!(best["label"], "tie");
    assert_eq!(best["index"], 1);
}

#[test]
fn a_clear_but_tiny_difference_is_no_material_difference() {
    // One hop, fidelity 0.900 vs 0.905: paired over common random numbers
    // the difference is clear, but half a point is below the threshold.
    let text = |f: f64| {
        format!(
            r#"{{"format":1,"name":"one hop","actors":[{{"id":"top","level":1}},{{"id":"low","level":2}}],
               "channels":[{{"from":"low","to":"top","fidelity":{f},"distortion":0}}]}}"#
        )
    };
    let (_a, a) = temp_file("a.json", text(0.9));
    let (_b, b) = temp_file("b.json", text(0.905));
    let v = json_of(&["compare", "--point", arg(&a), arg(&b), "--trials", "20000"]);
    let r = row(&v, "intact_up");
    let d = &r["differences"][1];
    assert!(d["ci_low"].as_f64().unwrap() > 0.0, "clear: {d}");
    assert_eq!(r["best"]["outcome"], "no_material_difference");
    assert!(v["verdict"]
        .as_str()
        .unwrap()
        .starts_with("No material difference"));
    let table = stdout_of(hviske().args([
        "compare",
        "--point",
        arg(&a),
        arg(&b),
        "--trials",
        "20000",
        "-q",
    ]));
    assert!(table.contains("≈: no material difference"));
}

#[test]
fn with_three_designs_the_verdict_quotes_each_designs_own_difference() {
    let v = json_of(&["compare", "--point", CHAIN, FLAT, CHAIN, "--trials", "256"]);
    let verdict = v["verdict"].as_str().unwrap();
    let intact = row(&v, "intact_up");
    for (i, label) in [(1, "flat"), (2, "chain#2")] {
        let d = intact["differences"][i]["estimate"].as_f64().unwrap();
        let quoted = format!("{label} − chain {:+.1} points", 100.0 * d);
        assert!(verdict.contains(&quoted), "{quoted} in {verdict}");
    }
    // Each design's own per-hop values, not one pooled range.
    assert!(verdict.contains("chain: fidelity 0.7–0.8"), "{verdict}");
    assert!(verdict.contains("flat: fidelity 0.8,"), "{verdict}");
}

#[test]
fn compare_with_one_design_is_refused() {
    for extra in [&["--point"][..], &["--draws", "3"][..]] {
        let out = hviske()
            .args(["compare", CHAIN])
            .args(extra)
            .assert()
            .code(1);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains("compare needs two designs or more"), "{err}");
    }
}

#[test]
fn structure_only_resets_attendance_too() {
    // The same chain with and without a stretched member: only attendance differs.
    let base = std::fs::read_to_string(CHAIN).unwrap();
    let full = base.replace(r#", "attendance": 0.8"#, "");
    let (_d, full) = temp_file("full.json", full);
    let v = json_of(&[
        "compare",
        "--point",
        CHAIN,
        arg(&full),
        "--structure-only",
        "--trials",
        "256",
    ]);
    assert_eq!(row(&v, "intact_up")["differences"][1]["estimate"], 0.0);
    let assumptions = v["designs"][0]["assumptions"].to_string();
    assert!(
        assumptions.contains("every actor attends fully"),
        "{assumptions}"
    );
    let plain = json_of(&["compare", "--point", CHAIN, arg(&full), "--trials", "256"]);
    assert_ne!(row(&plain, "intact_up")["differences"][1]["estimate"], 0.0);
}

#[test]
fn uncertain_says_where_the_base_case_sits() {
    let designs = [design("chain", CHAIN), design("flat", FLAT)];
    let r = compare::robustness(&designs, &CompareOptions::default(), &small(), None).unwrap();
    for d in &r.designs {
        assert!((0.0..=1.0).contains(&d.base_percentile));
        assert!((0.0..=1.0).contains(&d.base_intact));
    }
    assert!(r.designs[1].difference.is_some() && r.designs[0].difference.is_none());
    assert!(r
        .designs
        .iter()
        .all(|d| (0.0..=1.0).contains(&d.base_percentile_ranges_only)));
}

// ---- point 7: is the comparison fair? ----

#[test]
fn the_fairness_section_is_in_every_format() {
    let args = ["compare", "--point", CHAIN, FLAT, "--trials", "128", "-q"];
    let table = stdout_of(hviske().args(args));
    assert!(table.contains("Is the comparison fair?"), "{table}");
    assert!(
        table.contains("channels weakened below their kind in some designs only: chain 1, flat 0")
    );
    assert!(table.contains("actors attending below 1 in some designs only: chain 1, flat 0"));
    assert!(table.contains("contested readings differ: chain 1, flat 0"));
    let md = stdout_of(hviske().args(args).args(["-f", "markdown"]));
    assert!(md.contains("## Is the comparison fair?"));
    let csv = stdout_of(hviske().args(args).args(["-f", "csv"]));
    assert!(csv.contains("fairness,channels_stated,"), "{csv}");
    assert!(csv.contains("fairness,asymmetry,"));
    let v = json_of(&["compare", "--point", CHAIN, FLAT, "--trials", "128"]);
    let kinds: Vec<&str> = v["fairness"]["asymmetries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["asymmetry"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["weak_channels", "attendance", "evidence_mix", "readings"]
    );
}

#[test]
fn kinds_whose_values_differ_are_an_asymmetry() {
    let flat = std::fs::read_to_string(FLAT)
        .unwrap()
        .replace(r#""fidelity": 0.8"#, r#""fidelity": 0.95"#);
    let (_d, flat) = temp_file("flat.json", flat);
    let v = json_of(&["compare", "--point", CHAIN, arg(&flat), "--trials", "128"]);
    let a = v["fairness"]["asymmetries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["asymmetry"] == "kind_value")
        .expect("a kind_value asymmetry")
        .clone();
    assert_eq!(a["kind"], "report");
    assert_eq!(a["param"], "fidelity");
    assert_eq!(a["values"], serde_json::json!([0.8, 0.95]));
}

// ---- point 1: evidence grades ----

#[test]
fn channels_and_route_hops_are_counted_by_grade() {
    let v = json_of(&["compare", "--point", CHAIN, FLAT, "--trials", "64"]);
    let chain = &v["fairness"]["designs"][0];
    assert_eq!(
        chain["channels"],
        serde_json::json!({"stated": 1, "inferred": 1, "assumed": 1, "ungraded": 0})
    );
    // Routes up: low1 -> mid -> top and low2 -> mid -> top.
    assert_eq!(
        chain["route_hops"],
        serde_json::json!({"stated": 2, "inferred": 1, "assumed": 1, "ungraded": 0})
    );
    assert_eq!(v["fairness"]["designs"][1]["channels"]["ungraded"], 3);
    let inspect = stdout_of(hviske().args(["inspect", CHAIN]));
    assert!(
        inspect.contains("1 stated, 1 inferred, 1 assumed, 0 ungraded"),
        "{inspect}"
    );
    let validate = stdout_of(hviske().args(["validate", CHAIN]));
    assert!(
        validate.contains("channels 1/1/1/0 stated/inferred/assumed/ungraded; 1 readings"),
        "{validate}"
    );
}

// ---- point 2: readings under --uncertain ----

fn with_probability(p: f64) -> Design {
    let text = std::fs::read_to_string(CHAIN)
        .unwrap()
        .replace(r#""probability": 0.5"#, &format!(r#""probability": {p}"#));
    Design {
        label: "chain".into(),
        model: parse_str(&text, "chain.json").unwrap(),
    }
}

fn intact_spreads(r: &compare::Robustness) -> Vec<String> {
    r.designs
        .iter()
        .map(|d| format!("{:?} {:?} {:?}", d.intact, d.difference, d.wins_intact))
        .collect()
}

#[test]
fn a_reading_with_probability_0_or_1_is_absent_or_always_applied() {
    let opts = CompareOptions::default();
    let flat = design("flat", FLAT);
    let run = |d: Design| compare::robustness(&[d, flat.clone()], &opts, &small(), None).unwrap();
    let never = run(with_probability(0.0));
    let always = run(with_probability(1.0));
    let base = with_probability(0.5).model;
    let absent = run(Design {
        label: "chain".into(),
        model: apply_readings(&base, &[]).unwrap(),
    });
    let applied = run(Design {
        label: "chain".into(),
        model: apply_readings(&base, &[0]).unwrap(),
    });
    assert_eq!(intact_spreads(&never), intact_spreads(&absent));
    assert_eq!(intact_spreads(&always), intact_spreads(&applied));
    assert_ne!(intact_spreads(&never), intact_spreads(&always));
}

#[test]
fn a_readings_paired_effect_is_reported_and_the_flip_line_is_there() {
    let designs = [design("chain", CHAIN), design("flat", FLAT)];
    let r = compare::robustness(&designs, &CompareOptions::default(), &small(), None).unwrap();
    assert_eq!(r.readings.len(), 1);
    let e = &r.readings[0];
    assert_eq!(e.id, "bypass");
    assert_eq!(e.designs, ["chain"]);
    // A direct line up can only help the chain, so it lowers flat − chain.
    let on_chain = e.effect_on_intact[0].unwrap();
    assert!(on_chain > 0.0, "{e:?}");
    assert_eq!(e.effect_on_intact[1], None);
    assert!((e.effect_on_difference[1].unwrap() + on_chain).abs() < 1e-12);
    let line = r.flip.to_string();
    assert!(line.starts_with("What would flip it: "), "{line}");
    let paired = compare::robustness(
        &designs,
        &CompareOptions::default(),
        &compare::UncertainOptions {
            paired_readings: true,
            ..small()
        },
        None,
    )
    .unwrap();
    // Paired re-runs and the fit from the draws agree in sign.
    assert!(paired.readings[0].effect_on_intact[0].unwrap() > 0.0);
    let text = hviske::render::robustness(&r, hviske::render::Format::Table).unwrap();
    assert!(
        text.contains("bypass") && text.contains("What would flip it"),
        "{text}"
    );
}

#[test]
fn a_clear_win_has_nothing_to_flip_it() {
    let (_d, weak) = temp_file(
        "weak.json",
        std::fs::read_to_string(FLAT)
            .unwrap()
            .replace(r#""fidelity": 0.8"#, r#""fidelity": 0.05"#),
    );
    let designs = [design("chain", CHAIN), design("weak", arg(&weak))];
    let r = compare::robustness(&designs, &CompareOptions::default(), &small(), None).unwrap();
    assert_eq!(r.flip.flipped, 0);
    assert_eq!(
        r.flip.to_string(),
        "What would flip it: nothing within the stated readings and ranges (chain wins all 12 draws)."
    );
}

#[test]
fn uncertain_draws_are_the_same_bytes_on_1_and_2_threads() {
    let run = |threads: &str| {
        stdout_of(hviske().args([
            "compare",
            CHAIN,
            FLAT,
            "--draws",
            "6",
            "--draw-trials",
            "16",
            "--trials",
            "64",
            "--threads",
            threads,
            "-f",
            "json",
            "-q",
        ]))
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let v: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["across_the_evidence"]["readings"][0]["id"], "bypass");
}

// ---- point 6: the calendar ----

const VACANT: &str = r#"{"format":1,"name":"vacant","actors":[{"id":"top","level":1,"vacancies":[{"from_day":0,"to_day":100}]},{"id":"low","level":2}],
  "channels":[{"from":"low","to":"top","fidelity":1,"distortion":0.01,"every_days":10,"latency_days":1}]}"#;

fn intact_up(path: &str, extra: &[&str]) -> f64 {
    let v = json_of(
        &[
            &["simulate", path, "--direction", "up", "--trials", "200"][..],
            extra,
        ]
        .concat(),
    );
    v["intact"]["estimate"].as_f64().unwrap()
}

#[test]
fn facts_start_on_the_project_day_asked_for() {
    let (_d, p) = temp_file("vacant.json", VACANT);
    // Day 0: the top's seat is empty until day 100, so the one pass a fact
    // gets is lost; from day 200 every fact arrives at the next sitting.
    let args = [
        "simulate",
        arg(&p),
        "--direction",
        "up",
        "--trials",
        "200",
        "-f",
        "json",
    ];
    let default = stdout_of(hviske().args(args));
    let day0 = stdout_of(hviske().args(args).args(["--start-day", "0"]));
    assert_eq!(default, day0, "the default is day 0");
    assert_eq!(intact_up(arg(&p), &[]), 0.0);
    assert!(intact_up(arg(&p), &["--start-day", "200"]) > 0.95);
    let late: Value =
        serde_json::from_str(&stdout_of(hviske().args(args).args(["--start-day", "200"]))).unwrap();
    let median = late["arrival_days"]["median"].as_f64().unwrap();
    assert!(median <= 11.0, "days count from the fact's start: {median}");
}

#[test]
fn a_window_of_start_days_is_keyed_and_thread_independent() {
    let (_d, p) = temp_file("vacant.json", VACANT);
    let run = |threads: &str| {
        stdout_of(hviske().args([
            "simulate",
            arg(&p),
            "--direction",
            "up",
            "--trials",
            "400",
            "--start-days",
            "50:150",
            "--threads",
            threads,
            "-f",
            "json",
        ]))
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let v: Value = serde_json::from_str(&one).unwrap();
    // About half the facts start while the seat is empty.
    let intact = v["intact"]["estimate"].as_f64().unwrap();
    assert!((0.35..=0.65).contains(&intact), "{intact}");
    assert!(v["assumptions"]
        .to_string()
        .contains("Calendar: each trial starts"));
    // compare and sweep take it too.
    stdout_of(hviske().args([
        "compare",
        "--point",
        CHAIN,
        FLAT,
        "--trials",
        "64",
        "--start-days",
        "0:30",
        "-q",
    ]));
    stdout_of(hviske().args([
        "sweep",
        CHAIN,
        "--param",
        "fidelity",
        "--steps",
        "2",
        "--trials",
        "64",
        "--start-day",
        "5",
        "-q",
    ]));
}

#[test]
fn a_bad_calendar_is_rejected() {
    for bad in [
        &["--start-days", "10:5"][..],
        &["--start-days", "x"][..],
        &["--start-day=-1"][..],
    ] {
        hviske()
            .args(["simulate", CHAIN, "--direction", "up"])
            .args(bad)
            .assert()
            .code(1);
    }
}

// ---- point 8: analyze's defects ----

#[test]
fn the_removal_ranking_ranks_intermediaries_not_the_querys_ends() {
    let v = json_of(&["analyze", &model("three-two-one")]);
    let m = hviske::scenario::load_design(model("three-two-one")).unwrap();
    let (top, deepest) = (m.top_level(), m.deepest_level());
    let ranking = v["removal_impact"].as_array().unwrap();
    assert!(!ranking.is_empty());
    for r in ranking {
        let i = m.actor_index(r["id"].as_str().unwrap()).unwrap();
        let level = m.actors[i].level;
        assert!(level != top && level != deepest, "{r}");
    }
}

#[test]
fn bridges_are_in_the_table_and_the_markdown() {
    for format in ["table", "markdown"] {
        let out = stdout_of(hviske().args(["analyze", &model("three-two-one"), "-f", format]));
        assert!(
            out.contains("Bridges (channels whose loss splits the organisation)"),
            "{format}"
        );
    }
}

#[test]
fn compare_reports_gateways_and_the_worst_other_removal() {
    let v = json_of(&[
        "compare",
        "--point",
        &model("three-two-one"),
        &model("industry-council"),
        "--trials",
        "64",
    ]);
    for key in ["gateways", "worst_removal"] {
        let r = row(&v, key);
        assert!(r["values"][0]["estimate"].is_number(), "{key}");
    }
    // The worst other removal cuts off less than everyone.
    for i in 0..2 {
        assert!(
            row(&v, "worst_removal")["values"][i]["estimate"]
                .as_f64()
                .unwrap()
                < 1.0
        );
    }
}

// ---- issue 20: fair to the report, round 2 ----

#[test]
fn the_fairness_section_flags_every_assumed_hop_on_the_best_routes_in_every_format() {
    let args = ["compare", "--point", CHAIN, FLAT, "--trials", "64", "-q"];
    let flag = "chain: 1 hop(s) of its most reliable routes up are graded assumed (not described by the source), on 1 channel(s): report low2 -> mid";
    let table = stdout_of(hviske().args(args));
    assert!(table.contains(flag), "{table}");
    let md = stdout_of(hviske().args(args).args(["-f", "markdown"]));
    assert!(md.contains(&format!("- {flag}")), "{md}");
    let csv = stdout_of(hviske().args(args).args(["-f", "csv"]));
    assert!(
        csv.contains(&format!("fairness,asymmetry,\"{flag}")),
        "{csv}"
    );
    let v = json_of(&["compare", "--point", CHAIN, FLAT, "--trials", "64"]);
    assert_eq!(
        v["fairness"]["designs"][0]["assumed_route_hops"],
        serde_json::json!([{"from": "low2", "to": "mid", "kind": "report", "routes": 1, "source": null}])
    );
    // flat grades nothing: no flag, and no caveat in either.
    assert_eq!(
        v["fairness"]["designs"][1]["assumed_route_hops"],
        serde_json::json!([])
    );
    assert_eq!(v["fairness"]["designs"][0]["caveat"], Value::Null);
}

#[test]
fn an_assumed_channel_off_the_best_routes_is_not_flagged() {
    // low2's only route up is assumed; give it a stated, better one.
    let text = std::fs::read_to_string(CHAIN).unwrap().replace(
        r#"{"from": "low2", "to": "mid", "kind": "report", "evidence": "assumed"}"#,
        r#"{"from": "low2", "to": "mid", "kind": "report", "evidence": "assumed", "fidelity": 0.5},
    {"from": "low2", "to": "top", "kind": "report", "evidence": "stated"}"#,
    );
    let (_d, path) = temp_file("chain.json", text);
    let v = json_of(&["compare", "--point", arg(&path), FLAT, "--trials", "64"]);
    assert_eq!(
        v["fairness"]["designs"][0]["assumed_route_hops"],
        serde_json::json!([])
    );
}

#[test]
fn a_designs_caveat_is_quoted_in_the_fairness_section() {
    let text = std::fs::read_to_string(FLAT).unwrap().replacen(
        "\"format\": 1,",
        "\"format\": 1, \"caveat\": \"the idea has been corrected and modified (L1247-L1251)\",",
        1,
    );
    let (_d, path) = temp_file("proposal.json", text);
    let table = stdout_of(hviske().args([
        "compare",
        "--point",
        CHAIN,
        arg(&path),
        "--trials",
        "64",
        "-q",
    ]));
    assert!(
        table.contains("proposal: its source's own caveat: the idea has been corrected and modified (L1247-L1251)"),
        "{table}"
    );
    let v = json_of(&["compare", "--point", CHAIN, arg(&path), "--trials", "64"]);
    assert_eq!(
        v["fairness"]["designs"][1]["caveat"],
        "the idea has been corrected and modified (L1247-L1251)"
    );
}

#[test]
fn the_shipped_council_quotes_stamis_caveat_and_3_2_1_does_not() {
    let v = json_of(&[
        "compare",
        "--point",
        &model("three-two-one"),
        &model("industry-council"),
        "--trials",
        "16",
    ]);
    let designs = &v["fairness"]["designs"];
    assert_eq!(designs[0]["caveat"], Value::Null);
    let caveat = designs[1]["caveat"].as_str().unwrap();
    assert!(
        caveat.contains("korrigert og modifisert") && caveat.contains("L1247-L1251"),
        "{caveat}"
    );
    // The council's best routes up run through assumed liaisons: flagged.
    assert!(
        designs
            .as_array()
            .unwrap()
            .iter()
            .any(|d| !d["assumed_route_hops"].as_array().unwrap().is_empty()),
        "{designs}"
    );
}

#[test]
fn strict_rejects_a_reading_without_rationale_or_source() {
    let text = std::fs::read_to_string(CHAIN).unwrap().replace(
        r#""rationale": "test", "source": "L1","#,
        r#""source": " ","#,
    );
    let (_d, path) = temp_file("unargued.json", text);
    hviske().args(["validate", arg(&path)]).assert().success();
    let out = hviske()
        .args(["--strict", "validate", arg(&path)])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("reading \"bypass\" has no rationale and no source: say which lines it rests on and why its probability"),
        "{err}"
    );
    assert!(
        err.contains("1 reading(s) without rationale or source (--strict)"),
        "{err}"
    );
    hviske()
        .args(["--strict", "validate", CHAIN])
        .assert()
        .success();
}

#[test]
fn every_shipped_design_passes_strict_validation() {
    let mut args = vec!["--strict", "validate", "-q"];
    let files: Vec<String> = [
        "three-two-one",
        "three-two-one-stami",
        "industry-council",
        "industry-council-best-case",
    ]
    .iter()
    .map(|m| model(m))
    .collect();
    args.extend(files.iter().map(String::as_str));
    hviske().args(&args).assert().success();
}

#[test]
fn every_shipped_reading_argues_its_probability_from_quoted_lines() {
    for m in ["three-two-one", "industry-council"] {
        let model = hviske::scenario::load_design(crate::util::model(m)).unwrap();
        for r in &model.readings {
            let why = r.rationale.as_deref().unwrap_or_default();
            let p = format!("Why p = {}", r.probability.get());
            assert!(
                why.contains(&p),
                "{m}: reading {} does not say {p:?}: {why}",
                r.id
            );
            assert!(
                why.contains("(L"),
                "{m}: reading {} quotes no line: {why}",
                r.id
            );
            assert!(
                r.source.as_deref().is_some_and(|s| s.contains('L')),
                "{m}: {}",
                r.id
            );
        }
    }
}

#[test]
fn both_designs_carry_a_reading_without_the_assumed_liaisons() {
    for m in ["three-two-one", "industry-council"] {
        let model = hviske::scenario::load_design(crate::util::model(m)).unwrap();
        let r = model
            .readings
            .iter()
            .find(|r| r.id == "no-assumed-liaisons")
            .unwrap_or_else(|| panic!("{m}"));
        assert_eq!(r.probability.get(), 0.5);
        assert_eq!(
            r.changes.len(),
            62,
            "{m}: every enterprise's two upward liaisons"
        );
    }
}
