//! Raw page → spec: gives meaning to headings, tables and prose, the same way for
//! every dialect.
//!
//! - A heading that is one identifier is an API item: a capital first letter makes it
//!   a type, a small one a method. Other headings are prose; their tables are listed in
//!   [`Spec::skipped`] with the reason.
//! - Table columns are recognised by their header names (see [`Column`]); an unknown
//!   column is an error, never silently dropped.
//! - What the prose says about an item goes through [`crate::prose`].

use crate::diagnostics::Diagnostics;
use crate::prose;
use crate::raw::{Block, RawPage, RawSection, Table};
use crate::spec::{Api, Auth, Field, HttpMethod, Method, Origin, Skipped, Spec, TypeDef};
use crate::typeexpr::{is_type_name, TypeExpr};

/// What a table column holds, recognised by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Type,
    Required,
    Description,
}

impl Column {
    fn from_header(header: &str) -> Option<Column> {
        Some(match header.trim().to_ascii_lowercase().as_str() {
            "field" | "parameter" | "parameters" | "name" => Column::Name,
            "type" => Column::Type,
            "required" => Column::Required,
            "description" | "comments" => Column::Description,
            _ => return None,
        })
    }
}

/// A table's columns, when it is an API table (a name and a type column at least).
#[derive(Debug)]
struct Layout {
    columns: Vec<Column>,
}

impl Layout {
    fn of(table: &Table) -> Result<Layout, String> {
        let mut columns = Vec::new();
        for header in &table.header {
            match Column::from_header(header) {
                Some(column) if !columns.contains(&column) => columns.push(column),
                Some(_) => return Err(format!("column `{header}` appears twice")),
                None => {
                    return Err(format!(
                        "unknown column `{header}` (expected Field/Parameter, Type, Required, Description)"
                    ))
                }
            }
        }
        if !columns.contains(&Column::Name) || !columns.contains(&Column::Type) {
            return Err(format!(
                "columns {:?} lack a name (Field/Parameter) or a Type column",
                table.header
            ));
        }
        Ok(Layout { columns })
    }

    fn cell<'a>(&self, row: &'a [String], column: Column) -> Option<&'a str> {
        let index = self.columns.iter().position(|c| *c == column)?;
        row.get(index).map(String::as_str)
    }
}

/// Facts about an API that the page does not state (or states nowhere a scraper can
/// find), supplied by the caller.
#[derive(Debug, Clone, Default)]
pub struct KnownFacts {
    pub doc_url: Option<String>,
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
    let mut pending_methods = Vec::new();
    for section in &page.sections {
        match classify(section) {
            Item::Type => {
                if let Some(ty) = read_type(section, &mut spec, diags) {
                    spec.types.push(ty);
                }
            }
            Item::Method => pending_methods.push(section),
            Item::Prose => {
                let tables = section.tables().count();
                if tables > 0 {
                    spec.skipped.push(Skipped {
                        section: section.title.clone(),
                        reason: format!(
                            "{tables} table(s) under a prose heading, not a type or method name"
                        ),
                    });
                }
            }
        }
    }
    // Methods last: reading their return types needs every type name.
    let type_names: Vec<String> = spec.types.iter().map(|t| t.name.clone()).collect();
    let is_type = |name: &str| type_names.iter().any(|t| t == name);
    for section in pending_methods {
        spec.methods.push(read_method(section, &is_type, diags));
    }
    spec
}

enum Item {
    Type,
    Method,
    Prose,
}

fn classify(section: &RawSection) -> Item {
    let title = section.title.trim();
    // Items sit at level 4; level-3 headings group them ("Stickers", "Payments").
    if section.level < 4 || title.contains(char::is_whitespace) || title.is_empty() {
        return Item::Prose;
    }
    if is_type_name(title) {
        Item::Type
    } else if title.starts_with(|c: char| c.is_ascii_lowercase())
        && title.chars().all(|c| c.is_ascii_alphanumeric())
    {
        Item::Method
    } else {
        Item::Prose
    }
}

