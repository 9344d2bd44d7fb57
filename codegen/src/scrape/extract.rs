//! Raw page → spec: gives meaning to headings, tables and prose, the same way for
//! every dialect.
//!
//! - A heading that is one identifier is an API item: a capital first letter makes it
//!   a type, a small one a method. Other headings are prose; their tables are listed in
//!   [`Spec::skipped`] with the reason.
//! - Table columns are recognised by their header names (see [`Column`]); an unknown
//!   column is an error, never silently dropped. A table with a value column is an
//!   enumeration ("Value | Enumeration value | Description").
//! - A table the page labels as a method's result ([`TableRole::Result`]) is read by
//!   [`crate::scrape::result_tables`].
//! - What the prose says about an item goes through [`crate::scrape::prose`].
//! - Whether a type text parses and names a defined type is checked later, by
//!   [`crate::scrape::analyze`], so that overrides can correct it first.

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{Diagnostics, Location};
use crate::scrape::prose;
use crate::scrape::raw::{Block, Label, RawPage, RawSection, Table, TableRole};
use crate::scrape::result_tables;
use crate::scrape::value_sets;
use crate::spec::typeexpr::{is_type_name, TypeExpr};
use crate::spec::{
    Api, Auth, EnumOrigin, EnumValue, Field, HttpMethod, Method, Origin, ReportSignature, Skipped,
    Spec, TypeDef, UploadForm,
};

/// What a table column holds, recognised by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Type,
    Required,
    Description,
    /// The wire value of an enumeration's member.
    Value,
}

impl Column {
    const ALL: usize = 5;

    fn from_header(header: &str) -> Option<Column> {
        const HEADERS: [(&str, Column); 10] = [
            ("field", Column::Name),
            ("parameter", Column::Name),
            ("parameters", Column::Name),
            ("name", Column::Name),
            ("enumeration value", Column::Name),
            ("type", Column::Type),
            ("required", Column::Required),
            ("description", Column::Description),
            ("comments", Column::Description),
            ("value", Column::Value),
        ];
        let header = header.trim();
        (HEADERS.iter())
            .find(|(name, _)| name.eq_ignore_ascii_case(header))
            .map(|(_, column)| *column)
    }
}

/// A table's columns, when it is an API table (a name column at least): where each
/// kind of column is. Each kind appears at most once, so a table has at most
/// [`Column::ALL`] columns. (Read for every table, often more than once: no allocation.)
#[derive(Debug)]
struct Layout {
    /// The index of each kind of column, by `Column as usize`.
    positions: [Option<usize>; Column::ALL],
    width: usize,
}

impl Layout {
    fn of(table: &Table) -> Result<Layout, String> {
        let mut positions = [None; Column::ALL];
        for (index, header) in table.header.iter().enumerate() {
            match Column::from_header(header) {
                Some(column) if positions[column as usize].is_none() => {
                    positions[column as usize] = Some(index);
                }
                Some(_) => return Err(format!("column `{header}` appears twice")),
                None => {
                    return Err(format!(
                        "unknown column `{header}` (expected Field/Parameter, Type, Required, Description, or Value)"
                    ))
                }
            }
        }
        if positions[Column::Name as usize].is_none() {
            return Err(format!(
                "columns {:?} lack a name (Field/Parameter) column",
                table.header
            ));
        }
        Ok(Layout {
            positions,
            width: table.header.len(),
        })
    }

    fn has(&self, column: Column) -> bool {
        self.positions[column as usize].is_some()
    }

    /// An enumeration: values and their names, no types.
    fn is_values(&self) -> bool {
        self.has(Column::Value) && !self.has(Column::Type)
    }

    fn cell<'a>(&self, row: &'a [String], column: Column) -> Option<&'a str> {
        let index = self.positions[column as usize]?;
        row.get(index).map(String::as_str)
    }
}

