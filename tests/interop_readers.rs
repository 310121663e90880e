//! `hviske import` of network analysts' data (issue 22 items 1, 3, 6, 7;
//! issue 21 items 8, 10, 11, 15, 16): tie values, typed attributes through
//! every format and back, mutual pairs, the readers (whitespace lists,
//! matrices, UCINET DL, Pajek, GEXF, node-link) against files written by
//! networkx and igraph (tests/data/interop/make_fixtures.py) and
//! hand-written DL files, and bounded, never-silent input handling.

use crate::util::{arg, hviske, temp_file};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Runs `import` with `args` (output into a temp folder); returns the model
/// file as JSON and stderr.
fn import_ok(args: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let assert = hviske()
        .arg("import")
        .args(args)
        .args(["-o", arg(&out)])
        .assert();
    let output = assert.get_output().clone();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "import {args:?} failed:\n{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    // What import writes, every command reads.
    hviske::model::parse_str(&text, &out).unwrap_or_else(|e| panic!("{e:?}"));
    (serde_json::from_str(&text).unwrap(), err)
}

/// Runs `import` expecting `code`; asserts nothing was written; returns stderr.
fn import_fails(args: &[&str], code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let assert = hviske()
        .arg("import")
        .args(args)
        .args(["-o", arg(&out)])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(code);
    assert!(!out.exists(), "a failed import wrote {}", out.display());
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

fn data(name: &str) -> String {
    format!("tests/data/interop/{name}")
}

/// The (from, to) pairs of a model's channels, by actor name where there
/// is one (igraph's GraphML numbers its nodes n0, n1, ...), each
/// bidirectional channel as both arcs.
fn ties(m: &Value) -> BTreeSet<(String, String)> {
    let names: BTreeMap<&str, &str> = m["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let id = a["id"].as_str().unwrap();
            (id, a["name"].as_str().unwrap_or(id))
        })
        .collect();
    let mut out = BTreeSet::new();
    for c in m["channels"].as_array().unwrap() {
        let (f, t) = (
            names[c["from"].as_str().unwrap()].to_string(),
            names[c["to"].as_str().unwrap()].to_string(),
        );
        if c["bidirectional"] == true {
            out.insert((t.clone(), f.clone()));
        }
        out.insert((f, t));
    }
    out
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn actor<'a>(m: &'a Value, name: &str) -> &'a Value {
    m["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == name || a["name"] == name)
        .unwrap_or_else(|| panic!("no actor {name} in {m}"))
}

/// An all-pairs "ego alter 0|1" list, blank-separated with leading blanks,
/// self-loop rows included; actor 4 has only 0 rows.
const ALL_PAIRS: &str = "  1 1 0\n  1 2 1\n  1 3 0\n  1 4 0\n  2 1 1\n  2 2 0\n  2 3 0\n  2 4 0\n  3 1 0\n  3 2 1\n  3 3 0\n  3 4 0\n  4 1 0\n  4 2 0\n  4 3 0\n  4 4 0\n";

#[test]
fn issue22_a_zero_one_third_column_is_a_tie_indicator_and_zero_rows_are_no_ties() {
    let (_d, f) = temp_file("advice.txt", ALL_PAIRS);
    let (m, err) = import_ok(&[arg(&f), "--delimiter", "whitespace", "--no-header"]);
    assert_eq!(
        m["actors"].as_array().unwrap().len(),
        4,
        "the isolate is kept"
    );
    assert_eq!(ties(&m), pairs(&[("1", "2"), ("2", "1"), ("3", "2")]));
    assert!(
        m["channels"][0].get("meta").is_none(),
        "a 0/1 indicator is no weight: {m}"
    );
    assert!(
        err.contains("a tie indicator, not a weight; 13 of 16 rows are 0 and are not channels"),
        "{err}"
    );
    // --weight-as fidelity does not turn the indicator into fidelity 1.
    let (m, err) = import_ok(&[
        arg(&f),
        "--delimiter",
        "whitespace",
        "--no-header",
        "--weight-as",
        "fidelity",
    ]);
    assert!(m["channels"][0].get("fidelity").is_none(), "{m}");
    assert!(err.contains("weight: not used as fidelity"), "{err}");
}

