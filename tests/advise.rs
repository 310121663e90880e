//! `hviske advise`: the search finds a known best structure, keeps its
//! constraints, gives the same front on any thread count, and every
//! scenario it writes validates and reproduces its figures with `compare`.

use crate::util::{arg, hviske, row, stdout_of};
use serde_json::Value;

const CHAIN: &str = "tests/data/advise-bypass.json";
const SMALL: &str = "models/examples/small.json";

fn advise_json(args: &[&str]) -> Value {
    let out = stdout_of(hviske().arg("advise").args(args).args(["-f", "json", "-q"]));
    serde_json::from_str(&out).expect("advise --format json is JSON")
}

fn intact_up(p: &Value) -> f64 {
    p["figures"]["intact_up"]["value"]["estimate"]
        .as_f64()
        .unwrap()
}

#[test]
fn the_advisor_finds_the_one_bypass_that_is_clearly_best_under_the_budget() {
    // Two steps: a second bypass is tried, and refused by the budget.
    let a = advise_json(&[
        CHAIN,
        "--allow",
        "bypass",
        "--budget",
        "meeting-days=16",
        "--steps",
        "2",
    ]);
    assert_eq!(a["front"].as_array().unwrap().len(), 1, "{a:#}");
    let front = a["front"].as_array().unwrap();
    let best = front
        .iter()
        .max_by(|x, y| intact_up(x).total_cmp(&intact_up(y)))
        .expect("a front");
    let changes = best["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{best:#}");
    let c = &changes[0];
    assert_eq!(
        (c["op"].as_str(), c["from"].as_str(), c["to"].as_str()),
        (Some("add-channel"), Some("bottom"), Some("top")),
        "{c:#}"
    );
    // A chain of four hops at 0.7 keeps 0.7^4 = 24%; with the bypass
    // 1 - (1 - 0.7)(1 - 0.24) = 77% (loss only; distortion is 0 here).
    assert!(
        (intact_up(best) - 0.772).abs() < 0.02,
        "{}",
        intact_up(best)
    );
    assert!((intact_up(&a["start"]) - 0.2401).abs() < 0.02);
    // Two bypasses do not fit the budget.
    for p in front {
        let load = p["standing"]["meeting_load"].as_f64().unwrap();
        assert!(load <= 16.0 + 1e-9, "{load}");
    }
}

#[test]
fn no_design_on_the_front_breaks_a_constraint() {
    let (budget, levels, cutoff) = (120.0, 3, 0.05);
    let a = advise_json(&[
        SMALL,
        "--budget",
        "meeting-days=120",
        "--max-levels",
        "3",
        "--max-cutoff",
        "0.05",
    ]);
    let start_gaps: Vec<Value> = a["start"]["standing"]["gaps"].as_array().unwrap().clone();
    let front = a["front"].as_array().unwrap();
    assert!(!front.is_empty());
    for p in front {
        let s = &p["standing"];
        assert!(s["meeting_load"].as_f64().unwrap() <= budget + 1e-9, "{s}");
        assert!(s["levels"].as_u64().unwrap() <= levels, "{s}");
        assert!(
            s["worst_removal"].as_f64().unwrap() <= cutoff + 1e-12,
            "{s}"
        );
        assert!(s["gateways"].as_u64() <= a["start"]["standing"]["gateways"].as_u64());
        for g in s["gaps"].as_array().unwrap() {
            assert!(start_gaps.contains(g), "new representation gap {g}");
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_front_on_one_and_two_threads() {
    let run = |threads: &str| {
        stdout_of(hviske().args([
            "advise",
            SMALL,
            "--steps",
            "2",
            "-f",
            "json",
            "-q",
            "--threads",
            threads,
        ]))
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn every_scenario_written_validates_and_reproduces_its_figures_with_compare() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("advice");
    let a = advise_json(&[SMALL, "--steps", "2", "-o", arg(&out)]);
    let front = a["front"].as_array().unwrap();
    assert!(!front.is_empty());
    assert!(out.join("front.svg").is_file());
    assert!(out.join("front.json").is_file());
    let seed = a["fresh_seed"].as_u64().unwrap().to_string();
    for p in front {
        let file = out.join(format!("{}.json", p["label"].as_str().unwrap()));
        hviske().args(["validate", arg(&file)]).assert().success();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("\"rationale\""), "{text}");
        let c: Value = serde_json::from_str(&stdout_of(hviske().args([
            "compare",
            "--point",
            SMALL,
            arg(&file),
            "--seed",
            &seed,
            "-f",
            "json",
            "-q",
        ])))
        .unwrap();
        for (key, ours) in [
            ("intact_up", "intact_up"),
            ("intact_down", "intact_down"),
            ("days_up_median", "days_up"),
            ("meeting_load", "meeting_load"),
        ] {
            assert_eq!(
                row(&c, key)["values"][1],
                p["figures"][ours]["value"],
                "{key} of {}",
                p["label"]
            );
        }
    }
}

#[test]
fn a_folder_that_holds_other_files_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    hviske()
        .args(["advise", SMALL, "-o", arg(dir.path())])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn bad_options_are_rejected_with_what_to_do() {
    hviske()
        .args(["advise", SMALL, "--allow", "teleport"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("collapse-level"));
    hviske()
        .args(["advise", SMALL, "--freeze", "nobody"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("nobody"));
    hviske()
        .args(["advise", SMALL, "--budget", "days=3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("meeting-days=N"));
    hviske()
        .args(["advise", SMALL, "--steps", "51"])
        .assert()
        .code(2);
}

#[test]
fn an_uncertain_search_scores_candidates_over_common_draws_on_any_thread_count() {
    let run = |threads: &str| {
        stdout_of(hviske().args([
            "advise",
            SMALL,
            "--steps",
            "1",
            "--uncertain",
            "--draws",
            "3",
            "-f",
            "json",
            "-q",
            "--threads",
            threads,
        ]))
    };
    let text = run("1");
    assert_eq!(text, run("2"));
    let drawn: Value = serde_json::from_str(&text).unwrap();
    let stated = advise_json(&[SMALL, "--steps", "1"]);
    // The search's own figure for the start is the mean over the drawn
    // readings and ranges, not the stated value.
    let search_up = |a: &Value| a["start"]["search"]["intact_up"].as_f64().unwrap();
    assert_ne!(search_up(&drawn), search_up(&stated));
    for p in drawn["front"].as_array().unwrap() {
        let odds = &p["odds"];
        assert!(odds.is_object(), "{p:#}");
    }
}