/// The names in a table's name column (as the spec states names: plain, trimmed),
/// when it is an API table; `None` otherwise.
pub fn row_names(table: &Table) -> Option<Vec<String>> {
    let layout = Layout::of(table).ok()?;
    let names = (table.rows.iter())
        .map(|row| {
            let cell = layout.cell(row, Column::Name).unwrap_or_default();
            prose::plain(cell).trim().to_owned()
        })
        .collect();
    Some(names)
}

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
            Item::Type => {
                let read = read_type(index, section, &copies, &mut type_cells, &mut spec, diags);
                if let Some(mut ty) = read {
                    ty.group = group.map(str::to_owned);
                    spec.types.push(ty);
                }
            }
            Item::Method => pending_methods.push((section, group)),
            Item::Prose => {
                // A heading that is damaged (a stray character, text swallowed by an
                // unclosed tag) makes an item's section read as prose: its fields
                // table would be skipped with the prose.
                for table in section.tables() {
                    if Layout::of(table).is_ok_and(|layout| layout.has(Column::Type)) {
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
        let Ok(layout) = Layout::of(table) else {
            continue;
        };
        for cell in (table.rows.iter()).filter_map(|row| layout.cell(row, Column::Type)) {
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
struct TypeCells<'p> {
    read: FxHashMap<&'p str, TypeCell>,
}

struct TypeCell {
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
struct Copies<'a> {
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
        let required = Layout::of(table)
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

fn read_type<'p>(
    index: usize,
    section: &'p RawSection,
    copies: &Copies<'_>,
    type_cells: &mut TypeCells<'p>,
    spec: &mut Spec,
    diags: &mut Diagnostics,
) -> Option<TypeDef> {
    let name = section.title.trim().to_owned();
    let mut ty = TypeDef {
        name: name.clone(),
        anchor: section.anchor.clone(),
        page: section.page.clone(),
        description: section.text(),
        ..TypeDef::default()
    };
    let mut tables: Vec<&Table> = section.tables().collect();
    if tables.len() > 1 {
        // A second table that repeats another section's is a copy left under this
        // heading by mistake.
        tables.retain(|table| match copies.original_of(index, table) {
            Some(original) => {
                let reason = format!(
                    "a table with the same rows as the one under `{original}`, copied under this heading by mistake"
                );
                diags.warning_at(
                    Location::line(table.line),
                    &name,
                    format!("{reason}; ignored"),
                );
                spec.skipped.push(Skipped {
                    section: section.title.clone(),
                    reason,
                    tables: 1,
                });
                false
            }
            None => true,
        });
    }
    if let Some(first) = tables.first() {
        if let Some(second) = tables.get(1) {
            diags.error_at(
                Location::line(second.line),
                &name,
                format!(
                    "{} tables under one type; expected one (the second starts here)",
                    tables.len()
                ),
            );
        }
        match Layout::of(first) {
            Ok(layout) if layout.is_values() => {
                ty.values = Some(read_values(&name, &layout, first, diags));
            }
            _ => ty.fields = Some(read_fields(&name, first, type_cells, diags)),
        }
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
            tables: 0,
        });
        return None;
    }
    let text = prose::plain(&ty.description);
    if !text.contains("no information") && !text.contains("placeholder") {
        diags.warning_at(
            Location::line(section.line),
            &name,
            "no fields table and no list of variants; read as an object without fields",
        );
    }
    ty.fields = Some(Vec::new());
    Some(ty)
}

/// "It can be one of" followed by a list of type names (or a list of links).
///
/// The sentence before the list may name alternatives that are not listed ("it can be
/// either a String for plain text, an Array of RichText, or any of the following
/// types:"); they come first, in the sentence's order.
fn union_variants(section: &RawSection) -> Option<Vec<String>> {
    let listed = section.blocks.iter().find_map(|block| match block {
        Block::List(items) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| prose::plain(i).trim().to_owned())
                .collect();
            names.iter().all(|n| is_type_name(n)).then_some(names)
        }
        _ => None,
    })?;
    let mut variants = prose::alternatives_before_list(&prose::plain(&section.text()));
    variants.extend(listed);
    Some(variants)
}