#[test]
fn issue22_keep_zero_makes_every_row_a_channel_and_fidelity_zero_is_refused() {
    let list = "a b 1\nb c 0\nc a 1\n";
    let (_d, f) = temp_file("edges.txt", list);
    let (m, _) = import_ok(&[arg(&f), "--delimiter", "whitespace", "--keep-zero"]);
    assert_eq!(m["channels"].as_array().unwrap().len(), 3);
    assert_eq!(m["channels"][1]["meta"]["weight"], 0.0);
    let err = import_fails(
        &[
            arg(&f),
            "--delimiter",
            "whitespace",
            "--keep-zero",
            "--weight-as",
            "fidelity",
        ],
        1,
    );
    assert!(
        err.contains("edges.txt:2: row 2: weight 0 cannot become a fidelity: a fidelity-0 channel passes nothing"),
        "{err}"
    );
    // Self-loop rows with 0 are fine; with a tie they are still refused.
    let (_d, f) = temp_file("loops.txt", "a a 0\na b 1\nb b 1\n");
    let err = import_fails(&[arg(&f), "--delimiter", "whitespace"], 1);
    assert!(err.contains("loops.txt:3: row 3:"), "{err}");
}

#[test]
fn issue22_a_tie_column_drops_zero_rows_and_keeps_other_values_as_weights() {
    let csv = "from,to,times\na,b,3\nb,c,0\nc,a,1\n";
    let (_d, f) = temp_file("freq.csv", csv);
    let (m, err) = import_ok(&[arg(&f), "--tie-column", "times"]);
    assert_eq!(ties(&m), pairs(&[("a", "b"), ("c", "a")]));
    assert_eq!(m["channels"][0]["meta"]["weight"], 3.0);
    assert!(
        err.contains("the tie column is the tie value (0 = no tie); 1 of 3 rows"),
        "{err}"
    );
    // Without it, a valued column is a weight and every row a channel.
    let csv = "from,to,weight\na,b,3\nb,c,0\nc,a,1\n";
    let (_d, f) = temp_file("w.csv", csv);
    let (m, _) = import_ok(&[arg(&f)]);
    assert_eq!(m["channels"].as_array().unwrap().len(), 3);
}

#[test]
fn issue22_mutual_pairs_of_an_undirected_list_become_one_two_way_channel() {
    let list = "1 2 1\n2 1 1\n2 3 1\n3 2 1\n1 3 0\n3 1 0\n";
    let (_d, f) = temp_file("friends.txt", list);
    let (m, err) = import_ok(&[arg(&f), "--delimiter", "whitespace", "--undirected"]);
    let channels = m["channels"].as_array().unwrap();
    assert_eq!(channels.len(), 2, "{m}");
    assert!(channels.iter().all(|c| c["bidirectional"] == true));
    assert!(
        err.contains("2 pairs listed both ways merged into one two-way channel each"),
        "{err}"
    );
    // A symmetric matrix read as undirected: the same.
    let (_d, f) = temp_file("friends.csv", ",a,b,c\na,0,1,0\nb,1,0,1\nc,0,1,0\n");
    let (m, err) = import_ok(&[arg(&f), "--from", "matrix", "--undirected"]);
    assert_eq!(m["channels"].as_array().unwrap().len(), 2, "{m}");
    assert!(err.contains("2 pairs listed both ways"), "{err}");
}

#[test]
fn issue22_an_attributes_table_joins_by_id_with_columns_mapped_by_flag_typed() {
    let (m, err) = import_ok(&[
        "docs/data/advice.txt",
        "--delimiter",
        "whitespace",
        "--no-header",
        "--actors",
        "docs/data/attributes.csv",
        "--id-column",
        "ID",
        "--level-column",
        "LEVEL",
        "--kind",
        "advice:fidelity=0.7,every_days=14",
    ]);
    let one = actor(&m, "1");
    assert_eq!(one["level"], 1);
    assert_eq!(one["meta"]["age"], json!(52), "an imported 52 is a number");
    assert_eq!(one["meta"]["tenure"], json!(20.5));
    assert_eq!(one["meta"]["dept"], "board");
    assert_eq!(
        m["kinds"]["advice"],
        json!({"fidelity": 0.7, "every_days": 14.0})
    );
    assert!(m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["kind"] == "advice"));
    assert!(err.contains("levels 1-3 (8 of 8 actors have one)"), "{err}");
    // Mapped by flag: a header of other names.
    let (_d, a) = temp_file("people.csv", "Person,Rank,Unit\n1,1,x\n2,2,y\n3,2,007\n");
    let (_d2, e) = temp_file("e.csv", "1,2\n2,3\n3,4\n");
    let (m, err) = import_ok(&[
        arg(&e),
        "--actors",
        arg(&a),
        "--id-column",
        "person",
        "--level-column",
        "RANK",
    ]);
    assert_eq!(actor(&m, "2")["level"], 2);
    assert_eq!(actor(&m, "3")["meta"]["unit"], "007", "codes stay text");
    assert!(
        err.contains("1 actors of the network have no row in the attributes table: 4"),
        "{err}"
    );
}

