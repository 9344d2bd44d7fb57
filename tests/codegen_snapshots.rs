//! Snapshots of the code generated for small hand-written specs, one per construct
//! (`fixtures/codegen/*.yaml`): every Rust file of the generated crate, in order.

use codegen::generate;
use codegen::ir::Settings;

#[test]
fn generated_code_for_each_fixture() {
    insta::glob!("fixtures/codegen/*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let spec = codegen::spec::yaml::from_yaml(&text).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy();
        let files = generate::generate(
            &spec,
            &Settings::new(format!("tests/fixtures/codegen/{name}.yaml")),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut out = String::new();
        for (file, contents) in &files.files {
            // The runtime's files are copies, tested in `codegen/runtime/`.
            if is_runtime_copy(file) {
                continue;
            }
            // The client is the same for every spec: one snapshot (methods.yaml) shows it.
            let shared = file.starts_with("src/client/mod");
            if shared && name != "methods" {
                continue;
            }
            out.push_str(&format!("==> {file}\n{contents}\n"));
        }
        insta::assert_snapshot!(out);
    });
}

/// The crate generated from a small TDLib schema (`fixtures/tdlib/fragments/quirks.tl`):
/// every file but the runtime's copies, the client included, since it differs from the
/// Bot API crates'.
#[test]
fn generated_code_for_a_tdlib_schema() {
    let path = "tests/fixtures/tdlib/fragments/quirks.tl";
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let source = std::fs::read_to_string(root.join(path)).unwrap();
    let known = codegen::pinned::find("tdlib").unwrap().known_facts();
    let (spec, diags) = codegen::scrape::scrape(
        &source,
        path,
        Some(codegen::scrape::dialect::Dialect::TdlibTl),
        &known,
    );
    assert!(!diags.has_errors(), "{diags}");
    let files = generate::generate(&spec.unwrap(), &Settings::new(path)).unwrap();
    let mut out = String::new();
    for (file, contents) in &files.files {
        if !is_runtime_copy(file) {
            out.push_str(&format!("==> {file}\n{contents}\n"));
        }
    }
    insta::assert_snapshot!(out);
}

/// A file copied from `codegen/runtime/src/` (the module that declares them is made for
/// the crate, and shown).
fn is_runtime_copy(file: &str) -> bool {
    file.starts_with("src/runtime/") && file != "src/runtime/mod.rs"
}