/// Reads a method, and the type of its result when the page describes the result in
/// a table of its own. An unknown return type is left empty for overrides to give
/// and for [`crate::scrape::analyze`] to report.
fn read_method<'p>(
    section: &'p RawSection,
    api: &Api,
    type_names: &BTreeSet<String>,
    type_cells: &mut TypeCells<'p>,
    diags: &mut Diagnostics,
) -> (Method, Option<TypeDef>) {
    let name = section.title.trim().to_owned();
    let description = section.text();
    // Names the description itself calls objects ("Returns a WebhookInfo object").
    let objects: BTreeSet<String> = objects_named(&description);
    let is_type = |word: &str| type_names.contains(word) || objects.contains(word);
    let stated = prose::returns(&description, &is_type);
    let (tables, result_tables): (Vec<&Table>, Vec<&Table>) =
        section.tables().partition(|t| t.role == TableRole::Item);
    if let Some(second) = tables.get(1) {
        diags.error_at(
            Location::line(second.line),
            &name,
            format!(
                "{} tables under one method; expected one (the second starts here)",
                tables.len()
            ),
        );
    }
    let params = tables
        .first()
        .map(|table| read_fields(&name, table, type_cells, diags))
        .unwrap_or_default();
    if tables.is_empty() && speaks_of_parameters(&description) {
        diags.error(
            &name,
            "the description speaks of the method's parameters, but no parameters table follows it: the table is lost (a page cut or damaged)",
        );
    }
    let mut method = Method {
        name,
        anchor: section.anchor.clone(),
        group: None,
        description,
        returns: String::new(),
        http_method: None,
        params,
        origin: Origin::Page,
    };
    mark_uploaded_params(section, &mut method);
    let mark = diags.len();
    read_labels(section, api, &mut method, diags);
    diags.locate_since(mark, Location::line(section.line));
    if let Some(second) = result_tables.get(1) {
        diags.error_at(
            Location::line(second.line),
            &method.name,
            format!(
                "{} result tables under one method; expected one",
                result_tables.len()
            ),
        );
    }
    let Some(table) = result_tables.first() else {
        method.returns = stated.unwrap_or_default();
        return (method, None);
    };
    let fields = Layout::of(table)
        .is_ok_and(|layout| layout.has(Column::Type))
        .then(|| read_fields(&method.name, table, type_cells, diags));
    let mark = diags.len();
    let read = result_tables::interpret(&method.name, stated.as_deref(), fields, diags);
    diags.locate_since(mark, Location::line(table.line));
    method.returns = read.returns;
    (method, read.result_type)
}

/// Marks the parameters of an object type that a code example under the method sends
/// as a file (`-F "content=@story_photo.jpg"`): the page shows that they take an upload
/// (see [`Field::attachment`]). Parameters typed `InputFile` take one anyway; a scalar
/// (`-F "chat_id=@mychannel"`, a username) is text, whatever curl would make of it.
fn mark_uploaded_params(section: &RawSection, method: &mut Method) {
    for block in &section.blocks {
        let Block::Code(code) = block else { continue };
        for part in prose::uploaded_parts(code) {
            if let Some(param) = method.params.iter_mut().find(|p| p.name == part) {
                param.attachment |= matches!(TypeExpr::parse(&param.ty), Ok(TypeExpr::Named(_)));
            }
        }
    }
}

/// Whether a method's description says it takes parameters ("Pass the following
/// parameters"), rather than none ("Requires no parameters") or that they are
/// documented elsewhere ("See Send Media section for full parameter table").
fn speaks_of_parameters(description: &str) -> bool {
    let text = prose::plain(description).to_ascii_lowercase();
    let mentioned = prose::sentences(&text).any(|sentence| {
        sentence.contains("parameter")
            && !sentence.contains("no parameters")
            && !sentence.starts_with("see ")
    });
    mentioned
}

/// CamelCase words followed by "object(s)" in a text: the types it names.
fn objects_named(text: &str) -> BTreeSet<String> {
    let plain = prose::plain(text);
    let words = plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    let mut objects = BTreeSet::new();
    let mut previous = "";
    for word in words {
        if matches!(word, "object" | "objects")
            && is_type_name(previous)
            && previous.chars().any(|c| c.is_ascii_lowercase())
        {
            objects.insert(previous.to_owned());
        }
        previous = word;
    }
    objects
}

