//! Counts over the pinned pages: every table of each page is accounted for (read as
//! API, or skipped with a reason), and every referenced type is resolved, with the
//! number of each kind of resolution. The number of tables is also counted straight
//! from the page's text, independently of the front-ends.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::pinned::{self, PinnedApi};
use codegen::scrape::accounting::{Accounting, Resolution};
use codegen::scrape::dialect::Dialect;
use serde::Serialize;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

/// The accounting of the pinned page with the API's extra pages, and their texts.
fn scrape(api: &PinnedApi) -> (Vec<String>, Accounting) {
    let page = api.page(&root()).expect("a pinned page");
    let mut sources = vec![std::fs::read_to_string(root().join(&page)).expect("pinned page")];
    for extra in api.extra_pages {
        let path = root().join(api.sources).join(extra.file);
        sources.push(std::fs::read_to_string(path).expect("extra page"));
    }
    let (scraped, diags) = api.scrape(&root());
    assert!(!diags.has_errors(), "{}:\n{diags}", api.key);
    (sources, scraped.expect("dialect given").accounting)
}

/// Tables counted from the page's text: `<table` elements, `|---|` rules under pipe
/// headers, or flattened header lines made of column names only.
fn tables_in_text(dialect: Dialect, source: &str) -> usize {
    match dialect.name() {
        "telegram" => source.matches("<table").count(),
        "letgram" => source
            .lines()
            .filter(|l| l.starts_with("|---") || l.starts_with("| ---"))
            .count(),
        "potato" => source
            .lines()
            .filter(|line| {
                let mut rest = line.trim();
                let mut words = 0;
                while let Some(word) = COLUMN_WORDS.iter().find(|w| {
                    rest.strip_prefix(*w)
                        .is_some_and(|after| after.is_empty() || after.starts_with(' '))
                }) {
                    rest = rest[word.len()..].trim_start();
                    words += 1;
                }
                rest.is_empty() && words >= 2
            })
            .count(),
        // A schema has no tables: `tests/tdlib.rs` counts its items instead.
        "tdlib" => 0,
        other => panic!("no way to count the tables of a {other} page"),
    }
}

/// The column names of the Potato page's flattened headers.
const COLUMN_WORDS: [&str; 9] = [
    "Enumeration value",
    "Parameter",
    "Field",
    "Type",
    "Required",
    "Description",
    "Comments",
    "Value",
    "Code",
];

/// What the snapshot records: the counts, and the names resolved otherwise than by a
/// table of their own.
#[derive(Serialize)]
struct Counts {
    tables: usize,
    read: usize,
    skipped: usize,
    resolutions: BTreeMap<Resolution, usize>,
    not_by_table: BTreeMap<Resolution, Vec<String>>,
    /// Sections read for API facts rather than items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facts: Vec<String>,
}

#[test]
fn every_table_and_referenced_type_is_accounted_for() {
    for api in pinned::PINNED {
        let (sources, accounting) = scrape(api);
        assert!(
            accounting.unaccounted.is_empty(),
            "{}: {:?}",
            api.key,
            accounting.unaccounted
        );
        assert!(
            accounting.unresolved.is_empty(),
            "{}: {:?}",
            api.key,
            accounting.unresolved
        );
        assert_eq!(
            accounting.tables,
            sources
                .iter()
                .map(|source| tables_in_text(api.dialect, source))
                .sum::<usize>(),
            "{}: the front-end saw another number of tables than the page's text has",
            api.key
        );
        assert!(
            accounting.unread_headers.is_empty(),
            "{}: {:?}",
            api.key,
            accounting.unread_headers
        );
        assert_eq!(
            accounting.read + accounting.skipped,
            accounting.tables,
            "{}",
            api.key
        );
        let counts = Counts {
            tables: accounting.tables,
            read: accounting.read,
            skipped: accounting.skipped,
            resolutions: (accounting.resolved.iter())
                .map(|(how, names)| (*how, names.len()))
                .collect(),
            not_by_table: (accounting.resolved.into_iter())
                .filter(|(how, _)| *how != Resolution::Table)
                .collect(),
            facts: accounting.facts,
        };
        insta::assert_yaml_snapshot!(api.key, counts);
    }
}
