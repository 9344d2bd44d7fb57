//! Reading the rows of an item's table: fields or parameters (name, type, whether
//! required, and what the description says), or the values of an enumeration.

use crate::diagnostics::{Diagnostics, Location};
use crate::scrape::prose;
use crate::scrape::raw::{Column, Table};
use crate::scrape::value_sets;
use crate::spec::typeexpr::{is_type_name, TypeExpr, ValueKind};
use crate::spec::{EnumOrigin, EnumValue, Field, Origin};

use super::{TableColumns, TypeCells};

/// Reads an enumeration table: a value, its name and a description per row.
pub(super) fn read_values(
    item: &str,
    columns: &TableColumns,
    table: &Table,
    diags: &mut Diagnostics,
) -> Vec<EnumValue> {
    let mut values = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        let cell = |column| {
            columns
                .cell(row, column)
                .map(prose::plain)
                .unwrap_or_default()
        };
        let (value, name) = (cell(Column::Value), cell(Column::Name));
        match value.trim().parse() {
            Ok(value) if is_type_name(name.trim()) => values.push(EnumValue {
                value,
                name: name.trim().to_owned(),
                description: columns
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

pub(super) fn read_fields<'p>(
    item: &str,
    table: &'p Table,
    type_cells: &mut TypeCells<'p>,
    diags: &mut Diagnostics,
) -> Vec<Field> {
    let columns = match TableColumns::of(table) {
        Ok(columns) if columns.has(Column::Type) => columns,
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
        if row.len() != columns.width {
            diags.error_at(
                location,
                item,
                format!(
                    "row {:?} has {} cells; the header has {}",
                    row,
                    row.len(),
                    columns.width
                ),
            );
            continue;
        }
        let mark = diags.len();
        let field = read_field(item, &columns, row, type_cells, diags);
        diags.locate_since(mark, location);
        if let Some(field) = field {
            fields.push(field);
        }
    }
    fields
}

fn read_field<'p>(
    item: &str,
    columns: &TableColumns,
    row: &'p [String],
    type_cells: &mut TypeCells<'p>,
    diags: &mut Diagnostics,
) -> Option<Field> {
    let name = prose::plain(columns.cell(row, Column::Name)?)
        .trim()
        .to_owned();
    let type_cell = type_cells.read(columns.cell(row, Column::Type)?);
    let ty = type_cell.expr.as_ref();
    let description_cell = columns.cell(row, Column::Description).unwrap_or_default();
    let (optional_marker, description) = prose::strip_optional(description_cell);
    let text = prose::plain(description);
    let (required, conditional) = match columns.cell(row, Column::Required) {
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
        .and_then(ValueKind::of)
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