/// Facts a method states under labels of its own: its HTTP verb and request URL.
fn read_labels(section: &RawSection, api: &Api, method: &mut Method, diags: &mut Diagnostics) {
    for block in &section.blocks {
        let Block::Labeled { label, value } = block else {
            continue;
        };
        let value = prose::plain(value).trim().to_owned();
        match label {
            Label::HttpMethod => {
                let verb = match value.to_ascii_uppercase().as_str() {
                    "GET" => HttpMethod::Get,
                    "POST" => HttpMethod::Post,
                    _ => {
                        diags.error(
                            &method.name,
                            format!("request method `{value}`; expected GET or POST"),
                        );
                        continue;
                    }
                };
                method.http_method = (verb != api.http_method).then_some(verb);
            }
            Label::RequestUrl => {
                let expected = api.request_url.replace("{method}", &method.name);
                let stated = value
                    .replace("<bot_token>", "{token}")
                    .replace("<token>", "{token}");
                if !api.request_url.is_empty() && stated != expected {
                    diags.error(
                        &method.name,
                        format!(
                            "request URL `{value}` does not follow the API's URL `{}`",
                            api.request_url
                        ),
                    );
                }
            }
        }
    }
}

/// Reads an enumeration table: a value, its name and a description per row.
fn read_values(
    item: &str,
    layout: &Layout,
    table: &Table,
    diags: &mut Diagnostics,
) -> Vec<EnumValue> {
    let mut values = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        let cell = |column| {
            layout
                .cell(row, column)
                .map(prose::plain)
                .unwrap_or_default()
        };
        let (value, name) = (cell(Column::Value), cell(Column::Name));
        match value.trim().parse() {
            Ok(value) if is_type_name(name.trim()) => values.push(EnumValue {
                value,
                name: name.trim().to_owned(),
                description: layout
                    .cell(row, Column::Description)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            }),
            _ => diags.error_at(
                table.row_location(index),
                item,
                format!("enumeration row {row:?}: expected an integer value and a name"),
            ),
        }
    }
    values
}

fn read_fields<'p>(
    item: &str,
    table: &'p Table,
    type_cells: &mut TypeCells<'p>,
    diags: &mut Diagnostics,
) -> Vec<Field> {
    let layout = match Layout::of(table) {
        Ok(layout) if layout.has(Column::Type) => layout,
        Ok(_) => {
            diags.error_at(
                Location::line(table.line),
                item,
                format!(
                    "table is not a fields table: columns {:?} lack a Type column",
                    table.header
                ),
            );
            return Vec::new();
        }
        Err(problem) => {
            diags.error_at(
                Location::line(table.line),
                item,
                format!("table is not a fields table: {problem}"),
            );
            return Vec::new();
        }
    };
    let mut fields = Vec::with_capacity(table.rows.len());
    for (index, row) in table.rows.iter().enumerate() {
        let location = table.row_location(index);
        if row.len() != layout.width {
            diags.error_at(
                location,
                item,
                format!(
                    "row {:?} has {} cells; the header has {}",
                    row,
                    row.len(),
                    layout.width
                ),
            );
            continue;
        }
        let mark = diags.len();
        let field = read_field(item, &layout, row, type_cells, diags);
        diags.locate_since(mark, location);
        if let Some(field) = field {
            fields.push(field);
        }
    }
    fields
}

