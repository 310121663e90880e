//! Shared helpers for the integration tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `hviske` binary, run from the crate root.
pub fn hviske() -> Command {
    let mut cmd = Command::cargo_bin("hviske").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A shipped model's path, relative to the crate root.
pub fn model(name: &str) -> String {
    format!("models/{name}.json")
}

/// Writes `text` to `name` in a fresh temporary folder; returns the folder (keep it alive) and the path.
pub fn temp_file(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write temp file");
    (dir, path)
}

/// stdout of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("utf-8 output")
}

/// A path as &str for arguments.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The row with this key in `compare --format json` output.
pub fn row<'a>(v: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("row {key}"))
}
