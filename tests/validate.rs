//! `hviske validate`: every rule of the format, its message, position and exit code.

use crate::util::{arg, hviske, model, temp_file};
use predicates::prelude::*;

/// Runs validate on `text`; asserts exit 1 and returns stderr.
fn rejected(text: &str) -> String {
    let (_dir, path) = temp_file("m.json", text);
    let out = hviske().args(["validate", arg(&path)]).assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(out.get_output().stdout.is_empty(), "nothing on stdout");
    assert!(!err.contains("panicked"), "no panic: {err}");
    err.replace(arg(&path), "m.json")
}

const OK: &str = r#"{
  "format": 1,
  "name": "ok",
  "actors": [
    {"id": "aid", "level": 1},
    {"id": "owner", "level": 2}
  ],
  "channels": [
    {"from": "owner", "to": "aid", "kind": "report"}
  ]
}"#;

#[test]
fn shipped_designs_validate() {
    hviske()
        .args([
            "validate",
            &model("three-two-one"),
            &model("industry-council"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("three-two-one.json: ok"))
        .stdout(predicate::str::contains("industry-council.json: ok"));
}

#[test]
fn accepts_a_minimal_valid_model() {
    let (_dir, path) = temp_file("m.json", OK);
    hviske()
        .args(["validate", arg(&path)])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok: \"ok\" (2 actors, 1 channels, levels 1-2; evidence: actors 0/0/0/2, channels 0/0/0/1 stated/inferred/assumed/ungraded; 0 readings)",
        ));
}

#[test]
fn rejects_probability_above_one_with_channel_and_position() {
    let err = rejected(&OK.replace(
        r#""kind": "report"}"#,
        r#""kind": "report", "fidelity": 1.4}"#,
    ));
    assert_eq!(
        err.trim(),
        r#"m.json:9:66: channel 1 ("owner" -> "aid"): fidelity 1.4 is outside [0, 1]"#
    );
}

