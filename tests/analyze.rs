//! `hviske analyze`: every measure against networkx's reference values
//! (`tests/data/networkx_reference.{py,json}`), and the command on the
//! shipped designs.

use crate::util::{hviske, model, stdout_of};
use hviske::analysis::{self, centrality, cuts, hierarchy, paths, AnalysisOptions};
use hviske::model::Model;
use serde_json::{json, Value};

const REFERENCE: &str = include_str!("data/networkx_reference.json");
const TOL: f64 = 1e-9;

fn reference(name: &str) -> Value {
    let all: Value = serde_json::from_str(REFERENCE).expect("reference JSON");
    all["graphs"][name].clone()
}

/// The model a reference graph describes: one actor per node, one channel per arc.
pub(crate) fn model_of(r: &Value) -> Model {
    let ids = r["ids"].as_array().unwrap();
    let actors: Vec<Value> = ids
        .iter()
        .zip(r["levels"].as_array().unwrap())
        .map(|(id, level)| json!({"id": id, "level": level}))
        .collect();
    let channels: Vec<Value> = r["arcs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| json!({"from": ids[a[0].as_u64().unwrap() as usize], "to": ids[a[1].as_u64().unwrap() as usize], "fidelity": a[2]}))
        .collect();
    let text = json!({"format": 1, "name": "reference", "actors": actors, "channels": channels});
    hviske::model::parse_str(&text.to_string(), "reference.json").expect("reference model")
}

fn close(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= TOL, "{what}: got {g}, networkx {w}"),
        (None, None) => assert!(want.is_null(), "{what}: got null, networkx {want}"),
        _ => panic!("{what}: got {got:?}, networkx {want}"),
    }
}

fn close_all(what: &str, got: &[f64], want: &Value) {
    let want = want.as_array().unwrap();
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        close(&format!("{what}[{i}]"), Some(*g), w);
    }
}