fn read_field<'p>(
    item: &str,
    layout: &Layout,
    row: &'p [String],
    type_cells: &mut TypeCells<'p>,
    diags: &mut Diagnostics,
) -> Option<Field> {
    let name = prose::plain(layout.cell(row, Column::Name)?)
        .trim()
        .to_owned();
    let type_cell = type_cells.read(layout.cell(row, Column::Type)?);
    let ty = type_cell.expr.as_ref();
    let description_cell = layout.cell(row, Column::Description).unwrap_or_default();
    let (optional_marker, description) = prose::strip_optional(description_cell);
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
    let is_integer = matches!(ty, Some(TypeExpr::Integer));
    let value_set = ty
        .and_then(value_sets::Kind::of)
        .and_then(|kind| value_sets::own(description, &text, kind));
    let const_value = match ty {
        Some(TypeExpr::String) => prose::const_value(description),
        // A tag whose type is an enumeration: "needs to be 2(ReplyKeyboardMarkupType)".
        Some(TypeExpr::Named(_)) => prose::const_integer(description),
        // "Always 0": a value that tells this object apart from others in a union.
        Some(TypeExpr::Integer) => prose::always_integer(&text),
        _ => None,
    };
    // A constant is the one value: no set beside it.
    let value_set = value_set.filter(|_| const_value.is_none());
    let default = prose::default_value(&text).or_else(|| {
        let values = &value_set.as_ref()?.values;
        value_sets::bare_default(&text, values)
    });
    let (enum_values, enum_origin) = match value_set {
        Some(set) => (
            set.values,
            Some(EnumOrigin {
                section: None,
                phrase: set.phrase,
            }),
        ),
        None => (Vec::new(), None),
    };
    Some(Field {
        name,
        ty: type_cell.text.clone(),
        required,
        required_unless,
        description: description.to_owned(),
        enum_values,
        enum_name: None,
        enum_origin,
        const_value,
        default,
        range: if is_integer || matches!(ty, Some(TypeExpr::Float)) {
            prose::range(&text)
        } else {
            None
        },
        length: match ty {
            Some(TypeExpr::String) => prose::length(&text, false),
            Some(TypeExpr::Array(_)) => prose::length(&text, true),
            _ => None,
        },
        int64: is_integer && prose::is_int64(&text),
        // Derived over the whole spec by `analyze`, overrides included.
        attachment: false,
        origin: Origin::Page,
    })
}

/// API-wide facts: name, version, date, URLs, auth. Read from the prose where the page
/// states them.
fn api_facts(page: &RawPage, known: &KnownFacts, diags: &mut Diagnostics) -> Api {
    let name = page
        .title
        .clone()
        .or_else(|| known.name.clone())
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
        init_data_key: init_data_key(page),
        upload_form: upload_form(page),
        init_data_type: None,
        report_signature: report_signature(page).map(|(signature, _)| signature),
        union_names: Vec::new(),
        protocol: Default::default(),
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
    // Facts are stated in a few sentences: only blocks that can hold one are made
    // plain (a page has thousands of blocks). A list or table is tested as a whole,
    // written into one reused buffer in the form its facts are read from: one regex
    // search per cell cost more than the rest of this function.
    let mut texts: Vec<String> = Vec::new();
    let mut joined = String::new();
    for block in page.sections.iter().flat_map(|s| &s.blocks) {
        let text = match block {
            Block::Text(t) | Block::Code(t) | Block::Labeled { value: t, .. } => t.as_str(),
            Block::List(items) => join_into(&mut joined, items.iter().map(|item| [item])),
            Block::Table(table) => join_into(&mut joined, &table.rows),
        };
        if prose::may_state_api_fact(text) {
            texts.push(prose::plain(text).into_owned());
        }
    }
    if api.version.is_none() {
        // No dated change log: a version stated anywhere ("Letgram Bot API v1.0").
        api.version = std::iter::once(api.name.clone())
            .chain(texts.iter().cloned())
            .find_map(|text| prose::version(&text));
    }
    let mut bearer = false;
    for text in &texts {
        bearer |= text.contains("Authorization: Bearer");
        if api.request_url.is_empty() {
            if let Some(url) = url_template(text, "METHOD_NAME") {
                api.request_url = url;
            }
        }
        if api.file_url.is_none() {
            if let Some(url) = url_template(text, "<file_path>") {
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
            "no request URL found: expected a URL ending in `<token>/METHOD_NAME` (or `/METHOD_NAME`) in the page's prose",
        );
    } else if !api.request_url.contains("{token}") {
        // No token in the URL: the page must say where it goes instead.
        if bearer {
            api.auth = Auth::BearerHeader;
        } else {
            diags.error(
                "",
                format!(
                    "the request URL `{}` has no token in it, and the page does not say to send it as `Authorization: Bearer <token>`",
                    api.request_url
                ),
            );
        }
    }
    api
}

/// Writes lines of cells into `buffer` (a line per row, cells separated by spaces)
/// and returns it.
fn join_into<Row, Cell>(buffer: &mut String, rows: impl IntoIterator<Item = Row>) -> &str
where
    Row: IntoIterator<Item = Cell>,
    Cell: AsRef<str>,
{
    buffer.clear();
    for (index, row) in rows.into_iter().enumerate() {
        if index > 0 {
            buffer.push('\n');
        }
        for (index, cell) in row.into_iter().enumerate() {
            if index > 0 {
                buffer.push(' ');
            }
            buffer.push_str(cell.as_ref());
        }
    }
    buffer
}

/// The key of the HMAC that derives a secret key from the bot token, from a sentence
/// like `secret_key = HMAC-SHA256("WebAppData", bot_token)`. Searched in every section,
/// skipped ones included: the page states the check where it documents the Mini App's
/// init data, which is not read as API items.
pub fn init_data_key(page: &RawPage) -> Option<String> {
    init_data_check(page).map(|(key, _)| key)
}

/// How the page uploads files: by `attach://<name>` references when it speaks of them
/// anywhere (Telegram's descriptions of `media`, `thumbnail`, …), else as the part named
/// after the parameter when a code example sends one so (Letgram's `-F "photo=@…"`);
/// `None` when it shows neither.
pub fn upload_form(page: &RawPage) -> Option<UploadForm> {
    let blocks = || page.sections.iter().flat_map(|s| &s.blocks);
    let attach = blocks()
        .flat_map(Block::texts)
        .any(|text| text.contains("attach://"));
    if attach {
        return Some(UploadForm::Attach);
    }
    blocks()
        .any(|block| matches!(block, Block::Code(code) if !prose::uploaded_parts(code).is_empty()))
        .then_some(UploadForm::ParameterPart)
}

/// [`init_data_key`] and the section that states it.
pub fn init_data_check(page: &RawPage) -> Option<(String, &RawSection)> {
    page.sections.iter().find_map(|section| {
        section
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text(t) | Block::Code(t) => Some(t.as_str()),
                _ => None,
            })
            .find_map(hmac_key_of_token)
            .map(|key| (key, section))
    })
}