#[test]
fn rejects_negative_probability_and_attendance() {
    let err = rejected(&OK.replace(r#""level": 2}"#, r#""level": 2, "attendance": -0.1}"#));
    assert!(
        err.contains(r#"actor 2 ("owner"): attendance -0.1 is outside [0, 1]"#),
        "{err}"
    );
    let err = rejected(&OK.replace(r#""kind": "report"}"#, r#""distortion": 2}"#));
    assert!(err.contains("distortion 2 is outside [0, 1]"), "{err}");
}

#[test]
fn rejects_unknown_field_with_near_match() {
    let err = rejected(&OK.replace(r#""kind": "report"}"#, r#""fidelty": 0.5}"#));
    assert!(err.starts_with("m.json:9:"), "{err}");
    assert!(
        err.contains(r#"channel 1: unknown field "fidelty" (did you mean "fidelity"?)"#),
        "{err}"
    );
}

#[test]
fn rejects_unknown_top_level_field() {
    let err = rejected(&OK.replace(r#""name": "ok","#, r#""name": "ok", "colour": 1,"#));
    assert!(err.contains(r#"unknown field "colour""#), "{err}");
}

#[test]
fn accepts_meta_everywhere() {
    let text = OK
        .replace(
            r#""name": "ok","#,
            r#""name": "ok", "meta": {"x": [1, 2]},"#,
        )
        .replace(r#""level": 1}"#, r#""level": 1, "meta": {"note": "top"}}"#)
        .replace(r#""kind": "report"}"#, r#""kind": "report", "meta": null}"#);
    let (_dir, path) = temp_file("m.json", text);
    hviske().args(["validate", arg(&path)]).assert().success();
}

#[test]
fn rejects_duplicate_ids() {
    let err = rejected(&OK.replace(
        r#"{"id": "owner", "level": 2}"#,
        r#"{"id": "aid", "level": 2}"#,
    ));
    assert!(
        err.contains(r#"m.json:6:12: actor 2 ("aid"): duplicate id (actor 1 has it already)"#),
        "{err}"
    );
}

#[test]
fn rejects_ids_outside_the_allowed_characters() {
    let err = rejected(
        &OK.replace(r#""id": "owner""#, r#""id": "Owner 2""#)
            .replace(r#""from": "owner""#, r#""from": "aid""#)
            .replace(r#""to": "aid""#, r#""to": "Owner 2""#),
    );
    assert!(
        err.contains(r#"actor 2 ("Owner 2"): id must be lowercase letters, digits, '_' or '-'"#),
        "{err}"
    );
}

#[test]
fn rejects_channel_to_unknown_actor_with_suggestion() {
    let err = rejected(&OK.replace(r#""to": "aid""#, r#""to": "aidd""#));
    assert_eq!(
        err.trim(),
        r#"m.json:9:29: channel 1 ("owner" -> "aidd"): to: unknown actor "aidd" (did you mean "aid"?)"#
    );
}

#[test]
fn rejects_unknown_member() {
    let err = rejected(&OK.replace(
        r#"{"id": "aid", "level": 1}"#,
        r#"{"id": "aid", "level": 1, "members": ["ownr"]}"#,
    ));
    assert!(
        err.contains(r#"actor 1 ("aid"): members: unknown actor "ownr" (did you mean "owner"?)"#),
        "{err}"
    );
}

#[test]
fn rejects_self_loops() {
    let err = rejected(&OK.replace(r#""to": "aid""#, r#""to": "owner""#));
    assert!(
        err.contains("a channel must join two different actors"),
        "{err}"
    );
}

#[test]
fn rejects_duplicate_channels_including_bidirectional_overlap() {
    let text = OK.replace(
        r#"{"from": "owner", "to": "aid", "kind": "report"}"#,
        r#"{"from": "owner", "to": "aid", "kind": "report", "bidirectional": true},
    {"from": "aid", "to": "owner", "kind": "report"}"#,
    );
    let err = rejected(&text);
    assert!(err.contains(r#"channel 2 ("aid" -> "owner"): duplicate channel: channel 1 already carries "aid" -> "owner" (report)"#), "{err}");
}

#[test]
fn rejects_negative_days_and_zero_cadence() {
    let err = rejected(&OK.replace(
        r#""kind": "report"}"#,
        r#""latency_days": -3, "every_days": 0}"#,
    ));
    assert!(
        err.contains("latency_days -3 must be a number of days from 0 to 36525"),
        "{err}"
    );
    assert!(
        err.contains("every_days 0 must be a number of days from 1/1440 (a minute)"),
        "{err}"
    );
}

#[test]
fn rejects_bad_kinds_and_defaults_entries() {
    let text = OK.replace(
        r#""name": "ok","#,
        r#""name": "ok", "defaults": {"fidelity": 7}, "kinds": {"report": {"every_days": -1}},"#,
    );
    let err = rejected(&text);
    assert!(
        err.contains("defaults: fidelity 7 is outside [0, 1]"),
        "{err}"
    );
    assert!(
        err.contains("kinds.report: every_days -1 must be a number of days from 1/1440"),
        "{err}"
    );
}

#[test]
fn rejects_out_of_range_numbers_json_cannot_hold() {
    // JSON has no NaN or infinity; an overflowing literal is the nearest thing.
    let err = rejected(&OK.replace(r#""kind": "report"}"#, r#""fidelity": 1e999}"#));
    assert!(err.contains("m.json:9:"), "{err}");
}

#[test]
fn rejects_missing_or_unsupported_format() {
    let err = rejected(&OK.replace(r#""format": 1,"#, ""));
    assert!(
        err.contains(r#"missing "format": this hviske reads format 1"#),
        "{err}"
    );
    let err = rejected(&OK.replace(r#""format": 1,"#, r#""format": 2,"#));
    assert!(
        err.contains("m.json:2:13: unsupported format 2: this hviske reads format 1"),
        "{err}"
    );
}

#[test]
fn rejects_missing_name_and_missing_actors() {
    let err = rejected(&OK.replace(r#""name": "ok","#, ""));
    assert!(err.contains(r#"missing "name""#), "{err}");
    let err = rejected(r#"{"format": 1, "name": "x", "channels": []}"#);
    assert!(err.contains("missing field \"actors\""), "{err}");
}

#[test]
fn rejects_unknown_side_with_suggestion() {
    let err = rejected(&OK.replace(r#""level": 1}"#, r#""level": 1, "side": "goverment"}"#));
    assert!(
        err.contains(r#"unknown side "goverment" (did you mean "government"?)"#),
        "{err}"
    );
}

#[test]
fn rejects_wrong_types_with_position() {
    let err = rejected(&OK.replace(r#""level": 2}"#, r#""level": "two"}"#));
    assert!(err.starts_with("m.json:6:"), "{err}");
    assert!(err.contains("actor 2"), "{err}");
}

#[test]
fn lists_every_problem_of_a_file_in_file_order() {
    let text = OK
        .replace(r#""level": 2}"#, r#""level": 2, "attendance": 3}"#)
        .replace(
            r#""kind": "report"}"#,
            r#""kind": "report", "fidelity": -1}"#,
        )
        .replace(r#""id": "aid", "level": 1"#, r#""id": "aid", "level": 0"#);
    let err = rejected(&text);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("m.json:5:"), "{err}");
    assert!(lines[1].starts_with("m.json:6:"), "{err}");
    assert!(lines[2].starts_with("m.json:9:"), "{err}");
}

#[test]
fn a_truncated_file_is_rejected_not_a_panic() {
    let cut = &OK[..OK.len() / 2];
    let err = rejected(cut);
    assert!(
        err.contains("the file ends too early (truncated?)"),
        "{err}"
    );
}

#[test]
fn an_empty_file_is_rejected() {
    let err = rejected("");
    assert_eq!(
        err.trim(),
        "m.json:1:1: the file is empty (a model file is a JSON object)"
    );
}

#[test]
fn a_binary_file_is_rejected() {
    let (_dir, path) = temp_file("m.json", [0x7b, 0x0a, 0xff, 0xfe, 0x00, 0x13]);
    hviske()
        .args(["validate", arg(&path)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(":2:1: the file is not UTF-8 text"));
}

#[test]
fn a_directory_or_missing_file_cannot_be_run() {
    hviske()
        .args(["validate", "models"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "hviske: error: cannot read models",
        ));
    hviske()
        .args(["validate", "no-such-model.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-model.json: No such file"));
}

#[test]
fn one_bad_file_among_good_ones_fails_the_run() {
    let (_dir, path) = temp_file("m.json", "{");
    hviske()
        .args(["validate", &model("three-two-one"), arg(&path)])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("three-two-one.json: ok"));
}

#[test]
fn a_large_file_of_random_actors_is_handled() {
    // About 50 MB: many actors, a chain of channels, and one mistyped id at the end.
    use std::fmt::Write;
    let mut text = String::from("{\"format\": 1, \"name\": \"large\", \"actors\": [\n");
    let n = 400_000;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let level = 1 + state % 9;
        let attendance = (state % 1000) as f64 / 1000.0;
        let sep = if i + 1 == n { "" } else { "," };
        writeln!(
            text,
            "  {{\"id\": \"actor-{i}\", \"name\": \"Actor number {i} with a fairly long display name\", \"level\": {level}, \"side\": \"neutral\", \"attendance\": {attendance}, \"kind\": \"person\"}}{sep}"
        )
        .unwrap();
    }
    text.push_str("], \"channels\": [\n");
    for i in 1..n {
        writeln!(
            text,
            "  {{\"from\": \"actor-{i}\", \"to\": \"actor-{}\"}},",
            i - 1
        )
        .unwrap();
    }
    text.push_str("  {\"from\": \"actor-1\", \"to\": \"actor-x\"}\n]}\n");
    assert!(text.len() > 50_000_000, "{}", text.len());
    let err = rejected(&text);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(r#"to: unknown actor "actor-x""#), "{err}");
}

#[test]
fn rejects_ranges_that_are_reversed_or_out_of_domain() {
    let text = OK.replace(
        r#""name": "ok","#,
        r#""name": "ok", "ranges": {"report": {"fidelity": [0.9, 0.5], "every_days": [0, 30]}},"#,
    );
    let err = rejected(&text);
    assert!(err.contains("m.json:3:"), "{err}");
    assert!(
        err.contains("ranges.report: fidelity [0.9, 0.5] must be low ≤ high, within [0, 1]"),
        "{err}"
    );
    assert!(
        err.contains("ranges.report: every_days [0, 30] must be low ≤ high, of days > 0"),
        "{err}"
    );
}

#[test]
fn a_model_survives_the_round_trip_through_its_raw_form() {
    for name in ["three-two-one", "industry-council"] {
        let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), model(name));
        let m = hviske::model::load(&path).unwrap();
        assert!(!m.ranges.is_empty());
        let again = hviske::model::validate(&m.to_raw()).unwrap();
        assert_eq!(again, m, "{name}");
    }
}

/// The README's `validate` example is what the program prints.
#[test]
fn the_readme_validate_example_is_what_validate_prints() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let command = "$ hviske validate models/three-two-one.json models/industry-council.json\n";
    let start = readme.find(command).expect("the example is in the README") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let printed = crate::util::stdout_of(hviske().args([
        "validate",
        &model("three-two-one"),
        &model("industry-council"),
    ]));
    assert_eq!(shown, printed);
}

/// Each repeat of an arc names the channel that carried it last, in file
/// order, a two-way channel's reverse arc included.
#[test]
fn each_repeated_arc_names_the_channel_before_it() {
    let err = rejected(&OK.replace(
        r#"{"from": "owner", "to": "aid", "kind": "report"}"#,
        r#"{"from": "owner", "to": "aid", "kind": "report"},
    {"from": "aid", "to": "owner", "kind": "report", "bidirectional": true},
    {"from": "owner", "to": "aid", "kind": "report"},
    {"from": "owner", "to": "aid", "kind": "other"}"#,
    ));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            r#"m.json:10:5: channel 2 ("aid" -> "owner"): duplicate channel: channel 1 already carries "owner" -> "aid" (report)"#,
            r#"m.json:11:5: channel 3 ("owner" -> "aid"): duplicate channel: channel 2 already carries "owner" -> "aid" (report)"#,
        ],
        "{err}"
    );
}

/// The one-pass loader (ids interned, strings borrowed from the text) builds
/// the same model as the raw mirror read by serde and then validated, on the
/// shipped designs and on a generated organisation with every kind of
/// element (bodies, lateral and skip-level channels); and it places the same
/// problems on a broken copy of one.
#[test]
fn one_pass_load_equals_the_raw_mirror_path() {
    let none = |_: u64, _: u64| {};
    let org = hviske::generate::generate(&hviske::generate::Preset::Small.shape(3), &none).unwrap();
    let mut out = Vec::new();
    org.write_json(&mut out, &none).unwrap();
    let generated = String::from_utf8(out).unwrap();
    let mut texts = vec![generated.clone()];
    for name in ["three-two-one", "industry-council"] {
        texts.push(std::fs::read_to_string(model(name)).unwrap());
    }
    for text in &texts {
        let raw: hviske::model::raw::RawModel = serde_json::from_str(text).unwrap();
        let by_mirror = hviske::model::validate(&raw).unwrap();
        assert_eq!(hviske::model::parse_str(text, "m.json").unwrap(), by_mirror);
    }
    // A member and a channel end unknown, an id repeated, an arc repeated.
    let line = generated
        .lines()
        .find(|l| l.contains("{\"from\":\"ministry\",\"to\":\"agency1\""))
        .unwrap();
    let broken = generated
        .replacen("\"from\":\"agency1\"", "\"from\":\"agency01\"", 1)
        .replacen("{\"id\":\"agency2\"", "{\"id\":\"agency3\"", 1)
        .replacen(line, &format!("{line}\n{line}"), 1);
    let err = hviske::model::parse_str(&broken, "m.json")
        .unwrap_err()
        .to_string();
    for expected in [
        "from: unknown actor \"agency01\" (did you mean \"agency1\"?)",
        "actor 4 (\"agency3\"): duplicate id (actor 3 has it already)",
        "channel 3 (\"ministry\" -> \"agency1\"): duplicate channel: channel 2 already carries",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }
}