/// Every actor and channel `meta` field, typed, through each export format
/// and back through import.
#[test]
fn issue22_meta_fields_survive_every_export_format_typed() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    std::fs::write(
        &model,
        json!({
            "format": 1, "name": "meta",
            "actors": [
                {"id": "a", "level": 1, "meta": {"age": 33, "tenure": 2.5, "dept": "ops", "boss": true, "label": "A!", "tags": ["x", "y"]}},
                {"id": "b", "level": 2, "meta": {"age": 41, "dept": "sales", "betweenness": 7}},
                {"id": "c", "level": 2}
            ],
            "channels": [
                {"from": "b", "to": "a", "kind": "report", "meta": {"weight": 3, "since": 2019}},
                {"from": "c", "to": "a", "bidirectional": true, "meta": {"note": "weekly"}}
            ]
        })
        .to_string(),
    )
    .unwrap();
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    for (format, ext) in [
        ("graphml", "graphml"),
        ("gexf", "gexf"),
        ("json", "json"),
        ("csv", "csv"),
    ] {
        let out = dir.path().join(format!("m-out.{ext}"));
        // Measures beside the meta fields (a CSV export with them is for
        // other tools, not for import).
        let analysis: &[&str] = if format == "csv" {
            &[]
        } else {
            &["--with-analysis"]
        };
        hviske()
            .args(["export", arg(&model), "--to", format, "-o", arg(&out)])
            .args(analysis)
            .assert()
            .success();
        let inputs: Vec<PathBuf> = if format == "csv" {
            vec![
                dir.path().join("m-out-actors.csv"),
                dir.path().join("m-out-channels.csv"),
            ]
        } else {
            vec![out.clone()]
        };
        let args: Vec<&str> = inputs.iter().map(|p| arg(p)).collect();
        let (back, _) = import_ok(&args);
        for (i, a) in original["actors"].as_array().unwrap().iter().enumerate() {
            let got = &back["actors"][i]["meta"];
            for (k, v) in a["meta"].as_object().into_iter().flatten() {
                let want = if k == "tags" && format != "json" {
                    // A list is JSON text outside JSON.
                    json!("[\"x\",\"y\"]")
                } else {
                    v.clone()
                };
                assert_eq!(
                    &got[k], &want,
                    "{format}: actor {} meta.{k}: {got}",
                    a["id"]
                );
            }
        }
        for (i, c) in original["channels"].as_array().unwrap().iter().enumerate() {
            let got = &back["channels"][i]["meta"];
            for (k, v) in c["meta"].as_object().into_iter().flatten() {
                let same = got[k] == *v || got[k].as_f64().is_some_and(|x| Some(x) == v.as_f64());
                assert!(same, "{format}: channel {i} meta.{k}: {got}");
            }
        }
    }
}

#[test]
fn issue22_readers_match_what_networkx_and_igraph_wrote() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(data("expected.json")).unwrap()).unwrap();
    let want: BTreeSet<(String, String)> = expected["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t[0].as_str().unwrap().into(), t[1].as_str().unwrap().into()))
        .collect();
    for file in [
        "networkx.graphml",
        "networkx.gexf",
        "networkx.json",
        "networkx.net",
        "igraph.graphml",
        "igraph.net",
    ] {
        let (m, _) = import_ok(&[&data(file)]);
        assert_eq!(
            m["actors"].as_array().unwrap().len(),
            6,
            "{file}: actors (the isolate too)"
        );
        assert_eq!(ties(&m), want, "{file}: ties");
        for (name, meta) in expected["meta"].as_object().unwrap() {
            let a = actor(&m, name);
            if file != "igraph.net" {
                // igraph's Pajek writer writes no attributes.
                assert_eq!(a["meta"]["dept"], meta["dept"], "{file}: {name}'s dept");
            }
            if !file.ends_with(".net") {
                // Pajek keeps text attributes only.
                let num = |v: &Value| v.as_f64().unwrap();
                assert_eq!(
                    num(&a["meta"]["age"]),
                    num(&meta["age"]),
                    "{file}: {name}'s age"
                );
                assert_eq!(
                    num(&a["meta"]["tenure"]),
                    num(&meta["tenure"]),
                    "{file}: {name}'s tenure"
                );
                assert_eq!(
                    a["level"], expected["levels"][name],
                    "{file}: {name}'s level"
                );
            }
        }
        if file.starts_with("networkx") && !file.ends_with(".net") {
            assert!(
                actor(&m, "ann")["meta"]["age"].is_i64(),
                "{file}: age stays a whole number"
            );
        }
    }
}

