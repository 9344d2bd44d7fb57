//! Raw page → spec: gives meaning to headings, tables and prose, the same way for
//! every dialect.
//!
//! - A heading that is one identifier is an API item: a capital first letter makes it
//!   a type, a small one a method. Other headings are prose; their tables are listed in
//!   [`Spec::skipped`] with the reason.
//! - Table columns are recognised by their header names (see [`Column`], [`columns`]); an unknown
//!   column is an error, never silently dropped. A table with a value column is an
//!   enumeration ("Value | Enumeration value | Description").
//! - A table the page labels as a method's result ([`TableRole::Result`](crate::scrape::raw::TableRole::Result)) is read by
//!   [`crate::scrape::result_tables`].
//! - What the prose says about an item goes through [`crate::scrape::prose`].
//! - Whether a type text parses and names a defined type is checked later, by
//!   [`crate::scrape::analyze`], so that overrides can correct it first.
//!
//! By file: [`columns`] (a table's columns), [`items`] (a heading's item: a type or a
//! method), [`rows`] (the rows of a fields, parameters or values table) and [`facts`]
//! (what the page states about the API as a whole).

mod columns;
mod facts;
mod items;
mod rows;

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::Diagnostics;
use crate::scrape::prose;
use crate::scrape::raw::{Column, RawPage, RawSection, Table};
use crate::spec::typeexpr::{is_type_name, TypeExpr};
use crate::spec::{Skipped, Spec, TypeDef};

pub use columns::row_names;
use columns::TableColumns;
use facts::api_facts;
pub use facts::{
    headers_named, init_data_check, init_data_key, init_data_type, report_signature, upload_form,
};
use items::{read_method, read_type};

/// Facts about an API that the page does not state (or states nowhere a scraper can
/// find), supplied by the caller.
#[derive(Debug, Clone, Default)]
pub struct KnownFacts {
    pub doc_url: Option<String>,
    /// The API's name, for pages without a title.
    pub name: Option<String>,
}

/// Builds a spec from a raw page. Problems are reported to `diags`; the spec is
/// returned in any case so that all problems of a page show up in one run.
pub fn extract(page: &RawPage, known: &KnownFacts, diags: &mut Diagnostics) -> Spec {
    let mut spec = Spec {
        api: api_facts(page, known, diags),
        types: Vec::new(),
        methods: Vec::new(),
        skipped: Vec::new(),
    };
    let copies = Copies::of(page);
    let mut type_cells = TypeCells::default();
    let mut pending_methods = Vec::new();
    // The page's group of the items that follow: the last heading above item level
    // ("Available types", "Stickers"), recorded so the crate can be laid out like the page.
    let mut group: Option<&str> = None;
    for (index, section) in page.sections.iter().enumerate() {
        if (2..4).contains(&section.level) {
            group = Some(section.title.trim()).filter(|title| !title.is_empty());
        }
        match classify(section) {
            HeadingKind::Type => {
                let read = read_type(index, section, &copies, &mut type_cells, &mut spec, diags);
                if let Some(mut ty) = read {
                    ty.group = group.map(str::to_owned);
                    spec.types.push(ty);
                }
            }
            HeadingKind::Method => pending_methods.push((section, group)),
            HeadingKind::Prose => {
                // A heading that is damaged (a stray character, text swallowed by an
                // unclosed tag) makes an item's section read as prose: its fields
                // table would be skipped with the prose.
                for table in section.tables() {
                    if TableColumns::of(table).is_ok_and(|columns| columns.has(Column::Type)) {
                        diags.error(
                            &section.title,
                            "a table of fields or parameters under a heading that names no type or method (expected one PascalCase or camelCase word): the heading is damaged",
                        );
                    }
                }
                let tables = section.tables().count();
                if tables > 0 {
                    spec.skipped.push(Skipped {
                        section: section.title.clone(),
                        reason: format!(
                            "{tables} table(s) under a prose heading, not a type or method name"
                        ),
                        tables,
                    });
                }
            }
        }
    }
    // Methods last: reading their return types needs every type name, including the
    // names tables refer to without defining them (reported later, by `analyze`).
    let mut type_names: BTreeSet<String> = spec.types.iter().map(|t| t.name.clone()).collect();
    type_names.extend(referenced_names(page, &mut type_cells));
    let mut result_types = Vec::new();
    for (section, group) in pending_methods {
        let (mut method, result_type) =
            read_method(section, &spec.api, &type_names, &mut type_cells, diags);
        method.group = group.map(str::to_owned);
        spec.methods.push(method);
        result_types.extend(result_type.map(|ty| TypeDef {
            group: group.map(str::to_owned),
            ..ty
        }));
    }
    // A set, not a search per result type: a page may have thousands of methods.
    let mut taken: FxHashSet<String> = if result_types.is_empty() {
        FxHashSet::default()
    } else {
        spec.types.iter().map(|t| t.name.clone()).collect()
    };
    for ty in result_types {
        if !taken.insert(ty.name.clone()) {
            diags.error(
                &ty.name,
                "the name of a method's result type is already taken by a type of the page",
            );
        }
        spec.types.push(ty);
    }
    spec
}

