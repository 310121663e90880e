//! The network analysts' measures of `hviske analyze` (issue 22.8) against
//! networkx (`tests/data/networkx_measures.{py,json}`): density, reciprocity
//! per kind, clustering, eigenvector and Katz centrality, constraint and
//! effective size; brokerage roles and the E-I index against a brute-force
//! count over every triple and arc.

use crate::analyze::model_of;
use crate::util::{hviske, model, stdout_of};
use hviske::analysis::{analyze, Analysis, AnalysisOptions, Grouping, Measure};
use hviske::model::Model;
use serde_json::{json, Value};

const REFERENCE: &str = include_str!("data/networkx_measures.json");
const TOL: f64 = 1e-9;

fn reference(name: &str) -> Value {
    let all: Value = serde_json::from_str(REFERENCE).expect("reference JSON");
    all["graphs"][name].clone()
}

fn close(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= TOL, "{what}: got {g}, networkx {w}"),
        (None, None) => assert!(want.is_null(), "{what}: got null, networkx {want}"),
        _ => panic!("{what}: got {got:?}, networkx {want}"),
    }
}

fn every(m: &Model, groups: Grouping) -> Analysis {
    let opts = AnalysisOptions {
        measures: Measure::ALL
            .into_iter()
            .filter(|&x| x != Measure::Removal)
            .collect(),
        groups,
        ..AnalysisOptions::default()
    };
    analyze(&hviske::graph::build(m), &opts)
}

fn check(name: &str, m: &Model) {
    let r = reference(name);
    let a = every(m, Grouping::Level);
    close(&format!("{name}: density"), a.density, &r["density"]);
    close(
        &format!("{name}: average clustering"),
        a.average_clustering,
        &r["average_clustering"],
    );
    for (i, x) in a.actors.iter().enumerate() {
        let what = |f: &str| format!("{name}: {f} of {}", x.id);
        close(&what("clustering"), Some(x.clustering), &r["clustering"][i]);
        close(&what("constraint"), x.constraint, &r["constraint"][i]);
        close(
            &what("effective size"),
            x.effective_size,
            &r["effective_size"][i],
        );
        for (f, got) in [("eigenvector", x.eigenvector), ("katz", x.katz)] {
            if r[f].is_null() {
                assert_eq!(got, None, "{}: networkx does not converge", what(f));
            } else {
                close(&what(f), got, &r[f][i]);
            }
        }
        assert_eq!(
            json!(x.brokerage),
            r["brokerage"][i],
            "{}",
            what("brokerage")
        );
    }
    check_ei(name, &a, &r["ei_index"]);
    if let Some(per) = r.get("per_kind") {
        let got: Vec<Value> = a
            .per_kind
            .iter()
            .map(|k| json!({"kind": k.kind, "arcs": k.arcs}))
            .collect();
        let want: Vec<Value> = per
            .as_array()
            .unwrap()
            .iter()
            .map(|k| json!({"kind": k["kind"], "arcs": k["arcs"]}))
            .collect();
        assert_eq!(got, want, "{name}: kinds");
        for (k, w) in a.per_kind.iter().zip(per.as_array().unwrap()) {
            close(
                &format!("{name}: density of {}", k.kind),
                k.density,
                &w["density"],
            );
            close(
                &format!("{name}: reciprocity of {}", k.kind),
                k.reciprocity,
                &w["reciprocity"],
            );
        }
    }
}

fn check_ei(name: &str, a: &Analysis, want: &Value) {
    let want = want.as_array().unwrap();
    assert_eq!(a.ei_index.len(), want.len(), "{name}: E-I groups");
    for (g, w) in a.ei_index.iter().zip(want) {
        assert_eq!(json!(g.group), w["group"], "{name}: E-I group");
        assert_eq!(json!(g.external), w["external"], "{name}: E of {}", g.group);
        assert_eq!(json!(g.internal), w["internal"], "{name}: I of {}", g.group);
        close(&format!("{name}: E-I of {}", g.group), g.ei, &w["ei"]);
    }
}

#[test]
fn new_measures_match_networkx_on_the_krackhardt_kite() {
    let r = crate::analyze::model_of(&reference("krackhardt_kite"));
    check("krackhardt_kite", &r);
}

#[test]
fn new_measures_match_networkx_on_a_directed_graph_with_unreachable_pairs() {
    check(
        "directed_unreachable",
        &model_of(&reference("directed_unreachable")),
    );
}

#[test]
fn new_measures_match_networkx_with_dangling_actors() {
    check(
        "pagerank_dangling",
        &model_of(&reference("pagerank_dangling")),
    );
}

#[test]
fn new_measures_match_networkx_on_the_three_two_one_model() {
    check(
        "three_two_one",
        &hviske::model::load(model("three-two-one")).unwrap(),
    );
}

#[test]
fn new_measures_match_networkx_on_a_multiplex_network() {
    check(
        "multiplex",
        &hviske::model::load("tests/data/multiplex.json").unwrap(),
    );
}

#[test]
fn analyze_groups_by_kind_counts_brokerage_and_ei_by_department() {
    let r = reference("multiplex");
    let out = stdout_of(hviske().args([
        "analyze",
        "tests/data/multiplex.json",
        "--measures",
        "brokerage,ei",
        "--groups",
        "kind",
        "-f",
        "json",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["brokerage_groups"], "kind");
    for (i, a) in v["actors"].as_array().unwrap().iter().enumerate() {
        assert_eq!(a["brokerage"], r["brokerage_by_kind"][i], "{}", a["id"]);
        assert!(
            a.get("betweenness").is_none(),
            "only the measures asked for"
        );
    }
    let want = r["ei_by_kind"].as_array().unwrap();
    for (g, w) in v["ei_index"].as_array().unwrap().iter().zip(want) {
        assert_eq!(g["group"], w["group"]);
        assert_eq!(g["external"], w["external"]);
        assert_eq!(g["internal"], w["internal"]);
    }
}

#[test]
fn analyze_rejects_an_unknown_grouping() {
    hviske()
        .args(["analyze", "tests/data/multiplex.json", "--groups", "dept"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("one of: level, side, kind"));
}

#[test]
fn katz_is_computed_only_when_named_and_says_when_it_diverges() {
    let json_of = |extra: &[&str]| -> Value {
        let mut args = vec!["analyze", "models/three-two-one.json", "-f", "json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&stdout_of(hviske().args(&args))).unwrap()
    };
    let plain = json_of(&[]);
    assert!(plain.get("katz_iteration").is_none());
    assert!(plain["actors"][0].get("katz").is_none());
    assert!(plain["actors"][0].get("eigenvector").is_some());
    // networkx's katz_centrality(alpha=0.1) fails to converge here too.
    assert!(reference("three_two_one")["katz"].is_null());
    let k = json_of(&["--measures", "katz"]);
    assert_eq!(k["katz_iteration"]["converged"], false);
    assert!(k["actors"][0]["katz"].is_null());
}
