//! Shared by the tests of the built `xtask` binary: a copy of this checkout's
//! workspace files in a temporary directory, and a listing of its outputs.

#![allow(dead_code)] // each test file uses its own part

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The checkout the tests were built in.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is in the workspace")
        .to_path_buf()
}

/// The binary under test.
pub fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A workspace of its own with this checkout's root manifest, specs, pages and
/// generated crates (what `regen` reads and writes).
pub fn workspace() -> tempfile::TempDir {
    let dir = workspace_with(&[]);
    copy_dir(&repo().join("generated"), &dir.path().join("generated"));
    dir
}

/// A workspace with the specs and pages of every API but only `crates` of
/// `generated/`: enough for `regen --api` of those, and far fewer files to copy and
/// compare than TDLib's thousands.
pub fn workspace_with(crates: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
    copy_dir(&repo().join("spec"), &dir.path().join("spec"));
    for name in crates {
        let crate_dir = format!("generated/{name}");
        copy_dir(&repo().join(&crate_dir), &dir.path().join(&crate_dir));
    }
    dir
}

/// Every file under `spec/` and `generated/` of `root`, hidden ones included, with
/// its contents.
pub fn outputs(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![root.join("spec"), root.join("generated")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy();
                out.insert(relative.replace('\\', "/"), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}