fn read_type(section: &RawSection, spec: &mut Spec, diags: &mut Diagnostics) -> Option<TypeDef> {
    let name = section.title.trim().to_owned();
    let mut ty = TypeDef {
        name: name.clone(),
        anchor: section.anchor.clone(),
        description: section.text(),
        fields: None,
        one_of: None,
        discriminator: None,
        origin: Origin::Page,
    };
    let tables: Vec<&Table> = section.tables().collect();
    if let Some(first) = tables.first() {
        if tables.len() > 1 {
            diags.error(
                &name,
                format!("{} tables under one type; expected one", tables.len()),
            );
        }
        ty.fields = Some(read_fields(&name, first, diags));
        return Some(ty);
    }
    if let Some(variants) = union_variants(section) {
        ty.one_of = Some(variants);
        return Some(ty);
    }
    if name == "InputFile" {
        spec.skipped.push(Skipped {
            section: name,
            reason: "InputFile is a built-in of the type grammar (a file to upload)".into(),
        });
        return None;
    }
    let text = prose::plain(&ty.description);
    if !text.contains("no information") && !text.contains("placeholder") {
        diags.warning(
            &name,
            "no fields table and no list of variants; read as an object without fields",
        );
    }
    ty.fields = Some(Vec::new());
    Some(ty)
}

/// "It can be one of" followed by a list of type names (or a list of links).
fn union_variants(section: &RawSection) -> Option<Vec<String>> {
    section.blocks.iter().find_map(|block| match block {
        Block::List(items) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| prose::plain(i).trim().to_owned())
                .collect();
            names.iter().all(|n| is_type_name(n)).then_some(names)
        }
        _ => None,
    })
}

fn read_method(
    section: &RawSection,
    is_type: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> Method {
    let name = section.title.trim().to_owned();
    let description = section.text();
    let returns = prose::returns(&description, is_type).unwrap_or_else(|| {
        diags.error(
            &name,
            "cannot tell the return type: no sentence of the description says what is returned",
        );
        String::new()
    });
    let tables: Vec<&Table> = section.tables().collect();
    if tables.len() > 1 {
        diags.error(
            &name,
            format!("{} tables under one method; expected one", tables.len()),
        );
    }
    let params = tables
        .first()
        .map(|table| read_fields(&name, table, diags))
        .unwrap_or_default();
    Method {
        name,
        anchor: section.anchor.clone(),
        description,
        returns,
        http_method: None,
        params,
        origin: Origin::Page,
    }
}

fn read_fields(item: &str, table: &Table, diags: &mut Diagnostics) -> Vec<Field> {
    let layout = match Layout::of(table) {
        Ok(layout) => layout,
        Err(problem) => {
            diags.error(item, format!("table is not a fields table: {problem}"));
            return Vec::new();
        }
    };
    let mut fields = Vec::new();
    for row in &table.rows {
        if row.len() != layout.columns.len() {
            diags.error(
                item,
                format!(
                    "row {:?} has {} cells; the header has {}",
                    row,
                    row.len(),
                    layout.columns.len()
                ),
            );
            continue;
        }
        if let Some(field) = read_field(item, &layout, row, diags) {
            fields.push(field);
        }
    }
    fields
}

fn read_field(
    item: &str,
    layout: &Layout,
    row: &[String],
    diags: &mut Diagnostics,
) -> Option<Field> {
    let name = prose::plain(layout.cell(row, Column::Name)?)
        .trim()
        .to_owned();
    let type_text = prose::plain(layout.cell(row, Column::Type)?);
    let description_cell = layout.cell(row, Column::Description).unwrap_or_default();
    let (optional_marker, description) = prose::strip_optional(description_cell);
    // A cell that is not a type is kept as written and reported by `analyze`, which
    // checks every type of the spec (overrides included) in one place.
    let ty = TypeExpr::parse(&type_text).ok();
    let text = prose::plain(description);
    let (required, conditional) = match layout.cell(row, Column::Required) {
        None => (!optional_marker, false),
        Some(cell) => match prose::plain(cell).trim() {
            "Yes" | "yes" | "Required" => (true, false),
            "Optional" | "No" | "no" | "" => (false, false),
            "Optional*" | "Optional *" => (false, true),
            other => {
                diags.error(
                    item,
                    format!("field `{name}`: Required is `{other}`; expected Yes, Optional or Optional*"),
                );
                (false, false)
            }
        },
    };
    let required_unless = if required {
        Vec::new()
    } else {
        prose::required_unless(&text)
    };
    if conditional && required_unless.is_empty() {
        diags.warning(
            item,
            format!("field `{name}` is `Optional*` but its description does not say when it is required"),
        );
    }
    let is_string = matches!(ty, Some(TypeExpr::String));
    let is_integer = matches!(ty, Some(TypeExpr::Integer));
    let enum_values = if is_string {
        prose::enum_values(&text)
    } else {
        Vec::new()
    };
    let const_value = if is_string {
        prose::const_value(description)
    } else {
        None
    };
    Some(Field {
        name,
        ty: ty
            .as_ref()
            .map_or(type_text.trim().to_owned(), |t| t.to_string()),
        required,
        required_unless,
        description: description.to_owned(),
        enum_values: if const_value.is_some() {
            Vec::new()
        } else {
            enum_values
        },
        const_value,
        default: prose::default_value(&text),
        range: if is_integer || matches!(ty, Some(TypeExpr::Float)) {
            prose::range(&text)
        } else {
            None
        },
        length: if is_string || matches!(ty, Some(TypeExpr::Array(_))) {
            prose::length(&text)
        } else {
            None
        },
        int64: is_integer && prose::is_int64(&text),
    })
}

/// API-wide facts: name, version, date, URLs, auth. Read from the prose where the page
/// states them.
fn api_facts(page: &RawPage, known: &KnownFacts, diags: &mut Diagnostics) -> Api {
    let name = page
        .title
        .clone()
        .or_else(|| page.sections.first().map(|s| s.title.clone()))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let mut api = Api {
        name,
        version: None,
        release_date: None,
        doc_url: known.doc_url.clone(),
        request_url: String::new(),
        file_url: None,
        auth: Auth::UrlPath,
        http_method: HttpMethod::Post,
        webhook_secret_header: None,
    };
    // The newest entry of the change log: a date heading, then "Bot API X.Y".
    for section in &page.sections {
        if let Some(date) = prose::iso_date(&section.title) {
            if let Some(version) = prose::version(&section.text()) {
                api.release_date = Some(date);
                api.version = Some(version);
                break;
            }
        }
    }
    // Only blocks that can state a fact are made plain: a page has thousands of blocks.
    let mentions_token = |t: &str| t.contains("token") || t.contains("Token");
    let texts = page
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Text(t) | Block::Code(t) if mentions_token(t) => Some(prose::plain(t)),
            Block::List(items) if items.iter().any(|i| mentions_token(i)) => {
                Some(prose::plain(&items.join("\n")))
            }
            _ => None,
        });
    for text in texts {
        if api.request_url.is_empty() {
            if let Some(url) = url_template(&text, "METHOD_NAME") {
                api.request_url = url;
            }
        }
        if api.file_url.is_none() {
            if let Some(url) = url_template(&text, "<file_path>") {
                api.file_url = Some(url);
            }
        }
        if api.webhook_secret_header.is_none() {
            api.webhook_secret_header = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .find(|w| w.starts_with("X-") && w.ends_with("-Secret-Token"))
                .map(str::to_owned);
        }
    }
    if api.request_url.is_empty() {
        diags.error(
            "",
            "no request URL found: expected a URL ending in `<token>/METHOD_NAME` in the page's prose",
        );
    }
    api
}