/// The type of the init data: the one with a field whose description links to the
/// section that states the check (`hash`: "… to [check their validity](#validating-…)").
pub fn init_data_type(page: &RawPage, spec: &Spec) -> Option<String> {
    let anchor = init_data_check(page)?.1.anchor.as_deref()?;
    let link = format!("](#{anchor})");
    spec.types
        .iter()
        .find(|ty| {
            ty.fields
                .iter()
                .flatten()
                .any(|field| field.description.contains(&link))
        })
        .map(|ty| ty.name.clone())
}

/// `"KEY"` in `secret_key = HMAC-SHA256("KEY", bot_token)`. Pages write the HMAC's
/// arguments in either order (`HMAC-SHA256(key, message)` on one,
/// `HMAC_SHA256(message, key)` on another); the call that signs with `secret_key` tells
/// which place is the key's. Without such a call, the key is the quoted constant.
fn hmac_key_of_token(text: &str) -> Option<String> {
    // Every text block of the page is asked; copy only the one that can hold the call.
    if !text.contains("HMAC") {
        return None;
    }
    let text = text
        .replace('\\', "")
        .replace("HMAC_SHA256(", "HMAC-SHA256(");
    let calls: Vec<(&str, &str)> = text
        .match_indices("HMAC-SHA256(")
        .filter_map(|(at, call)| {
            let (args, _) = text[at + call.len()..].split_once(')')?;
            let (first, second) = args.split_once(',')?;
            Some((first.trim(), second.trim()))
        })
        .collect();
    // The place of the key: where `secret_key` is, in the call that signs with it.
    let key_place = calls.iter().find_map(|&(first, second)| {
        match (first == "secret_key", second == "secret_key") {
            (true, false) => Some(0),
            (false, true) => Some(1),
            _ => None,
        }
    });
    let is_token = |arg: &str| arg.trim_matches(['<', '>']) == "bot_token";
    let unquote = |arg: &str| {
        let key = arg.trim_matches(['"', '\'', '“', '”']);
        let quoted = key.len() < arg.len();
        let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric());
        is_key.then(|| (key.to_owned(), quoted))
    };
    calls.iter().find_map(|&(first, second)| {
        let (key, message) = match key_place {
            Some(0) => (first, second),
            Some(_) => (second, first),
            // No call names the key's place: the quoted constant is the key.
            None if is_token(second) => (first, second),
            None => (second, first),
        };
        let (key, quoted) = unquote(key)?;
        (is_token(message) && (key_place.is_some() || quoted)).then_some(key)
    })
}