/// Compares every measure of `m` with the reference graph `name`.
fn check(name: &str, m: &Model) {
    let r = reference(name);
    let g = hviske::graph::build(m);
    let ids: Vec<&str> = r["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let model_ids: Vec<&str> = m.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(model_ids, ids, "{name}: node order");

    let adj = hviske::graph::Adjacency::of(&g);
    let (ind, outd) = centrality::degrees(&adj);
    assert_eq!(json!(ind), r["in_degree"], "{name}: in_degree");
    assert_eq!(json!(outd), r["out_degree"], "{name}: out_degree");
    close_all(
        &format!("{name}: betweenness"),
        &centrality::betweenness(&adj, &centrality::no_progress),
        &r["betweenness"],
    );
    close_all(
        &format!("{name}: closeness"),
        &centrality::closeness(&adj, &centrality::no_progress),
        &r["closeness"],
    );
    close_all(
        &format!("{name}: pagerank"),
        &centrality::pagerank(&adj, centrality::PAGERANK_ALPHA),
        &r["pagerank"],
    );
    let (up, down) = paths::hops_to_and_from_top(&g);
    assert_eq!(json!(up), r["hops_to_top"], "{name}: hops_to_top");
    assert_eq!(json!(down), r["hops_from_top"], "{name}: hops_from_top");
    let routes = paths::best_routes(&g, &vec![false; ids.len()]);
    for (i, want) in r["best_route_reliability"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        close(
            &format!("{name}: best_route_reliability[{}]", ids[i]),
            routes.reliability[i],
            want,
        );
    }
    close(
        &format!("{name}: reciprocity"),
        hierarchy::reciprocity(&adj),
        &r["reciprocity"],
    );
    let c = cuts::components(&adj);
    assert_eq!(
        json!(c.weak_sizes),
        r["weak_sizes"],
        "{name}: weak components"
    );
    assert_eq!(
        json!(c.strong_sizes),
        r["strong_sizes"],
        "{name}: strong components"
    );
    let mut points: Vec<&str> = cuts::articulation_points(&adj)
        .into_iter()
        .map(|i| ids[i])
        .collect();
    points.sort_unstable();
    assert_eq!(
        json!(points),
        r["articulation_points"],
        "{name}: articulation points"
    );
    let mut bridges: Vec<[&str; 2]> = cuts::bridges(&adj)
        .into_iter()
        .map(|(a, b)| {
            let mut p = [ids[a], ids[b]];
            p.sort_unstable();
            p
        })
        .collect();
    bridges.sort_unstable();
    assert_eq!(json!(bridges), r["bridges"], "{name}: bridges");

    let reach = analysis::reach(&g);
    assert_eq!(json!(reach.reached), r["reach"]["reached"], "{name}: reach");
    close(
        &format!("{name}: reach share"),
        reach.share,
        &r["reach"]["share"],
    );
    close(
        &format!("{name}: mean hops"),
        reach.mean_hops,
        &r["reach"]["mean_hops"],
    );
    close(
        &format!("{name}: reliability"),
        reach.reliability,
        &r["reach"]["reliability"],
    );
    let ranking = analysis::removal_ranking(&g);
    // The ranking holds the intermediaries only (issue 10).
    let (top, deepest) = (m.top_level(), m.deepest_level());
    let end = |i: usize| m.actors[i].level == top || m.actors[i].level == deepest;
    assert_eq!(ranking.len(), (0..ids.len()).filter(|&i| !end(i)).count());
    for want in r["removal"].as_array().unwrap() {
        let id = want["id"].as_str().unwrap();
        let i = m.actor_index(id).unwrap();
        let what = format!("{name}: removing {id}");
        if end(i) {
            // Removing a target or a source: not ranked; a removed source is
            // gone, not cut off, so the share is over the others.
            let one = analysis::removal_impact(&g, &[i]);
            assert_eq!(json!(one.reached_after), want["reached"], "{what}");
            if m.actors[i].level == deepest && one.deepest > 1 {
                let share = one.reached_after as f64 / (one.deepest - 1) as f64;
                assert!((one.reach_share_after - share).abs() < 1e-12, "{what}");
            }
            continue;
        }
        let got = ranking.iter().find(|x| x.id == id).unwrap();
        assert_eq!(json!(got.reached_after), want["reached"], "{what}");
        close(&what, Some(got.reach_share_after), &want["share"]);
        close(&what, got.mean_hops_after, &want["mean_hops"]);
        close(&what, Some(got.reliability_after), &want["reliability"]);
        let one = analysis::removal_impact(&g, &[m.actor_index(id).unwrap()]);
        assert!(
            one.same_as(got, 1e-12),
            "{what}: alone {one:?}, ranked {got:?}"
        );
    }
    if let Some(span) = r.get("span_of_control") {
        assert_eq!(&json!(hierarchy::span_of_control(&g)), span, "{name}: span");
    }
}

#[test]
fn every_measure_matches_networkx_on_the_krackhardt_kite() {
    check("krackhardt_kite", &model_of(&reference("krackhardt_kite")));
}

#[test]
fn every_measure_matches_networkx_on_a_directed_graph_with_unreachable_pairs() {
    check(
        "directed_unreachable",
        &model_of(&reference("directed_unreachable")),
    );
}

#[test]
fn every_measure_matches_networkx_with_dangling_nodes() {
    check(
        "pagerank_dangling",
        &model_of(&reference("pagerank_dangling")),
    );
}

#[test]
fn every_measure_matches_networkx_on_the_shipped_three_two_one_model() {
    let m = hviske::model::load(model("three-two-one")).unwrap();
    check("three_two_one", &m);
}

#[test]
fn the_analysis_is_the_same_at_one_and_many_threads() {
    let m = hviske::model::load(model("three-two-one")).unwrap();
    let g = hviske::graph::build(&m);
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let a = pool.install(|| analysis::analyze(&g, &AnalysisOptions::default()));
        serde_json::to_string(&a).unwrap()
    };
    assert_eq!(run(1), run(4));
}

