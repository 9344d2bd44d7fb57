//! The crates generated from the snapshot fixtures (`fixtures/codegen/*.yaml`) compile,
//! with and without the client, and pass clippy: a snapshot of code that does not build
//! would be worth little.

use std::path::Path;
use std::process::Command;

use codegen::generate;
use codegen::ir::Settings;

fn cargo(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn fixture_crates_compile() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/codegen");
    let workspace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("codegen-fixtures");
    let mut members = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    std::fs::create_dir_all(&workspace).unwrap();
    let mut changes = codegen::atomic::Changeset::new();
    for path in paths {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let spec = codegen::spec::yaml::load(&path).unwrap();
        let settings = Settings::new(format!("tests/fixtures/codegen/{stem}.yaml"))
            .with_crate_name(format!("fixture-{stem}"));
        let files = generate::generate(&spec, &settings).unwrap();
        generate::stage(&workspace, &stem, &files, &mut changes).unwrap();
        members.push(format!("\"{stem}\""));
    }
    codegen::atomic::commit(&workspace, &changes).unwrap();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    cargo(
        &workspace,
        &["clippy", "--quiet", "--workspace", "--", "-D", "warnings"],
    );
    cargo(
        &workspace,
        &[
            "clippy",
            "--quiet",
            "--workspace",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
    );
}