#[test]
fn issue22_reads_hand_written_ucinet_dl_files() {
    let (m, _) = import_ok(&[&data("fullmatrix.dl")]);
    assert_eq!(
        ties(&m),
        pairs(&[
            ("ann", "bob"),
            ("bob", "ann"),
            ("cat", "bob"),
            ("cat", "dan"),
            ("dan", "ann")
        ])
    );
    let (m, _) = import_ok(&[&data("embedded.dl")]);
    assert_eq!(m["actors"].as_array().unwrap().len(), 5);
    assert!(ties(&m).contains(&("jim".into(), "sue".into())), "{m}");
    assert_eq!(ties(&m).len(), 8);
    let (m, _) = import_ok(&[&data("edgelist1.dl")]);
    assert_eq!(
        m["actors"].as_array().unwrap().len(),
        5,
        "jane has no tie and is kept"
    );
    assert_eq!(
        ties(&m),
        pairs(&[
            ("george", "sally"),
            ("george", "jim"),
            ("sally", "jim"),
            ("jim", "george"),
            ("billy", "jim")
        ])
    );
    let (m, err) = import_ok(&[&data("edgelist1-embedded.dl")]);
    assert_eq!(m["channels"][0]["meta"]["weight"], 3.0, "{err}");
    let (m, _) = import_ok(&[&data("multirelational.dl")]);
    let kinds: BTreeSet<&str> = m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["advice", "friendship"]));
    assert_eq!(
        m["actors"][0]["id"], "ann_berg",
        "quoted labels keep their blanks"
    );
    // A malformed DL file is named with its line and column.
    let (_d, f) = temp_file("bad.dl", "dl n=2\nformat = nodelist2\ndata:\n1 2\n");
    let err = import_fails(&[arg(&f)], 1);
    assert!(
        err.contains("bad.dl:2:10: UCINET DL: format nodelist2 is not read"),
        "{err}"
    );
    let (_d, f) = temp_file("short.dl", "dl n=2\ndata:\n0 1 0\n");
    let err = import_fails(&[arg(&f)], 1);
    assert!(
        err.contains("3 data values where 1 matrix of 2×2 need 4"),
        "{err}"
    );
}

#[test]
fn issue22_reads_multirelational_pajek_sections_as_kinds() {
    let (m, _) = import_ok(&[&data("multirelational.net")]);
    assert_eq!(m["name"], "office");
    let by_kind = |k: &str| {
        m["channels"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == k)
            .count()
    };
    assert_eq!(
        (by_kind("advice"), by_kind("friendship"), by_kind("lunch")),
        (2, 1, 1)
    );
    let lunch = m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "lunch")
        .unwrap();
    assert_eq!(lunch["bidirectional"], true, "*Edges run both ways");
}

#[test]
fn issue22_reads_adjacency_matrices_csv_and_whitespace() {
    let (_d, f) = temp_file("m.csv", ",a,b,c\na,0,1,0\nb,0,0,2\nc,1,0,0\n");
    let (m, _) = import_ok(&[arg(&f), "--from", "matrix"]);
    assert_eq!(ties(&m), pairs(&[("a", "b"), ("b", "c"), ("c", "a")]));
    assert_eq!(
        m["channels"][1]["meta"]["weight"], 2.0,
        "valued cells are weights"
    );
    let (_d, f) = temp_file("m.txt", "0 1 0\n0 0 1\n1 0 0\n");
    let (m, _) = import_ok(&[
        arg(&f),
        "--from",
        "matrix",
        "--delimiter",
        "whitespace",
        "--no-header",
    ]);
    assert_eq!(ties(&m), pairs(&[("1", "2"), ("2", "3"), ("3", "1")]));
    let (_d, f) = temp_file("m.txt", "a b c\na 0 1 0\nb 0 0 1\n");
    let err = import_fails(
        &[arg(&f), "--from", "matrix", "--delimiter", "whitespace"],
        1,
    );
    assert!(err.contains("2 rows under a header of 3 labels"), "{err}");
}

