//! One call from a page's text to a checked spec.
//!
//! Pipeline: front-end → skips of the overrides → extraction → types the prose
//! defines → the other overrides → checks → accounting.
//!
//! Each step is a module of this folder, in the order the data passes through them:
//! [`dialect`] (a page's format → [`raw::RawPage`]), [`overrides`] (skips, then
//! corrections), [`extract`] (tables and API facts → spec items, with [`prose`] and
//! [`result_tables`]), [`prose_types`] and [`value_sets`] (what only sentences state),
//! [`analyze`] (checks and decisions over the whole spec), [`accounting`] (every table
//! read or skipped with a reason), [`names`] (every name in the page's grammar) and
//! [`baseline`] (what a page lost or gained against the committed spec).

pub mod accounting;
pub mod analyze;
pub mod baseline;
pub mod dialect;
pub mod extract;
pub mod names;
pub mod overrides;
pub mod page_file;
pub mod prose;
pub mod prose_types;
pub mod raw;
pub mod result_tables;
pub mod value_sets;

use std::borrow::Cow;

use crate::diagnostics::Diagnostics;
use crate::scrape::accounting::{account, Accounting};
use crate::scrape::analyze::analyze_at;
use crate::scrape::dialect::Dialect;
use crate::scrape::extract::{init_data_key, init_data_type, KnownFacts};
use crate::scrape::overrides::Overrides;

use crate::scrape::raw::Places;
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
    pub accounting: Accounting,
}

/// [`scrape_with`], also accounting for every table and referenced type
/// ([`crate::scrape::accounting`]).
pub fn scrape_accounted(
    source: &str,
    file: &str,
    dialect: Option<Dialect>,
    known: &KnownFacts,
    overrides: &Overrides,
) -> (Option<Scraped>, Diagnostics) {
    scrape_pages(source, file, &[], dialect, known, overrides)
}

/// Another page of the same API (Telegram's Mini Apps page beside its Bot API page),
/// read by the same front-end as the main page.
#[derive(Debug, Clone, Copy)]
pub struct ExtraPage<'a> {
    /// The page's file, for diagnostics.
    pub file: &'a str,
    /// Where the page is published: its items link there, and so do its links to
    /// sections of its own that are no items.
    pub doc_url: &'a str,
    pub source: &'a str,
    /// Corrections of this page's own sections (skips of what is not API, with the
    /// reason), kept apart from the main page's so that the main page's, alone, still
    /// reads older versions of it.
    pub overrides: &'a Overrides,
}

