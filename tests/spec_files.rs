//! The committed specs are lossless through load and save (that they are up to date
//! with their pages is `xtask/tests/up_to_date.rs`'s).

use codegen::pinned;
use codegen::spec::yaml;
use tests::workspace_root;

#[test]
fn specs_survive_load_and_save_byte_for_byte() {
    let root = workspace_root();
    for api in pinned::PINNED {
        let text = std::fs::read_to_string(root.join(api.spec)).unwrap();
        let spec = yaml::from_yaml(&text).unwrap();
        assert_eq!(yaml::to_yaml(&spec).unwrap(), text, "{}", api.spec);
    }
}