#[test]
fn issue22_an_unrecognised_format_lists_the_formats_that_exist() {
    let (_d, f) = temp_file("data.txt", "alpha\nbeta\n");
    let err = import_fails(&[arg(&f)], 1);
    assert!(
        err.contains("data.txt:1: row 1: 1 field(s) in the first row: not an edge list"),
        "{err}"
    );
    assert!(
        err.contains("csv, edge-list, matrix, graphml, gexf, pajek, dl, node-link"),
        "{err}"
    );
    assert!(!err.contains("where the header has"), "{err}");
    // A blank-separated list without --delimiter whitespace says so.
    let (_d, f) = temp_file("edges.txt", "a b\nb c\n");
    let err = import_fails(&[arg(&f)], 1);
    assert!(err.contains("--delimiter whitespace"), "{err}");
}

#[test]
fn issue22_node_link_json_of_hviske_and_networkx_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("council.json");
    hviske()
        .args([
            "export",
            "models/industry-council.json",
            "--to",
            "json",
            "-o",
            arg(&out),
        ])
        .assert()
        .success();
    let (back, err) = import_ok(&[arg(&out)]);
    let original = hviske::scenario::load_design("models/industry-council.json").unwrap();
    assert_eq!(
        back["channels"].as_array().unwrap().len(),
        original.channels.len(),
        "{err}"
    );
    assert_eq!(
        back["actors"].as_array().unwrap().len(),
        original.actors.len()
    );
    // A model file given to import says what it is.
    let err = import_fails(&["models/industry-council.json"], 1);
    assert!(
        err.contains("this is a model file, not node-link JSON"),
        "{err}"
    );
}

#[test]
fn issue21_import_reads_regular_files_only_and_never_blocks() {
    for dev in ["/dev/zero", "/dev/urandom", "/"] {
        if Path::new(dev).exists() {
            let err = import_fails(&[dev, "--from", "edge-list"], 2);
            assert!(err.contains("not a regular file"), "{dev}: {err}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let err = import_fails(&[arg(&fifo)], 2);
        assert!(err.contains("not a regular file"), "{err}");
        let err = import_fails(&["docs/data/advice.txt", "--actors", arg(&fifo)], 2);
        assert!(err.contains("not a regular file"), "{err}");
    }
}

#[test]
fn issue21_rows_are_numbered_right_in_crlf_and_cr_files() {
    for (name, nl) in [("crlf.csv", "\r\n"), ("cr.csv", "\r"), ("lf.csv", "\n")] {
        let text = ["from,to,fidelity", "a,b,0.5", "b,c,0.5", "c,d,high"].join(nl) + nl;
        let (_d, f) = temp_file(name, text);
        let err = import_fails(&[arg(&f)], 1);
        assert!(
            err.contains(&format!("{name}:4: row 4: fidelity")),
            "{name}: {err}"
        );
    }
    let (_d, f) = temp_file("ws.txt", "a b 1\r\nb c x\r\n");
    let err = import_fails(&[arg(&f), "--delimiter", "whitespace"], 1);
    assert!(err.contains("ws.txt:2: row 2:"), "{err}");
}

fn graphml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<graphml>\n<key id=\"d0\" for=\"node\" attr.name=\"dept\" attr.type=\"string\"><default>ops</default></key>\n{body}\n</graphml>\n"
    )
}

#[test]
fn issue21_graphml_entities_defaults_duplicates_and_several_graphs_are_never_silent() {
    let cases = [
        (
            "<!DOCTYPE graphml [<!ENTITY acme \"ACME Corp\">]>\n<graphml><graph><node id=\"a\"><data key=\"n\">&acme;</data></node></graph></graphml>",
            "&acme; is not one of XML's entities",
        ),
        (
            "<graphml><graph><node id=\"a&#0;\"/></graph></graphml>",
            "not a character XML allows",
        ),
        (
            "<graphml><graph><node id=\"a\" id=\"b\"/></graph></graphml>",
            "duplicated attribute",
        ),
        (
            &graphml("<graph><node id=\"a\"><data key=\"d0\">x</data><data key=\"d0\">y</data></node></graph>"),
            "<data key=\"d0\"> given twice",
        ),
        (
            &graphml("<graph><node id=\"a\"/></graph><graph><node id=\"b\"/></graph>"),
            "a second <graph>",
        ),
        (
            &graphml("<graph><node id=\"a\"><graph><node id=\"b\"/></graph></node></graph>"),
            "a graph nested in a node or edge",
        ),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let (_d, f) = temp_file(&format!("case{i}.graphml"), text);
        let err = import_fails(&[arg(&f)], 1);
        assert!(err.contains(want), "case {i}: want {want:?} in\n{err}");
        assert!(
            err.contains(&format!("case{i}.graphml:")),
            "case {i}: {err}"
        );
    }
    // A key's default applies to every node of its domain, even when no
    // node gives the key.
    let (_d, f) = temp_file(
        "d.graphml",
        graphml("<graph><node id=\"a\"/><node id=\"b\"/></graph>"),
    );
    let (m, _) = import_ok(&[arg(&f)]);
    assert_eq!(m["actors"][1]["meta"]["dept"], "ops", "{m}");
}