fn analyze_json(name: &str) -> Value {
    let out = stdout_of(hviske().args(["analyze", &model(name), "--format", "json"]));
    serde_json::from_str(&out).expect("analyze --format json is JSON")
}

#[test]
fn the_table_names_the_articulation_points_and_the_costliest_removals() {
    let out = stdout_of(hviske().args(["analyze", &model("three-two-one")]));
    assert!(out.starts_with("3-2-1"), "{out}");
    assert!(out.contains("Key findings"), "{out}");
    assert!(
        out.contains("articulation point(s), actors whose loss splits the organisation: steering_group, at_council"),
        "{out}"
    );
    // Intermediaries, not the ministry itself (issue 10); with the side
    // routes up and NAV's ordinary reports (L383) no single intermediary cuts
    // the enterprises off, and the costliest is the project leader.
    assert!(
        out.contains("No single removal cuts enterprises off from the ministry; the costliest, project_leader"),
        "{out}"
    );
    assert!(!out.contains("Removing aid cuts"), "{out}");
    assert!(out.contains("Top 10 by betweenness"), "{out}");
    assert!(
        out.lines().all(|l| l.chars().count() <= 100),
        "fits 100 columns"
    );
}

#[test]
fn the_meat_working_group_employee_side_is_flagged() {
    let out = stdout_of(hviske().args(["analyze", &model("three-two-one")]));
    assert!(
        out.contains(
            "wg_meat: employee side under-weighted: 1 member(s), attendance-weighted 0.40"
        ),
        "{out}"
    );
    let v = analyze_json("three-two-one");
    let wg = v["representation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["body"] == "wg_meat")
        .unwrap();
    assert_eq!(wg["flags"].as_array().unwrap().len(), 1);
    let care = v["representation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["body"] == "wg_care")
        .unwrap();
    assert_eq!(care["flags"], json!([]));
}

#[test]
fn json_has_the_documented_keys() {
    let v = analyze_json("three-two-one");
    for key in [
        "model",
        "actors",
        "levels",
        "hops_up",
        "hops_down",
        "span_of_control",
        "reciprocity",
        "components",
        "articulation_points",
        "bridges",
        "representation",
        "reach",
        "removal_impact",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["levels"], 9);
    // Employees, enterprise project group, project leader, project
    // responsible, project owner, ministry (L614-L617, L83, L714-L716).
    assert_eq!(v["hops_up"]["longest"], 5);
    let actor = &v["actors"][0];
    for key in [
        "id",
        "in_degree",
        "out_degree",
        "betweenness",
        "closeness",
        "pagerank",
        "level",
    ] {
        assert!(actor.get(key).is_some(), "actors[0] lacks {key}");
    }
    assert_eq!(actor["id"], "aid");
    assert!(v["bridges"][0].as_array().unwrap().len() == 2);
    let first = &v["removal_impact"][0];
    assert_ne!(first["id"], "aid", "the query's own target is not ranked");
    assert_eq!(first["id"], "project_leader");
    assert_eq!(first["cut_off"], 0);
    assert_eq!(first["reach_share_loss"], 0.0);
    assert!(first["reliability_loss"].as_f64().unwrap() > 0.05);
    assert_eq!(v["components"]["weak"], 1);
}

#[test]
fn the_council_has_fewer_levels_but_more_single_points_of_failure() {
    let project = analyze_json("three-two-one");
    let council = analyze_json("industry-council");
    assert!(council["levels"].as_u64() < project["levels"].as_u64());
    // 3-2-1's side routes (gatherings, the survey loop, the delegation line)
    // leave fewer actors whose loss splits the organisation; in the council
    // every enterprise hangs on its project group, and all on the council.
    let points = |v: &Value| -> Vec<String> {
        v["articulation_points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect()
    };
    assert!(points(&council).len() > points(&project).len());
    assert!(points(&council).contains(&"council".to_string()));
    assert!(!points(&project).contains(&"dat".to_string()));
}

#[test]
fn remove_shows_one_removal() {
    let out = stdout_of(hviske().args(["analyze", &model("three-two-one"), "--remove", "dat"]));
    assert!(out.starts_with("Removing dat (Project owner"), "{out}");
    // NAV's weak line to the ministry still carries facts, by a longer route.
    assert!(
        out.contains(
            "Cuts 0 deepest-level actor(s) off from the top level; 31 of 31 still reach it."
        ),
        "{out}"
    );
    let out = stdout_of(hviske().args(["analyze", &model("three-two-one"), "--remove", "aid"]));
    assert!(
        out.contains(
            "Cuts 31 deepest-level actor(s) off from the top level; 0 of 31 still reach it."
        ),
        "{out}"
    );
    let out = stdout_of(hviske().args([
        "analyze",
        &model("three-two-one"),
        "--remove",
        "wg_meat",
        "--remove",
        "nnn",
        "-f",
        "json",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["removal"]["id"], "wg_meat+nnn");
    assert_eq!(v["before"]["reached"], 31);
}

#[test]
fn remove_rejects_an_unknown_id_with_a_hint() {
    hviske()
        .args(["analyze", &model("three-two-one"), "--remove", "wg_mest"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "hviske: error: --remove: no actor \"wg_mest\" in models/three-two-one.json",
        ))
        .stderr(predicates::str::contains("(did you mean \"wg_meat\"?)"));
}

#[test]
fn remove_refuses_the_options_of_the_full_analysis() {
    // --remove shows one removal's impact and computes no measure: options
    // that would change nothing are refused rather than ignored.
    for extra in [
        &["--measures", "betweenness"][..],
        &["--samples", "5"],
        &["--seed", "3"],
    ] {
        hviske()
            .args(["analyze", &model("three-two-one"), "--remove", "dat"])
            .args(extra)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains("cannot be used with"));
    }
}

#[test]
fn a_bad_top_is_a_usage_error() {
    for bad in ["--top=0", "--top=-3", "--top=ten"] {
        hviske()
            .args(["analyze", &model("three-two-one"), bad])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--top"));
    }
}

#[test]
fn top_limits_the_rankings_and_markdown_and_csv_work() {
    let out = stdout_of(hviske().args([
        "analyze",
        &model("industry-council"),
        "--top",
        "3",
        "-f",
        "markdown",
    ]));
    assert!(out.starts_with("# "), "{out}");
    assert!(out.contains("## Top 3 by betweenness"), "{out}");
    assert!(out.contains("|---|"), "{out}");
    let csv = stdout_of(hviske().args(["analyze", &model("industry-council"), "-f", "csv"]));
    assert!(csv.starts_with("id,name,level,side,in_degree"), "{csv}");
}

/// A balanced hierarchy of two-way channels: `span` reports per manager,
/// `levels` levels, each manager's reports linked in a row, plus `cross`
/// two-way links between pseudo-random actors (the hierarchies of issue 13).
fn hierarchy_adjacency(levels: u32, span: usize, cross: usize) -> hviske::graph::Adjacency {
    let mut edges = Vec::new();
    let (mut level, mut next) = (vec![0usize], 1usize);
    for _ in 1..levels {
        let mut below = Vec::new();
        for &m in &level {
            for k in 0..span {
                edges.push((m, next));
                if k > 0 {
                    edges.push((next - 1, next));
                }
                below.push(next);
                next += 1;
            }
        }
        level = below;
    }
    let mut x = 88_172_645_463_325_252u64;
    for _ in 0..cross {
        let mut draw = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % next as u64) as usize
        };
        edges.push((draw(), draw()));
    }
    hviske::graph::Adjacency::from_arcs(next, edges.iter().flat_map(|&(a, b)| [(a, b), (b, a)]))
}

#[test]
fn betweenness_by_blocks_equals_brandes_on_hierarchies_and_the_shipped_models_and_a_generated_one()
{
    use centrality::{betweenness, betweenness_brandes, no_progress};
    let mut graphs = vec![
        ("hierarchy 4x6".to_string(), hierarchy_adjacency(4, 6, 0)),
        (
            "hierarchy 5x5 + 40".to_string(),
            hierarchy_adjacency(5, 5, 40),
        ),
    ];
    for name in [
        "three-two-one",
        "industry-council",
        "industry-council-best-case",
    ] {
        let m = hviske::model::load(
            concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + &model(name),
        )
        .expect("shipped model");
        graphs.push((
            name.to_string(),
            hviske::graph::Adjacency::of(&hviske::graph::build(&m)),
        ));
    }
    let symmetric = graphs.iter().filter(|(_, a)| a.is_symmetric()).count();
    assert!(
        symmetric > 0 && symmetric < graphs.len(),
        "two-way and one-way graphs both"
    );
    for (name, adj) in &graphs {
        let fast = betweenness(adj, &no_progress);
        let plain = betweenness_brandes(adj, &no_progress);
        for (v, (a, b)) in fast.iter().zip(&plain).enumerate() {
            assert!((a - b).abs() < TOL, "{name}, node {v}: {a} vs {b}");
        }
    }
}

/// The closeness estimate from pivots (Eppstein–Wang) against exact
/// closeness on a 2 801-actor hierarchy: with 400 pivots every actor's
/// estimated mean distance is within 0.05 × the diameter (here 8) of the
/// true one, and the five highest estimates are among the ten highest
/// exact values.
#[test]
fn estimated_closeness_is_near_exact() {
    use centrality::{closeness, estimate, no_progress};
    let adj = hierarchy_adjacency(5, 7, 60);
    let n = adj.len();
    let exact = closeness(&adj, &no_progress);
    let e = estimate(&adj, &analysis::pivots::pivots(n, 400, 1), &no_progress);
    // Strongly connected: closeness is 1 / mean distance.
    let worst = e
        .closeness
        .iter()
        .zip(&exact)
        .map(|(est, x)| (1.0 / est - 1.0 / x).abs())
        .fold(0.0f64, f64::max);
    assert!(worst < 0.05 * 8.0, "worst mean-distance error {worst}");
    let top = |c: &[f64], k: usize| {
        let mut idx: Vec<usize> = (0..n).collect();
        idx.sort_by(|&a, &b| c[b].total_cmp(&c[a]));
        idx.truncate(k);
        idx
    };
    let exact_top = top(&exact, 10);
    assert!(top(&e.closeness, 5).iter().all(|v| exact_top.contains(v)));
}

#[test]
fn measures_shows_only_what_was_asked_for() {
    let path = model("three-two-one");
    let json: Value = serde_json::from_str(&stdout_of(hviske().args([
        "analyze",
        &path,
        "--measures",
        "betweenness,span",
        "-f",
        "json",
    ])))
    .unwrap();
    let actor = json["actors"][0].as_object().unwrap();
    let keys: Vec<&str> = actor.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "level",
            "side",
            "kind",
            "betweenness",
            "span_of_control"
        ]
    );
    for absent in [
        "removal_impact",
        "components",
        "reach",
        "estimated",
        "hops_up",
    ] {
        assert!(json.get(absent).is_none(), "{absent} shown");
    }
    assert!(json["span_of_control"]["max"].as_u64().unwrap() > 0);
    let csv = stdout_of(hviske().args(["analyze", &path, "--measures", "pagerank", "-f", "csv"]));
    assert_eq!(csv.lines().next().unwrap(), "id,name,level,side,pagerank");
    let table = stdout_of(hviske().args(["analyze", &path, "--measures", "degree"]));
    assert!(table.contains("Top 10 by in-degree") && !table.contains("betweenness"));
}