/// Type names that the page's tables refer to.
fn referenced_names<'p>(page: &'p RawPage, type_cells: &mut TypeCells<'p>) -> BTreeSet<String> {
    for table in page.sections.iter().flat_map(RawSection::tables) {
        let Ok(columns) = TableColumns::of(table) else {
            continue;
        };
        for cell in (table.rows.iter()).filter_map(|row| columns.cell(row, Column::Type)) {
            type_cells.read(cell);
        }
    }
    let mut names = BTreeSet::new();
    for cell in type_cells.read.values() {
        if let Some(ty) = &cell.expr {
            names.extend(ty.named_types().into_iter().map(str::to_owned));
        }
    }
    names
}

/// The type cells of a page, each read once: thousands of fields share a few hundred
/// type texts, and parsing and normalising one costs more than looking it up.
#[derive(Default)]
pub(super) struct TypeCells<'p> {
    read: FxHashMap<&'p str, TypeCell>,
}

pub(super) struct TypeCell {
    /// The type, when the text is one.
    expr: Option<TypeExpr>,
    /// The type as the spec states it: normalised, or as written when it does not
    /// parse (`analyze` reports it unless an override corrects it first).
    text: String,
}

impl<'p> TypeCells<'p> {
    fn read(&mut self, cell: &'p str) -> &TypeCell {
        self.read.entry(cell).or_insert_with(|| {
            let plain = prose::plain(cell);
            let expr = TypeExpr::parse(&plain).ok();
            let text = expr
                .as_ref()
                .map_or_else(|| plain.trim().to_owned(), TypeExpr::to_string);
            TypeCell { expr, text }
        })
    }
}

/// The tables of the page by content, to tell a table copied under a second heading.
/// A table's content is its rows without the Required column (copies on some pages
/// differ in that column only), as plain text. Every table's content is computed and
/// hashed once, on the first question, into an index: a page with thousands of tables
/// under one heading is answered in time proportional to its size, where comparing
/// each table with every other took minutes. Pages with at most one table per heading
/// (most of them) never ask, and pay nothing.
pub(super) struct Copies<'a> {
    page: &'a RawPage,
    /// Each distinct content → the first two sections (in page order) holding it.
    index: OnceCell<FxHashMap<String, [Option<usize>; 2]>>,
}

impl<'a> Copies<'a> {
    fn of(page: &'a RawPage) -> Copies<'a> {
        Copies {
            page,
            index: OnceCell::new(),
        }
    }

    /// The content of a table as one key, `None` for a table without rows. Each cell is
    /// written after its length and each row ends in `|`, so no cell text can pass for
    /// a boundary.
    fn content(table: &Table) -> Option<String> {
        if table.rows.is_empty() {
            return None;
        }
        let required = TableColumns::of(table)
            .ok()
            .and_then(|l| l.positions[Column::Required as usize]);
        let mut key = String::new();
        for row in &table.rows {
            for (_, cell) in (row.iter().enumerate()).filter(|(i, _)| Some(*i) != required) {
                let plain = prose::plain(cell);
                let text = plain.trim();
                let _ = write!(key, "{}:{text}", text.len());
            }
            key.push('|');
        }
        Some(key)
    }

    fn index(&self) -> &FxHashMap<String, [Option<usize>; 2]> {
        self.index.get_or_init(|| {
            let mut index: FxHashMap<String, [Option<usize>; 2]> = FxHashMap::default();
            for (at, section) in self.page.sections.iter().enumerate() {
                for content in section.tables().filter_map(Copies::content) {
                    let sections = index.entry(content).or_insert([Some(at), None]);
                    if sections[0] != Some(at) && sections[1].is_none() {
                        sections[1] = Some(at);
                    }
                }
            }
            index
        })
    }

    /// The heading of the first other section holding a table with the same rows, if
    /// any.
    fn original_of(&self, section: usize, table: &Table) -> Option<&str> {
        let sections = self.index().get(&Copies::content(table)?)?;
        let other = sections.iter().flatten().find(|&&at| at != section)?;
        Some(self.page.sections[*other].title.as_str())
    }
}

enum HeadingKind {
    Type,
    Method,
    Prose,
}

/// What a section's heading names: a type (one PascalCase word), a method (one
/// camelCase word) or nothing (prose).
fn classify(section: &RawSection) -> HeadingKind {
    let title = section.title.trim();
    // Items sit at level 4; level-3 headings group them ("Stickers", "Payments").
    if section.level < 4 || title.contains(char::is_whitespace) || title.is_empty() {
        return HeadingKind::Prose;
    }
    if is_type_name(title) {
        HeadingKind::Type
    } else if title.starts_with(|c: char| c.is_ascii_lowercase())
        && title.chars().all(|c| c.is_ascii_alphanumeric())
    {
        HeadingKind::Method
    } else {
        HeadingKind::Prose
    }
}

#[cfg(test)]
mod tests {
    use super::items::speaks_of_parameters;
    use super::rows::read_fields;
    use super::*;
    use crate::scrape::raw::Block;

