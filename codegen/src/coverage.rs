//! The accounting of a scrape, for reviewers and tests: every table of the page is
//! either read into an item of the spec or counted by a `skipped` entry that says why,
//! and every type the spec refers to is resolved, in one of a few ways.
//!
//! Tables are matched to the spec by their section's heading (as the front-end gives
//! it): a heading that names a type may account for one table per definition, a method
//! for two (parameters and result); tables beyond that, and tables under any other
//! heading, must be counted by `skipped` entries of that heading.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyze::referenced_types;
use crate::raw::RawPage;
use crate::spec::{Origin, Spec, TypeDef};

/// How a referenced type is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// A table of the page under the type's own heading.
    Table,
    /// A method's result table ([`crate::results`]).
    ResultTable,
    /// Sentences of the page ([`crate::prose_types`]).
    Prose,
    /// An entry of the overrides.
    Override,
    /// Kept as an opaque JSON value, by an entry of the overrides.
    Opaque,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Coverage {
    /// Tables on the page.
    pub tables: usize,
    /// Tables read into types and methods.
    pub read: usize,
    /// Tables counted by `skipped` entries.
    pub skipped: usize,
    /// Headings with tables that are neither read nor skipped: `heading: n table(s)`.
    pub unaccounted: Vec<String>,
    /// Referenced types by the way they are resolved.
    pub resolved: BTreeMap<Resolution, Vec<String>>,
    /// Referenced types that nothing defines.
    pub unresolved: Vec<String>,
}

impl Coverage {
    /// Every table accounted for and every referenced type resolved.
    pub fn is_complete(&self) -> bool {
        self.unaccounted.is_empty() && self.unresolved.is_empty()
    }

    /// The headings of [`Coverage::unaccounted`], each with its entry.
    pub fn unaccounted_headings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.unaccounted.iter().map(|entry| {
            // `heading: n table(s)`; a heading may hold `: ` itself.
            let heading = entry.rsplit_once(": ").map_or(entry.as_str(), |(h, _)| h);
            (heading, entry.as_str())
        })
    }

    /// One line for a command's output.
    pub fn summary(&self) -> String {
        let mut resolved: Vec<String> = self
            .resolved
            .iter()
            .map(|(how, names)| format!("{} {how:?}", names.len()))
            .collect();
        if !self.unresolved.is_empty() {
            resolved.push(format!("{} unresolved", self.unresolved.len()));
        }
        if resolved.is_empty() {
            resolved.push("none".into());
        }
        format!(
            "tables: {} read, {} skipped of {}; referenced types: {}",
            self.read,
            self.skipped,
            self.tables,
            resolved.join(", ")
        )
    }
}

/// Accounts for `page` (as the front-end read it, before any section is skipped) in
/// `spec` (the result of scraping it).
pub fn account(page: &RawPage, spec: &Spec) -> Coverage {
    let mut coverage = Coverage::default();
    let types: BTreeMap<&str, &TypeDef> = spec.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let methods: BTreeSet<&str> = spec.methods.iter().map(|m| m.name.as_str()).collect();
    // Heading → (sections with that heading, tables under them).
    let mut headings: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for section in &page.sections {
        let entry = headings.entry(section.title.as_str()).or_default();
        entry.0 += 1;
        entry.1 += section.tables().count();
    }
    // Tables counted by `skipped` entries, by heading: summed once, not searched per
    // heading (a damaged page may have thousands of headings and entries).
    let mut skipped_by_heading: FxHashMap<&str, usize> = FxHashMap::default();
    for skipped in &spec.skipped {
        *skipped_by_heading
            .entry(skipped.section.as_str())
            .or_default() += skipped.tables;
    }
    for (title, (sections, tables)) in headings {
        if tables == 0 {
            continue;
        }
        coverage.tables += tables;
        let skipped = skipped_by_heading.get(title).copied().unwrap_or_default();
        let skipped = skipped.min(tables);
        coverage.skipped += skipped;
        let is_type = types.get(title).is_some_and(|t| t.result_of.is_none());
        let is_method = methods.contains(title);
        let per_section = if is_method { 2 } else { usize::from(is_type) };
        let read = (tables - skipped).min(sections * per_section);
        coverage.read += read;
        let left = tables - skipped - read;
        if left > 0 {
            coverage
                .unaccounted
                .push(format!("{title}: {left} table(s)"));
        }
    }
    for name in referenced_types(spec) {
        let Some(ty) = types.get(name.as_str()) else {
            coverage.unresolved.push(name);
            continue;
        };
        let how = match (&ty.origin, &ty.result_of) {
            (Origin::Page, None) => Resolution::Table,
            (Origin::Page, Some(_)) => Resolution::ResultTable,
            (Origin::Prose { .. }, _) => Resolution::Prose,
            (Origin::Override { .. }, _) => Resolution::Override,
            (Origin::Opaque { .. }, _) => Resolution::Opaque,
        };
        coverage.resolved.entry(how).or_default().push(name);
    }
    coverage
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{Block, RawSection, Table};
    use crate::spec::{Api, Auth, Field, Skipped, TypeDef};

    #[test]
    fn tables_must_be_read_or_skipped() {
        let section = |title: &str, tables: usize| RawSection {
            level: 4,
            title: title.into(),
            blocks: (0..tables)
                .map(|_| Block::Table(Table::default()))
                .collect(),
            ..RawSection::default()
        };
        let page = RawPage {
            title: None,
            sections: vec![
                section("User", 2),
                section("Errors", 1),
                section("Notes", 1),
            ],
        };
        let spec = Spec {
            api: Api {
                name: "T".into(),
                version: None,
                release_date: None,
                doc_url: None,
                request_url: String::new(),
                file_url: None,
                auth: Auth::UrlPath,
                http_method: Default::default(),
                webhook_secret_header: None,
                init_data_key: None,
            },
            types: vec![TypeDef {
                name: "User".into(),
                fields: Some(vec![Field {
                    name: "chat".into(),
                    ty: "Chat".into(),
                    ..Field::default()
                }]),
                ..TypeDef::default()
            }],
            methods: Vec::new(),
            skipped: vec![Skipped {
                section: "Errors".into(),
                reason: "error codes".into(),
                tables: 1,
            }],
        };
        let coverage = account(&page, &spec);
        assert_eq!(
            (coverage.tables, coverage.read, coverage.skipped),
            (4, 1, 1)
        );
        assert_eq!(
            coverage.unaccounted,
            ["Notes: 1 table(s)", "User: 1 table(s)"]
        );
        assert_eq!(coverage.unresolved, ["Chat"]);
        assert!(!coverage.is_complete());
    }
}