#[test]
fn estimates_are_labelled_in_every_output() {
    let path = model("three-two-one");
    let args = [
        "analyze",
        &path,
        "--measures",
        "betweenness,closeness",
        "--samples",
        "12",
        "--seed",
        "5",
    ];
    let json: Value =
        serde_json::from_str(&stdout_of(hviske().args(args).args(["-f", "json"]))).unwrap();
    assert_eq!(
        json["estimated"]["measures"],
        json!(["betweenness", "closeness"])
    );
    assert_eq!(json["estimated"]["pivots"], 12);
    assert_eq!(json["estimated"]["seed"], 5);
    let csv = stdout_of(hviske().args(args).args(["-f", "csv"]));
    assert_eq!(
        csv.lines().next().unwrap(),
        "id,name,level,side,betweenness_estimate,closeness_estimate"
    );
    for format in ["table", "markdown"] {
        let text = stdout_of(hviske().args(args).args(["-f", format]));
        assert!(
            text.contains("Estimated, not exact") && text.contains("12 pivot sources (seed 5)"),
            "{text}"
        );
        assert!(text.contains("by betweenness, estimated"), "{text}");
    }
}

#[test]
fn bad_measures_and_samples_are_refused_in_one_line() {
    let path = model("three-two-one");
    let out = hviske()
        .args(["analyze", &path, "--measures", "betweeness"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no measure \"betweeness\"") && err.contains("betweenness"),
        "{err}"
    );
    let out = hviske()
        .args(["analyze", &path, "--samples", "100000"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--samples 100000") && err.contains("three-two-one.json"),
        "{err}"
    );
    let out = hviske()
        .args(["analyze", &path, "--samples", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// The removal ranking searches again only below the removed actor (issue
/// 13): on a generated organisation with lateral and skip-level channels,
/// every ranked figure equals removing that actor for real.
#[test]
fn the_ranking_equals_removing_each_for_real_on_a_generated_organisation() {
    use hviske::generate::{generate, Preset};
    let mut shape = Preset::Small.shape(4);
    shape.lateral = 0.3;
    shape.skip = 0.2;
    let org = generate(&shape, &|_, _| {}).unwrap();
    let mut json = Vec::new();
    org.write_json(&mut json, &|_, _| {}).unwrap();
    let m = hviske::model::parse_str(std::str::from_utf8(&json).unwrap(), "gen").unwrap();
    let g = hviske::graph::build(&m);
    let ranking = analysis::removal_ranking(&g);
    assert!(ranking.len() > 100 && ranking.iter().any(|r| r.cut_off > 0));
    for r in &ranking {
        let one = analysis::removal_impact(&g, &[m.actor_index(&r.id).unwrap()]);
        assert!(
            one.same_as(r, 1e-12),
            "{}: alone {one:?}, ranked {r:?}",
            r.id
        );
    }
}

#[test]
fn representation_counts_no_gap_in_an_advisory_council_and_assesses_each_industry() {
    // Issue 20, item 7: AT's own council (L1580-L1582) advises AT; the
    // council of the proposal seats both industries, and NNN's absences
    // skew its meat side.
    let body = |v: &Value, id: &str| -> Value {
        v["representation"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["body"] == id)
            .unwrap_or_else(|| panic!("no body {id}"))
            .clone()
    };
    let run = |m: &str| -> Value {
        let out = stdout_of(hviske().args([
            "analyze",
            &model(m),
            "--measures",
            "representation",
            "-f",
            "json",
            "-q",
        ]));
        serde_json::from_str(&out).unwrap()
    };
    let project = run("three-two-one");
    let at_council = body(&project, "at_council");
    assert_eq!(at_council["advisory"], true);
    assert_eq!(at_council["flags"], json!([]));
    let council = body(&run("industry-council"), "council");
    let industries: Vec<&str> = council["industries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["industry"].as_str().unwrap())
        .collect();
    assert_eq!(industries, ["meat", "care"]);
    assert_eq!(
        council["flags"],
        json!(["meat: employee side under-weighted: 1 member(s), attendance-weighted 0.40 against 1.00 for the employer side"])
    );
    let table = stdout_of(hviske().args([
        "analyze",
        &model("industry-council"),
        "--measures",
        "representation",
        "-q",
    ]));
    assert!(
        table.contains("meat: employee side under-weighted"),
        "{table}"
    );
}
