//! Entry points for the fuzz targets under `tests/fuzz/` and for the test
//! that replays their corpus: each takes arbitrary bytes and must return
//! (accept or reject), never panic or hang.

use crate::scenario::{apply, parse_scenario, Change};
use std::path::Path;

/// A small model with levels, a body, kinds and every channel form, for
/// scenarios and what-if changes to act on.
pub const BASE_MODEL: &str = r#"{"format":1,"name":"fuzz base",
 "levels":[{"level":1,"name":"top"},{"level":2,"name":"mid"},{"level":3,"name":"low"}],
 "kinds":{"report":{"fidelity":0.8},"meeting":{"every_days":30}},
 "ranges":{"report":{"fidelity":[0.5,0.9]}},
 "actors":[{"id":"a","level":1},{"id":"b","level":2,"attendance":0.5},{"id":"b2","level":2},
           {"id":"c","level":3},{"id":"g","members":["b","c"]}],
 "channels":[{"from":"c","to":"b","kind":"report","fidelity":0.5},{"from":"b","to":"a","kind":"report"},
             {"from":"a","to":"b2","kind":"meeting","bidirectional":true},{"from":"g","to":"b"}]}"#;

fn base() -> Option<crate::model::Model> {
    crate::model::parse_str(BASE_MODEL, "base.json").ok()
}

/// Loads `data` as a model file, then builds its graph and inspects it.
pub fn model_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(model) = crate::model::parse_str(text, "fuzz.json") {
        let graph = crate::graph::build(&model);
        let _ = crate::analysis::inspect(&graph);
    }
}

/// Parses `data` as a scenario file and applies its changes to [`BASE_MODEL`].
pub fn scenario_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let (Ok(file), Some(base)) = (parse_scenario(text, Path::new("fuzz.json")), base()) {
        let _ = apply(&base, &file.changes);
    }
}

/// Parses each line of `data` as a `--what-if` change and applies them
/// together to [`BASE_MODEL`].
pub fn what_if_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let changes: Result<Vec<Change>, _> = text.lines().map(Change::parse).collect();
    if let (Ok(changes), Some(base)) = (changes, base()) {
        let _ = apply(&base, &changes);
    }
}
