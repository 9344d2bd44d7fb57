//! The accounting of a scrape, for reviewers and tests: every table of the page is
//! either read into an item of the spec or counted by a `skipped` entry that says why,
//! and every type the spec refers to is resolved, in one of a few ways.
//!
//! Tables are matched to the spec by their section's heading (as the front-end gives
//! it): a heading that names a type may account for one table per definition, a method
//! for two (parameters and result); tables beyond that, and tables under any other
//! heading, must be counted by `skipped` entries of that heading.
//!
//! A table counted as read must have every row in the spec: each name of its name
//! column is a field, parameter or value of its item ([`Accounting::lost_rows`]), unless
//! an override changed the item (it may drop or replace rows on purpose).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::scrape::analyze::referenced_types;
use crate::scrape::extract::{headers_named, init_data_check, report_signature, row_names};
use crate::scrape::raw::{Block, RawPage, TableRole};
use crate::spec::{Field, Origin, Spec, TypeDef};

/// How a referenced type is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// A table of the page under the type's own heading.
    Table,
    /// A method's result table ([`crate::scrape::result_tables`]).
    ResultTable,
    /// Sentences of the page ([`crate::scrape::prose_types`]).
    Prose,
    /// An entry of the overrides.
    Override,
    /// Kept as an opaque JSON value, by an entry of the overrides.
    Opaque,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Accounting {
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
    /// Sections API facts are read from, rather than items: `heading: fact`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// HTTP headers the page names that no fact of the spec reads: `heading: header`.
    /// A header is part of a protocol (a check the bot must make, a value it must
    /// send); one the spec does not know is a part of the page lost.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread_headers: Vec<String>,
    /// Rows of tables counted as read that are not in the spec: `heading: row`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lost_rows: Vec<String>,
}

impl Accounting {
    /// Every table accounted for and every referenced type resolved.
    pub fn is_complete(&self) -> bool {
        self.unaccounted.is_empty()
            && self.unresolved.is_empty()
            && self.lost_rows.is_empty()
            && self.unread_headers.is_empty()
    }

    /// The headings of [`Accounting::unaccounted`], each with its entry.
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
pub fn account(page: &RawPage, spec: &Spec) -> Accounting {
    let mut accounting = Accounting::default();
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
        accounting.tables += tables;
        let skipped = skipped_by_heading.get(title).copied().unwrap_or_default();
        let skipped = skipped.min(tables);
        accounting.skipped += skipped;
        let is_type = types.get(title).is_some_and(|t| t.result_of.is_none());
        let is_method = methods.contains(title);
        let per_section = if is_method { 2 } else { usize::from(is_type) };
        let read = (tables - skipped).min(sections * per_section);
        accounting.read += read;
        let left = tables - skipped - read;
        if left > 0 {
            accounting
                .unaccounted
                .push(format!("{title}: {left} table(s)"));
        }
    }
    accounting.lost_rows = lost_rows(page, spec);
    facts(page, spec, &mut accounting);
    for name in referenced_types(spec) {
        let Some(ty) = types.get(name.as_str()) else {
            accounting.unresolved.push(name);
            continue;
        };
        let how = match (&ty.origin, &ty.result_of) {
            (Origin::Page, None) => Resolution::Table,
            (Origin::Page, Some(_)) => Resolution::ResultTable,
            (Origin::Prose { .. }, _) => Resolution::Prose,
            (Origin::Override { .. }, _) => Resolution::Override,
            (Origin::Opaque { .. }, _) => Resolution::Opaque,
        };
        accounting.resolved.entry(how).or_default().push(name);
    }
    accounting
}

/// The sections API facts are read from, and the headers the page names that no fact
/// reads. Headers are looked for in every block of every section, tables included.
fn facts(page: &RawPage, spec: &Spec, accounting: &mut Accounting) {
    let api = &spec.api;
    if let (Some(key), Some((_, section))) = (&api.init_data_key, init_data_check(page)) {
        accounting
            .facts
            .push(format!("{}: init_data_key ({key})", section.title));
    }
    if let (Some(_), Some((_, section))) = (&api.report_signature, report_signature(page)) {
        accounting
            .facts
            .push(format!("{}: report_signature", section.title));
    }
    let mut known: BTreeSet<&str> = BTreeSet::new();
    known.extend(api.webhook_secret_header.as_deref());
    if let Some(signature) = &api.report_signature {
        known.insert(&signature.timestamp_header);
        known.insert(&signature.signature_header);
    }
    let mut unread = BTreeSet::new();
    for section in &page.sections {
        let mut name = |text: &str| {
            for header in headers_named(text) {
                if !known.contains(header) {
                    unread.insert(format!("{}: `{header}`", section.title));
                }
            }
        };
        section
            .blocks
            .iter()
            .flat_map(Block::texts)
            .for_each(&mut name);
    }
    accounting.unread_headers = unread.into_iter().collect();
}