/// Finds `https://host/bot<token>/METHOD_NAME` (or `…/file/bot<token>/<file_path>`) and
/// turns it into a template with `{token}`, `{method}`, `{file_path}`.
fn url_template(text: &str, tail: &str) -> Option<String> {
    let end = text.find(tail)? + tail.len();
    let start = text[..end]
        .rfind("https://")
        .or_else(|| text[..end].rfind("http://"))?;
    let url = &text[start..end];
    if url.contains(char::is_whitespace) || !url.contains("<") {
        return None;
    }
    Some(
        url.replace("<bot_token>", "{token}")
            .replace("<token>", "{token}")
            .replace("METHOD_NAME", "{method}")
            .replace("<file_path>", "{file_path}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_templates() {
        assert_eq!(
            url_template(
                "like this: https://api.telegram.org/bot<token>/METHOD_NAME. Like",
                "METHOD_NAME"
            )
            .as_deref(),
            Some("https://api.telegram.org/bot{token}/{method}")
        );
        assert_eq!(
            url_template(
                "via https://api.telegram.org/file/bot<token>/<file_path>, where",
                "<file_path>"
            )
            .as_deref(),
            Some("https://api.telegram.org/file/bot{token}/{file_path}")
        );
    }

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
            line: 0,
        };
        let mut diags = Diagnostics::new("test");
        let fields = read_fields("Location", &table, &mut diags);
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
    fn columns_are_recognised_or_reported() {
        let table = Table {
            header: vec!["Field".into(), "Kind".into()],
            ..Table::default()
        };
        assert!(Layout::of(&table)
            .unwrap_err()
            .contains("unknown column `Kind`"));
    }
}