/// [`scrape_accounted`] of a main page and extra pages of the same API: the extra pages'
/// sections follow the main page's, and everything after the front-end (skips,
/// extraction, facts, checks, accounting) sees them as one page. An extra page's items
/// carry its address (`page` of a type); diagnostics about its sections name its file.
pub fn scrape_pages(
    source: &str,
    file: &str,
    extras: &[ExtraPage<'_>],
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
        let accounting = account(&crate::scrape::raw::RawPage::default(), &spec);
        return (Some(Scraped { spec, accounting }), diags);
    }
    let mut original = dialect.read(source, &mut diags);
    // Sections of the extra pages, by heading, with their page's file.
    let mut extra_headings: Vec<(String, &str)> = Vec::new();
    let mut extra_corrections = Vec::new();
    for extra in extras {
        let mut extra_diags = Diagnostics::new(extra.file);
        let mut read = dialect.read(extra.source, &mut extra_diags);
        diags.extend(extra_diags);
        for section in &mut read.sections {
            section.page = Some(extra.doc_url.to_owned());
            extra_headings.push((section.title.clone(), extra.file));
        }
        original.sections.append(&mut read.sections);
        extra_corrections.push(Diagnostics::new(extra.overrides.path()));
    }
    // The accounting needs the page as read; a copy is made only for skips to edit.
    let (page, skipped) = if overrides.is_empty() && extras.iter().all(|e| e.overrides.is_empty()) {
        (Cow::Borrowed(&original), Vec::new())
    } else {
        let mut page = original.clone();
        let mut skipped = overrides.apply_to_page(&mut page, &mut corrections);
        for (extra, corrections) in extras.iter().zip(&mut extra_corrections) {
            skipped.extend(extra.overrides.apply_to_page(&mut page, corrections));
        }
        (Cow::Owned(page), skipped)
    };
    let mut spec = extract::extract(&page, known, &mut diags);
    spec.skipped.extend(skipped);
    // A skipped section is no API item, but it may state an API fact.
    spec.api.init_data_key = init_data_key(&original);
    prose_types::resolve(&page, &mut spec);
    crate::scrape::value_sets::resolve(&page, &mut spec);
    overrides.apply_to_spec(&mut spec, &mut corrections);
    for (extra, corrections) in extras.iter().zip(&mut extra_corrections) {
        extra.overrides.apply_to_spec(&mut spec, corrections);
    }
    // Read from the page's own links, before they are made absolute.
    spec.api.init_data_type = init_data_type(&original, &spec);
    absolute_links_of_extra_pages(&mut spec);
    let places = Places::new(&original);
    analyze_at(&mut spec, Some(&places), &mut diags);
    dialect.grammar().check(&spec, Some(&places), &mut diags);
    overrides.answer_warnings(&mut diags, &mut corrections);
    for (extra, mut corrections) in extras.iter().zip(extra_corrections) {
        extra
            .overrides
            .answer_warnings(&mut diags, &mut corrections);
        diags.extend(corrections);
    }
    diags.extend(corrections);
    let accounting = account(&original, &spec);
    for (heading, unaccounted) in accounting.unaccounted_headings() {
        diags.error_at(
            places.item(heading),
            "",
            format!("not read and not skipped with a reason: {unaccounted}"),
        );
    }
    for unread in &accounting.unread_headers {
        let (heading, header) = unread.rsplit_once(": ").unwrap_or(("", unread));
        diags.error_at(
            places.item(heading),
            heading,
            format!(
                "names the HTTP header {header}, which no API fact reads: read it (spec/README.md, API facts) or skip the section with a reason"
            ),
        );
    }
    // A safety net for rows that no check reported: a row with an error is lost too,
    // and is not reported twice (with any error the run fails anyway).
    let lost_rows = if diags.has_errors() {
        &[][..]
    } else {
        &accounting.lost_rows[..]
    };
    for lost in lost_rows {
        diags.error(
            "",
            format!("a table counted as read has a row that is not in the spec: {lost}"),
        );
    }
    // Problems of an extra page's sections are in its file (their lines are).
    if !extra_headings.is_empty() {
        let main: std::collections::HashSet<&str> = original
            .sections
            .iter()
            .filter(|s| s.page.is_none())
            .map(|s| s.title.as_str())
            .collect();
        for diagnostic in diags.items_mut() {
            if diagnostic.file != file || main.contains(diagnostic.section.as_str()) {
                continue;
            }
            if let Some((_, extra)) = extra_headings
                .iter()
                .find(|(h, _)| *h == diagnostic.section)
            {
                diagnostic.file = (*extra).to_owned();
            }
        }
    }
    (Some(Scraped { spec, accounting }), diags)
}