/// How reports posted to the caller are signed, from the page's pseudo-code, with the
/// section that states it:
///
/// ```text
/// data_check_string = X-Request-Timestamp + '\n' + post_body
/// secret_key = SHA256(api_token)
/// if (hex(HMAC_SHA256(data_check_string, secret_key)) == X-Request-Signature) {
/// ```
///
/// The data-check-string is the concatenation the page writes (a header's value,
/// quoted constants, the body); the key must be the SHA-256 of the token and the
/// signature a header compared with the hexadecimal HMAC, or nothing is read and the
/// caller reports the headers the page names as unread.
pub fn report_signature(page: &RawPage) -> Option<(ReportSignature, &RawSection)> {
    page.sections.iter().find_map(|section| {
        section
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Code(t) => Some(t.as_str()),
                _ => None,
            })
            .find_map(report_signature_of_code)
            .map(|signature| (signature, section))
    })
}

fn report_signature_of_code(code: &str) -> Option<ReportSignature> {
    let statement = |name: &str| {
        code.lines().find_map(|line| {
            let (left, right) = line.split_once('=')?;
            (left.trim() == name).then(|| right.trim().to_owned())
        })
    };
    let is_header = |word: &str| {
        is_header_name(word) && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    // The key: SHA-256 of the token, and nothing else.
    let key = statement("secret_key")?;
    let token = key.strip_prefix("SHA256(")?.strip_suffix(')')?;
    if !token.trim_matches(['<', '>']).ends_with("token") {
        return None;
    }
    // The signed text: header values, quoted constants and the body, joined by `+`.
    let mut timestamp_header = None;
    let mut data_check_string = String::new();
    for part in statement("data_check_string")?.split('+').map(str::trim) {
        if is_header(part) && timestamp_header.is_none() {
            timestamp_header = Some(part.to_owned());
            data_check_string.push_str("{timestamp}");
        } else if part == "post_body" || part == "body" {
            data_check_string.push_str("{body}");
        } else {
            let quote = part.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
            let literal = part.strip_prefix(quote)?.strip_suffix(quote)?;
            data_check_string.push_str(&literal.replace("\\n", "\n"));
        }
    }
    if !(data_check_string.contains("{timestamp}") && data_check_string.contains("{body}")) {
        return None;
    }
    // The comparison: the hexadecimal HMAC of the data-check-string with the key,
    // against a header.
    let signature_header = code.lines().find_map(|line| {
        let (_, compared) = line
            .split_once("hex(HMAC_SHA256(data_check_string, secret_key))")
            .or_else(|| line.split_once("hex(HMAC-SHA256(data_check_string, secret_key))"))?;
        let header = compared.trim().strip_prefix("==")?.trim();
        let header = header.trim_end_matches([')', '{', ' ']);
        is_header(header).then(|| header.to_owned())
    })?;
    Some(ReportSignature {
        timestamp_header: timestamp_header?,
        signature_header,
        data_check_string,
    })
}

/// The HTTP headers a text names (`X-Request-Timestamp`): words of capitalised parts
/// joined by hyphens, the first `X` (not "X-axis").
pub fn headers_named(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| is_header_name(word))
}

