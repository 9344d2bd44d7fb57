//! Reading a heading's item: a type (its table, its list of variants, or nothing) or a
//! method (its parameters, result, labels and the files its examples upload).

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostics, Location};
use crate::scrape::prose;
use crate::scrape::raw::{Block, Column, Label, RawSection, Table, TableRole};
use crate::scrape::result_tables;
use crate::spec::typeexpr::{is_type_name, TypeExpr};
use crate::spec::{Api, HttpMethod, Method, Origin, Skipped, Spec, TypeDef, TypeKind, UnionDef};

use super::rows::{read_fields, read_values};
use super::{Copies, TableColumns, TypeCells};

pub(super) fn read_type<'p>(
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
        match TableColumns::of(first) {
            Ok(columns) if columns.is_values() => {
                ty.kind = TypeKind::Enum(read_values(&name, &columns, first, diags));
            }
            _ => ty.kind = TypeKind::Object(read_fields(&name, first, type_cells, diags)),
        }
        return Some(ty);
    }
    if let Some(variants) = union_variants(section) {
        ty.kind = TypeKind::Union(UnionDef {
            one_of: variants,
            discriminator: None,
        });
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
    ty.kind = TypeKind::Object(Vec::new());
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
pub(super) fn read_method<'p>(
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
    let fields = TableColumns::of(table)
        .is_ok_and(|columns| columns.has(Column::Type))
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
pub(super) fn speaks_of_parameters(description: &str) -> bool {
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
                let stated = super::facts::token_placeholders(&value);
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