#[test]
fn issue21_deep_xml_and_wide_csv_are_refused_at_their_limits() {
    let deep = format!(
        "<graphml>{}{}</graphml>",
        "<x>".repeat(100_000),
        "</x>".repeat(100_000)
    );
    let (_d, f) = temp_file("deep.graphml", deep);
    let err = import_fails(&[arg(&f)], 1);
    assert!(err.contains("nested more than 64 deep"), "{err}");
    let nested = format!(
        "<graphml>{}{}</graphml>",
        "<graph><node id=\"a\">".repeat(50_000),
        "</node></graph>".repeat(50_000)
    );
    let (_d, f) = temp_file("nested.graphml", nested);
    let err = import_fails(&[arg(&f)], 1);
    assert!(err.contains("a graph nested in a node or edge"), "{err}");
    let wide: String = (0..100_001)
        .map(|i| format!("meta.c{i},"))
        .collect::<String>()
        + "id\n";
    let (_d, a) = temp_file("wide-actors.csv", wide);
    let (_d2, c) = temp_file("c.csv", "from,to\n");
    let err = import_fails(&[arg(&a), arg(&c)], 1);
    assert!(err.contains("more than 100000 columns"), "{err}");
}

#[test]
fn issue21_a_file_over_the_row_limit_is_refused_before_anything_is_built() {
    let limit = hviske::interop::MAX_ROWS;
    let text = "a,b\n".repeat(limit + 2);
    let (_d, f) = temp_file("huge.csv", text);
    let err = import_fails(&[arg(&f)], 1);
    assert!(err.contains("more than 2000000 rows"), "{err}");
}

/// The README's "From networkx, igraph, UCINET or Pajek" block, run as a
/// chain in one folder: what one command writes, the next reads (the
/// README test itself runs only the commands whose inputs ship).
#[test]
fn the_readme_walkthrough_for_network_analysts_runs_end_to_end() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("### From networkx, igraph, UCINET or Pajek")
        .nth(1)
        .expect("the section");
    let block = section
        .split("```console\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a console block");
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ran = 0;
    for line in block.lines().filter(|l| l.starts_with("hviske ")) {
        let args: Vec<String> = line
            .split_whitespace()
            .skip(1)
            .map(|w| {
                let file = [".json", ".csv", ".graphml", ".txt"]
                    .iter()
                    .any(|x| w.ends_with(x));
                if file && !root.join(w).exists() {
                    dir.path().join(w).to_str().unwrap().to_string()
                } else {
                    w.to_string()
                }
            })
            .collect();
        let out = hviske().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{line}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert_eq!(ran, 5);
    // The export reads back with the attributes typed, the levels given.
    let (m, _) = import_ok(&[arg(&dir.path().join("advice.graphml"))]);
    let one = actor(&m, "1");
    assert_eq!(
        (one["level"].clone(), one["meta"]["age"].clone()),
        (json!(1), json!(52))
    );
    assert!(one["meta"]["betweenness"].is_f64(), "{one}");
    let advice: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("advice.json")).unwrap())
            .unwrap();
    assert_eq!(advice["channels"].as_array().unwrap().len(), 17);
    let (back, _) = import_ok(&[
        arg(&dir.path().join("advice-actors.csv")),
        arg(&dir.path().join("advice-channels.csv")),
    ]);
    for (a, b) in advice["actors"]
        .as_array()
        .unwrap()
        .iter()
        .zip(back["actors"].as_array().unwrap())
    {
        let key = |x: &Value| (x["id"].clone(), x["level"].clone(), x["meta"].clone());
        assert_eq!(key(a), key(b), "CSV reads back to the same actors");
    }
}
