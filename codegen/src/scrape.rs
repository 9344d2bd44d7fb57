//! One call from a page's text to a checked spec.
//!
//! Pipeline: front-end → skips of the overrides → extraction → types the prose
//! defines → the other overrides → checks → accounting.

use std::borrow::Cow;

use crate::analyze::analyze_at;
use crate::coverage::{account, Coverage};
use crate::diagnostics::Diagnostics;
use crate::dialect::Dialect;
use crate::extract::{extract, init_data_key, KnownFacts};
use crate::overrides::Overrides;
use crate::prose_types;
use crate::raw::Places;
use crate::spec::Spec;

/// Scrapes a page without overrides. `file` names the page in diagnostics; `dialect`
/// is detected from the contents when `None`. The spec is `None` only when the dialect
/// cannot be told.
pub fn scrape(
    source: &str,
    file: &str,
    dialect: Option<Dialect>,
    known: &KnownFacts,
) -> (Option<Spec>, Diagnostics) {
    scrape_with(source, file, dialect, known, &Overrides::default())
}

/// Scrapes a page through the whole pipeline: front-end → skips of the overrides →
/// extraction → types the prose defines → the other overrides → checks.
pub fn scrape_with(
    source: &str,
    file: &str,
    dialect: Option<Dialect>,
    known: &KnownFacts,
    overrides: &Overrides,
) -> (Option<Spec>, Diagnostics) {
    let (scraped, diags) = scrape_accounted(source, file, dialect, known, overrides);
    (scraped.map(|s| s.spec), diags)
}

/// A spec and the accounting of the page it comes from.
#[derive(Debug, Clone)]
pub struct Scraped {
    pub spec: Spec,
    pub coverage: Coverage,
}

/// [`scrape_with`], also accounting for every table and referenced type
/// ([`crate::coverage`]).
pub fn scrape_accounted(
    source: &str,
    file: &str,
    dialect: Option<Dialect>,
    known: &KnownFacts,
    overrides: &Overrides,
) -> (Option<Scraped>, Diagnostics) {
    let mut diags = Diagnostics::new(file);
    let Some(dialect) = dialect.or_else(|| Dialect::detect(source)) else {
        let names: Vec<_> = Dialect::ALL.iter().map(|d| d.name()).collect();
        diags.error(
            "",
            format!(
                "cannot tell the page's format; pass --dialect (one of: {})",
                names.join(", ")
            ),
        );
        return (None, diags);
    };
    let mut corrections = Diagnostics::new(overrides.path());
    if let Some(read_schema) = dialect.schema() {
        // A schema has no sections to skip and no prose types: straight to corrections
        // and checks; it accounts for every item itself (no tables to count).
        let mut spec = read_schema(source, file, known, &mut diags);
        overrides.apply_to_spec(&mut spec, &mut corrections);
        analyze_at(&mut spec, None, &mut diags);
        dialect.grammar().check(&spec, None, &mut diags);
        overrides.answer_warnings(&mut diags, &mut corrections);
        diags.extend(corrections);
        let coverage = account(&crate::raw::RawPage::default(), &spec);
        return (Some(Scraped { spec, coverage }), diags);
    }
    let original = dialect.read(source, &mut diags);
    // The accounting needs the page as read; a copy is made only for skips to edit.
    let (page, skipped) = if overrides.is_empty() {
        (Cow::Borrowed(&original), Vec::new())
    } else {
        let mut page = original.clone();
        let skipped = overrides.apply_to_page(&mut page, &mut corrections);
        (Cow::Owned(page), skipped)
    };
    let mut spec = extract(&page, known, &mut diags);
    spec.skipped.extend(skipped);
    // A skipped section is no API item, but it may state an API fact.
    spec.api.init_data_key = init_data_key(&original);
    prose_types::resolve(&page, &mut spec);
    crate::value_sets::resolve(&page, &mut spec);
    overrides.apply_to_spec(&mut spec, &mut corrections);
    let places = Places::new(&original);
    analyze_at(&mut spec, Some(&places), &mut diags);
    dialect.grammar().check(&spec, Some(&places), &mut diags);
    overrides.answer_warnings(&mut diags, &mut corrections);
    diags.extend(corrections);
    let coverage = account(&original, &spec);
    for (heading, unaccounted) in coverage.unaccounted_headings() {
        diags.error_at(
            places.item(heading),
            "",
            format!("not read and not skipped with a reason: {unaccounted}"),
        );
    }
    // A safety net for rows that no check reported: a row with an error is lost too,
    // and is not reported twice (with any error the run fails anyway).
    let lost_rows = if diags.has_errors() {
        &[][..]
    } else {
        &coverage.lost_rows[..]
    };
    for lost in lost_rows {
        diags.error(
            "",
            format!("a table counted as read has a row that is not in the spec: {lost}"),
        );
    }
    (Some(Scraped { spec, coverage }), diags)
}