/// The rows of the item tables under type and method headings that are not fields,
/// parameters or values of their item. Headings with skipped tables (copies) and items an
/// override changed are left out: which rows they should have is not the page's to say.
fn lost_rows(page: &RawPage, spec: &Spec) -> Vec<String> {
    let changed = |fields: &[Field]| fields.iter().any(|f| !f.origin.is_page());
    let mut names: BTreeMap<&str, Option<BTreeSet<&str>>> = BTreeMap::new();
    for ty in spec.types.iter().filter(|t| t.result_of.is_none()) {
        // A type an override renamed still holds the rows of its heading (the reason
        // starts with "renamed from `Heading`", as `overrides` writes it).
        let renamed_from = match &ty.origin {
            Origin::Override { reason } => reason
                .strip_prefix("renamed from `")
                .and_then(|rest| rest.split_once('`'))
                .map(|(heading, _)| heading),
            _ => None,
        };
        let heading = renamed_from.unwrap_or(&ty.name);
        let entry = names.entry(heading).or_insert(Some(BTreeSet::new()));
        let fields = ty.fields();
        if (!ty.origin.is_page() && renamed_from.is_none()) || changed(fields) {
            *entry = None;
        } else if let Some(set) = entry {
            set.extend(fields.iter().map(|f| f.name.as_str()));
            set.extend(ty.values().iter().map(|v| v.name.as_str()));
        }
    }
    for method in &spec.methods {
        let entry = names
            .entry(method.name.as_str())
            .or_insert(Some(BTreeSet::new()));
        if !method.origin.is_page() || changed(&method.params) {
            *entry = None;
        } else if let Some(set) = entry {
            set.extend(method.params.iter().map(|f| f.name.as_str()));
        }
    }
    let skipped: BTreeSet<&str> = spec.skipped.iter().map(|s| s.section.as_str()).collect();
    let mut lost = Vec::new();
    for section in &page.sections {
        let title = section.title.as_str();
        let Some(Some(known)) = names.get(title) else {
            continue;
        };
        if skipped.contains(title) {
            continue;
        }
        let tables = section.tables().filter(|t| t.role == TableRole::Item);
        for row in tables.filter_map(row_names).flatten() {
            if !known.contains(row.as_str()) {
                lost.push(format!("{title}: row `{row}`"));
            }
        }
    }
    lost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrape::raw::{Block, RawSection, Table};
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
            api: Api::new("T", "", Auth::UrlPath),
            types: vec![TypeDef {
                name: "User".into(),
                kind: crate::spec::TypeKind::Object(vec![Field {
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
        let accounting = account(&page, &spec);
        assert_eq!(
            (accounting.tables, accounting.read, accounting.skipped),
            (4, 1, 1)
        );
        assert_eq!(
            accounting.unaccounted,
            ["Notes: 1 table(s)", "User: 1 table(s)"]
        );
        assert_eq!(accounting.unresolved, ["Chat"]);
        assert!(!accounting.is_complete());
    }

    #[test]
    fn rows_of_read_tables_must_be_in_the_spec() {
        let table = Table {
            header: vec!["Field".into(), "Type".into(), "Description".into()],
            rows: vec![
                vec!["id".into(), "Integer".into(), "x".into()],
                vec!["name".into(), "String".into(), "y".into()],
            ],
            ..Table::default()
        };
        let page = RawPage {
            title: None,
            sections: vec![RawSection {
                level: 4,
                title: "User".into(),
                blocks: vec![Block::Table(table)],
                ..RawSection::default()
            }],
        };
        let field = |name: &str| Field {
            name: name.into(),
            ty: "Integer".into(),
            ..Field::default()
        };
        let mut spec: Spec = serde_yaml::from_str(
            "api: {name: T, request_url: '', auth: url_path, http_method: POST}\ntypes: []\nmethods: []",
        )
        .unwrap();
        spec.types.push(TypeDef {
            name: "User".into(),
            kind: crate::spec::TypeKind::Object(vec![field("id")]),
            ..TypeDef::default()
        });
        assert_eq!(account(&page, &spec).lost_rows, ["User: row `name`"]);
        // An item an override changed may lack rows on purpose.
        spec.types[0].fields_mut().unwrap()[0].origin = Origin::Override { reason: "r".into() };
        assert!(account(&page, &spec).lost_rows.is_empty());
    }
}
