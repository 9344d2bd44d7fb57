//! Where an API table's columns are: a table is read by the kind of each column (its
//! header, [`Column`]), and an unknown column is an error, never silently dropped.

use crate::scrape::prose;
use crate::scrape::raw::{Column, Table};

/// A table's columns, when it is an API table (a name column at least): where each
/// kind of column is. Each kind appears at most once, so a table has at most
/// [`Column::COUNT`] columns. (Read for every table, often more than once: no allocation.)
#[derive(Debug)]
pub(super) struct TableColumns {
    /// The index of each kind of column, by `Column as usize`.
    pub(super) positions: [Option<usize>; Column::COUNT],
    pub(super) width: usize,
}

impl TableColumns {
    pub(super) fn of(table: &Table) -> Result<TableColumns, String> {
        let mut positions = [None; Column::COUNT];
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
        Ok(TableColumns {
            positions,
            width: table.header.len(),
        })
    }

    pub(super) fn has(&self, column: Column) -> bool {
        self.positions[column as usize].is_some()
    }

    /// An enumeration: values and their names, no types.
    pub(super) fn is_values(&self) -> bool {
        self.has(Column::Value) && !self.has(Column::Type)
    }

    pub(super) fn cell<'a>(&self, row: &'a [String], column: Column) -> Option<&'a str> {
        let index = self.positions[column as usize]?;
        row.get(index).map(String::as_str)
    }
}

/// The names in a table's name column (as the spec states names: plain, trimmed),
/// when it is an API table; `None` otherwise.
pub fn row_names(table: &Table) -> Option<Vec<String>> {
    let columns = TableColumns::of(table).ok()?;
    let names = (table.rows.iter())
        .map(|row| {
            let cell = columns.cell(row, Column::Name).unwrap_or_default();
            prose::plain(cell).trim().to_owned()
        })
        .collect();
    Some(names)
}