/// Links of an extra page's items are made to read as if the items were on the main
/// page: a link to a section of the extra page that is no item
/// (`[check their validity](#validating-…)`) is made absolute, as the main page's address
/// would lead elsewhere; a link to an item of the main page by its address
/// (`[answerWebAppQuery](/bots/api#answerwebappquery)`) becomes `#anchor`, a link to the
/// generated item. Links to items of the extra page stay as they are.
fn absolute_links_of_extra_pages(spec: &mut Spec) {
    let items: std::collections::HashSet<String> = (spec.types.iter().map(|t| &t.anchor))
        .chain(spec.methods.iter().map(|m| &m.anchor))
        .flatten()
        .cloned()
        .collect();
    let main = spec.api.doc_url.clone().unwrap_or_default();
    // The main page's address, and its path on the same site (`/bots/api`).
    let main_path = main
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
        .unwrap_or_default()
        .to_owned();
    let rewrite = |text: &mut String, page: &str| {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            out.push_str(&rest[..at + 2]);
            let escaped = rest[..at].ends_with('\\');
            rest = &rest[at + 2..];
            if escaped {
                // `\](`: page text, no link.
                continue;
            }
            let target = rest.split(')').next().unwrap_or_default();
            let (address, anchor) = target.split_once('#').unwrap_or((target, ""));
            let is_item = items.contains(anchor);
            let on_main = !main.is_empty() && (address == main || address == main_path);
            if address.is_empty() && !is_item {
                out.push_str(page);
            } else if on_main && is_item {
                rest = &rest[address.len()..];
            }
        }
        out.push_str(rest);
        *text = out;
    };
    for ty in &mut spec.types {
        let Some(page) = ty.page.clone() else {
            continue;
        };
        rewrite(&mut ty.description, &page);
        for field in ty.fields_mut().into_iter().flatten() {
            rewrite(&mut field.description, &page);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(content: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html><head><title>T</title></head><body>\n<div id=\"dev_page_content\">\n{content}\n</div></body></html>\n"
        )
    }

    const FIELDS: &str = "<table class=\"table\"><thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead><tbody>";

    #[test]
    fn extra_pages_are_read_with_the_main_page() {
        let main = html(&format!(
            "<p>Requests go to https://api.example.org/bot&lt;token&gt;/METHOD_NAME like this.</p>\n\
             <h4><a class=\"anchor\" name=\"user\"></a>User</h4>\n<p>A user.</p>\n\
             {FIELDS}<tr><td>id</td><td>Integer</td><td>Id.</td></tr></tbody></table>"
        ));
        let extra = html(&format!(
            "<h4><a class=\"anchor\" name=\"appuser\"></a>AppUser</h4>\n\
             <p>See <a href=\"#checks\">the check</a>, <a href=\"#user\">User</a>, <a href=\"/bots/api#user\">the user</a> and <a href=\"/bots/api#other\">other</a>.</p>\n\
             {FIELDS}<tr><td>user</td><td>User</td><td>The user.</td></tr>\n\
             <tr><td>can-do</td><td>Boolean</td><td>Broken name.</td></tr></tbody></table>\n\
             <h4><a class=\"anchor\" name=\"checks\"></a>Validating data</h4>\n<p>Prose.</p>"
        ));
        let overrides = Overrides::default();
        let extras = [ExtraPage {
            file: "extra.html",
            doc_url: "https://example.org/extra",
            source: &extra,
            overrides: &overrides,
        }];
        let (scraped, diags) = scrape_pages(
            &main,
            "main.html",
            &extras,
            Some(Dialect::TELEGRAM_HTML),
            &KnownFacts {
                doc_url: Some("https://example.org/bots/api".into()),
                name: None,
            },
            &overrides,
        );
        let spec = scraped.unwrap().spec;
        let ty = spec.find_type("AppUser").unwrap();
        assert_eq!(ty.page.as_deref(), Some("https://example.org/extra"));
        assert_eq!(spec.find_type("User").unwrap().page, None);
        // A link to a section of the extra page that is no item is made absolute; a
        // link to an item stays, or becomes one when it names the main page.
        assert_eq!(
            ty.description,
            "See [the check](https://example.org/extra#checks), [User](#user), [the user](#user) and [other](/bots/api#other)."
        );
        // The broken name is reported in the extra page's file.
        let error = diags.errors().find(|d| d.section == "AppUser").unwrap();
        assert_eq!(error.file, "extra.html", "{diags}");
    }
}
