//! Snapshot tests of each dialect's spec, from small fragments of its page: one
//! fragment per quirk under `tests/fixtures/<dialect>/`, with the overrides the fragment
//! needs beside it (`<fragment>.overrides.yaml`). A snapshot holds the diagnostics,
//! the accounting and the spec.

use std::fmt::Write;
use std::path::Path;

use codegen::pinned;
use codegen::scrape::dialect::Dialect;
use codegen::scrape::overrides::Overrides;
use codegen::scrape::scrape_accounted;
use codegen::spec::yaml;

fn scrape_fixture(path: &Path, dialect: Dialect, api: &str) -> String {
    let source = std::fs::read_to_string(path).expect("fixture is readable");
    assert_eq!(
        Dialect::detect(&source),
        Some(dialect),
        "{} is not told as {}",
        path.display(),
        dialect.name()
    );
    let name = path.file_name().expect("a file").to_string_lossy();
    let overrides_path = path.with_extension("overrides.yaml");
    let overrides = if overrides_path.exists() {
        let text = std::fs::read_to_string(&overrides_path).expect("overrides are readable");
        let file = overrides_path
            .file_name()
            .expect("a file")
            .to_string_lossy();
        Overrides::from_yaml(&text, &file).expect("fixture overrides are valid")
    } else {
        Overrides::default()
    };
    let known = pinned::find(api).expect("a pinned API").known_facts();
    let (scraped, diags) = scrape_accounted(&source, &name, Some(dialect), &known, &overrides);
    let scraped = scraped.expect("the dialect is given");
    let mut out = String::from("# diagnostics\n");
    for item in diags.items() {
        writeln!(out, "# {item}").expect("writing to a string");
    }
    writeln!(out, "# accounting: {}", scraped.accounting.summary()).expect("writing to a string");
    out.push_str(&yaml::to_yaml(&scraped.spec).expect("the spec serializes"));
    out
}

#[test]
fn letgram_fragments() {
    insta::glob!("fixtures/letgram/*.txt", |path| {
        insta::assert_snapshot!(scrape_fixture(path, Dialect::LETGRAM_TEXT, "letgram"));
    });
}

#[test]
fn potato_fragments() {
    insta::glob!("fixtures/potato/*.txt", |path| {
        insta::assert_snapshot!(scrape_fixture(path, Dialect::POTATO_TEXT, "potato"));
    });
}

#[test]
fn gateway_fragments() {
    insta::glob!("fixtures/gateway/*.html", |path| {
        insta::assert_snapshot!(scrape_fixture(path, Dialect::TELEGRAM_HTML, "gateway"));
    });
}

/// TDLib's quirks are in one small schema, also the input of the golden crate
/// `tests/golden/tdlib/`.
#[test]
fn tdlib_fragments() {
    insta::glob!("golden/tdlib/*.tl", |path| {
        insta::assert_snapshot!(scrape_fixture(path, Dialect::TDLIB_TL, "tdlib"));
    });
}
