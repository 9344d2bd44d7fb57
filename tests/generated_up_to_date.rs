//! The committed `generated/` crates are what the generator makes of the committed specs.

use std::path::Path;

use codegen::spec::yaml;
use codegen::{generate, pinned};

#[test]
fn committed_generated_crates_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut stale = Vec::new();
    for api in pinned::PINNED {
        let Some(dir) = api.generated else { continue };
        let spec = yaml::load(&root.join(api.spec)).unwrap();
        let files = generate::generate(&spec, &api.codegen_settings(root).unwrap()).unwrap();
        let differences = generate::compare(&root.join(dir), &files).unwrap();
        stale.extend(differences.iter().map(ToString::to_string));
    }
    assert!(
        stale.is_empty(),
        "generated code is out of date, run `cargo xtask codegen`:\n{}",
        stale.join("\n")
    );
}