    #[test]
    fn numeric_fields_get_ranges_and_strings_lengths() {
        let table = Table {
            header: vec!["Field".into(), "Type".into(), "Description".into()],
            rows: vec![
                vec![
                    "horizontal_accuracy".into(),
                    "Float number".into(),
                    "_Optional_. The radius of uncertainty for the location, measured in meters; 0-1500".into(),
                ],
                vec!["day".into(), "Integer".into(), "Day of the user's birth; 1-31".into()],
                vec!["name".into(), "String".into(), "Name; 1-64 characters; 1-2".into()],
            ],
            ..Table::default()
        };
        let mut diags = Diagnostics::new("test");
        let fields = read_fields("Location", &table, &mut TypeCells::default(), &mut diags);
        assert!(!diags.has_errors(), "{diags}");
        let bounds = |min, max| {
            Some(crate::spec::Bounds {
                min: Some(min),
                max: Some(max),
            })
        };
        assert_eq!(fields[0].ty, "Float");
        assert_eq!(fields[0].range, bounds(0, 1500));
        assert_eq!(fields[1].range, bounds(1, 31));
        // Strings have lengths, not ranges.
        assert_eq!(fields[2].range, None);
        assert_eq!(fields[2].length, bounds(1, 64));
    }

    #[test]
    fn copies_are_found_under_the_first_other_heading() {
        let table = |required: &str, description: &str| Table {
            header: vec![
                "Field".into(),
                "Type".into(),
                "Required".into(),
                "Description".into(),
            ],
            rows: vec![vec![
                "id".into(),
                "Integer".into(),
                required.into(),
                description.into(),
            ]],
            ..Table::default()
        };
        let section = |title: &str, tables: Vec<Table>| RawSection {
            level: 4,
            title: title.into(),
            blocks: tables.into_iter().map(Block::Table).collect(),
            ..RawSection::default()
        };
        let page = RawPage {
            title: None,
            sections: vec![
                section("A", vec![table("Yes", "_An_ id")]),
                section("B", vec![table("Yes", "Other"), table("Yes", "Other")]),
                // Differs from A's only in the Required column and in markup.
                section("C", vec![table("Optional", "An id"), table("Yes", "Other")]),
                section("D", vec![Table::default()]),
                section("E", vec![table("Yes", "Twice"), table("Yes", "Twice")]),
            ],
        };
        let copies = Copies::of(&page);
        let of = |section: usize, table: usize| {
            copies.original_of(section, page.sections[section].tables().nth(table).unwrap())
        };
        assert_eq!(of(2, 0), Some("A"));
        assert_eq!(of(0, 0), Some("C"));
        assert_eq!(of(2, 1), Some("B"));
        assert_eq!(of(1, 0), Some("C"));
        assert_eq!(of(3, 0), None, "a table without rows is no copy");
        // Equal tables under one heading are not copies of another heading's.
        assert_eq!(of(4, 1), None);
        let lone = table("Yes", "Nowhere else");
        assert_eq!(copies.original_of(0, &lone), None);
    }

    #[test]
    fn columns_are_recognised_or_reported() {
        let table = Table {
            header: vec!["Field".into(), "Kind".into()],
            ..Table::default()
        };
        assert!(TableColumns::of(&table)
            .unwrap_err()
            .contains("unknown column `Kind`"));
    }

    #[test]
    fn a_method_that_speaks_of_parameters_needs_their_table() {
        assert!(speaks_of_parameters(
            "Use this method to send a thing. Pass the following parameters."
        ));
        assert!(!speaks_of_parameters(
            "A simple method for testing your bot's authentication token. Requires no parameters."
        ));
        assert!(!speaks_of_parameters(
            "Use this method to send stickers. See Send Media section for full parameter table."
        ));
        assert!(!speaks_of_parameters(
            "Use this method to log out. Returns True on success."
        ));
    }
}