fn is_header_name(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    parts.len() >= 3
        && parts[0] == "X"
        && parts[1..]
            .iter()
            .all(|part| part.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Finds `https://host/bot<token>/METHOD_NAME` (or `…/file/bot<token>/<file_path>`) and
/// turns it into a template with `{token}`, `{method}`, `{file_path}`.
fn url_template(text: &str, tail: &str) -> Option<String> {
    let end = text.find(tail)? + tail.len();
    let start = text[..end]
        .rfind("https://")
        .or_else(|| text[..end].rfind("http://"))?;
    let url = &text[start..end];
    if url.contains(char::is_whitespace) {
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
    #[test]
    fn the_init_data_key_is_read_from_the_hmac_formula() {
        let sentence = r#"compute HMAC-SHA256(secret_key, data_check_string) where secret\_key = HMAC-SHA256("WebAppData", bot\_token). Compare"#;
        assert_eq!(hmac_key_of_token(sentence).as_deref(), Some("WebAppData"));
        assert_eq!(hmac_key_of_token("HMAC-SHA256(key, message)"), None);
        assert_eq!(hmac_key_of_token("HMAC-SHA256(\"a b\", bot_token)"), None);
        // Telegram's Mini Apps page writes the message first: the call that signs with
        // `secret_key` says so.
        let code = "secret_key = HMAC_SHA256(<bot_token>, \"WebAppData\")\nif (hex(HMAC_SHA256(data_check_string, secret_key)) == hash) {";
        assert_eq!(hmac_key_of_token(code).as_deref(), Some("WebAppData"));
        // The key's place says which argument is the key, whatever is quoted.
        let swapped = "secret_key = HMAC_SHA256(\"WebAppData\", <bot_token>)\nhex(HMAC_SHA256(data_check_string, secret_key))";
        assert_eq!(hmac_key_of_token(swapped), None);
        // Without such a call, the quoted constant is the key.
        assert_eq!(
            hmac_key_of_token("secret_key = HMAC_SHA256(<bot_token>, \"WebAppData\")").as_deref(),
            Some("WebAppData")
        );
    }

    #[test]
    fn the_report_signature_is_read_from_the_pseudo_code() {
        let code = "data_check_string = X-Request-Timestamp + '\\n' + post_body\nsecret_key = SHA256(api_token)\nif (hex(HMAC_SHA256(data_check_string, secret_key)) == X-Request-Signature) {\n  // data is from Telegram\n}";
        assert_eq!(
            report_signature_of_code(code),
            Some(ReportSignature {
                timestamp_header: "X-Request-Timestamp".into(),
                signature_header: "X-Request-Signature".into(),
                data_check_string: "{timestamp}\n{body}".into(),
            })
        );
        // Another key derivation, or no body signed: nothing is read.
        assert_eq!(
            report_signature_of_code(&code.replace("SHA256(api_token)", "MD5(api_token)")),
            None
        );
        assert_eq!(
            report_signature_of_code(&code.replace(" + post_body", "")),
            None
        );
        assert_eq!(
            report_signature_of_code(&code.replace("== X-Request-Signature", "== signature")),
            None
        );
    }

    #[test]
    fn header_names_are_capitalised_x_words() {
        let text = "the X-Request-Timestamp header; the X-axis; X-Telegram-Bot-Api-Secret-Token.";
        assert_eq!(
            headers_named(text).collect::<Vec<_>>(),
            ["X-Request-Timestamp", "X-Telegram-Bot-Api-Secret-Token"]
        );
    }

    use super::*;

    #[test]
    fn the_upload_form_is_the_one_the_page_shows() {
        let page = |blocks: Vec<Block>| RawPage {
            title: None,
            sections: vec![RawSection {
                blocks,
                ..RawSection::default()
            }],
        };
        let curl = Block::Code("curl … \\\n-F \"photo=@/path/to/photo.jpg\"".to_owned());
        let attach = Block::Table(Table {
            rows: vec![vec![
                "media".into(),
                "pass “attach://<file_attach_name>”".into(),
            ]],
            ..Table::default()
        });
        assert_eq!(
            upload_form(&page(vec![curl.clone()])),
            Some(UploadForm::ParameterPart)
        );
        assert_eq!(
            upload_form(&page(vec![curl, attach.clone()])),
            Some(UploadForm::Attach)
        );
        assert_eq!(upload_form(&page(vec![attach])), Some(UploadForm::Attach));
        let prose = Block::Text("Or upload new files, using multipart/form-data".into());
        assert_eq!(upload_form(&page(vec![prose])), None);
    }

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
        assert_eq!(
            url_template(
                "presented in this form: https://gatewayapi.telegram.org/METHOD_NAME. Like",
                "METHOD_NAME"
            )
            .as_deref(),
            Some("https://gatewayapi.telegram.org/{method}")
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
        assert!(Layout::of(&table)
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
