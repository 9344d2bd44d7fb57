//! The committed specs: up to date with their pinned pages and the scraper, and
//! lossless through load and save.

use codegen::pinned;
use codegen::spec::yaml;
use tests::workspace_root;

#[test]
fn committed_specs_are_up_to_date() {
    let root = workspace_root();
    let mut stale = Vec::new();
    for api in pinned::PINNED {
        let (scraped, diags) = api.scrape(&root);
        assert!(!diags.has_errors(), "{diags}");
        let fresh = yaml::to_yaml(&scraped.unwrap().spec).unwrap();
        let committed = std::fs::read_to_string(root.join(api.spec)).unwrap_or_default();
        if fresh != committed {
            stale.push(api.spec);
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `cargo xtask regen` and review the diff"
    );
}

#[test]
fn specs_survive_load_and_save_byte_for_byte() {
    let root = workspace_root();
    for api in pinned::PINNED {
        let text = std::fs::read_to_string(root.join(api.spec)).unwrap();
        let spec = yaml::from_yaml(&text).unwrap();
        assert_eq!(yaml::to_yaml(&spec).unwrap(), text, "{}", api.spec);
    }
}
