//! The raw page: what a dialect front-end reads out of a page, before any meaning is
//! given to it. Every front-end (Telegram HTML, Letgram text, Potato text) produces this
//! same shape; everything after it ([`crate::scrape::extract`]) is shared.

use std::cell::OnceCell;

use rustc_hash::FxHashMap;

use crate::diagnostics::Location;

/// A page as a flat list of sections, in page order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPage {
    /// The page's title, if it has one (`<title>`, or the first line of a text export).
    pub title: Option<String>,
    pub sections: Vec<RawSection>,
}

/// A heading and the blocks under it, up to the next heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawSection {
    /// Heading level: 1 for the page title, 3 for groups ("Available types"),
    /// 4 for items ("User", "sendMessage"). Text dialects map their headings onto these.
    pub level: u8,
    pub title: String,
    /// The page's own anchor for the heading, when it has one.
    pub anchor: Option<String>,
    /// The address of the page the section is on, when it is an extra page of the API
    /// (`None`: the main page, [`crate::spec::Api::doc_url`]).
    pub page: Option<String>,
    /// 1-based line of the heading in the source, for error messages.
    pub line: usize,
    pub blocks: Vec<Block>,
}

/// A block of content, as plain text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph (or blockquote); line breaks inside it are kept as `\n`.
    Text(String),
    /// A bulleted or numbered list, one string per item.
    List(Vec<String>),
    /// A table with its header cells and rows of cells.
    Table(Table),
    /// Preformatted text (code samples).
    Code(String),
    /// A fact an item states about itself under a label of its own, as text pages do
    /// ("Request Method" → "GET"). The front-end recognises the label; the value is text.
    Labeled { label: Label, value: String },
}

impl Block {
    /// Every text the block holds: its paragraph, code or labeled value, its list
    /// items, or its table's cells (the rows, not the header).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let (one, items, rows): (Option<&String>, &[String], &[Vec<String>]) = match self {
            Block::Text(t) | Block::Code(t) | Block::Labeled { value: t, .. } => {
                (Some(t), &[], &[])
            }
            Block::List(items) => (None, items, &[]),
            Block::Table(table) => (None, &[], &table.rows),
        };
        one.into_iter()
            .chain(items)
            .chain(rows.iter().flatten())
            .map(String::as_str)
    }
}

/// What a [`Block::Labeled`] states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The URL a method is called at ("Request URL").
    RequestUrl,
    /// The HTTP verb a method is called with ("Request Method").
    HttpMethod,
}

/// What a table describes within its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableRole {
    /// The item itself: fields of a type, parameters of a method, values of an enum.
    #[default]
    Item,
    /// What a method returns ("Return Parameter"): fields of its result object.
    Result,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// 1-based line of the table's start in the source.
    pub line: usize,
    /// What the table describes, when the page labels its tables.
    pub role: TableRole,
    /// Where each row starts in the source, by row; empty when the front-end cannot
    /// tell (tables built by hand).
    pub row_locations: Vec<Option<Location>>,
}

impl Table {
    /// Where row `index` starts, when known; else where the table does.
    pub fn row_location(&self, index: usize) -> Option<Location> {
        (self.row_locations.get(index).copied().flatten()).or_else(|| Location::line(self.line))
    }
}

impl RawSection {
    /// The text blocks of the section, joined by blank lines: its description.
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .filter_map(|block| match block {
                Block::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Table(table) => Some(table),
            _ => None,
        })
    }
}

/// Where the items of a page are, for problems found after extraction (in the spec):
/// an item by its heading, a field or parameter by its row. Built on the first
/// question: a page without such problems pays nothing.
pub struct Places<'p> {
    page: &'p RawPage,
    /// The first section of each heading.
    titles: OnceCell<FxHashMap<&'p str, &'p RawSection>>,
    /// The first two sections of each heading's letters ([`Places::damaged_heading`]).
    letters: OnceCell<FxHashMap<String, [Option<&'p RawSection>; 2]>>,
}

impl<'p> Places<'p> {
    pub fn new(page: &'p RawPage) -> Self {
        Places {
            page,
            titles: OnceCell::new(),
            letters: OnceCell::new(),
        }
    }

    fn section(&self, title: &str) -> Option<&'p RawSection> {
        let titles = self.titles.get_or_init(|| {
            let mut titles = FxHashMap::default();
            for section in &self.page.sections {
                titles.entry(section.title.trim()).or_insert(section);
            }
            titles
        });
        titles.get(title).copied()
    }

    /// The heading of the item `name`.
    pub fn item(&self, name: &str) -> Option<Location> {
        Location::line(self.section(name)?.line)
    }

    /// The row of `field` in the item's tables (a cell that reads as the name), else
    /// the item's heading.
    pub fn row(&self, item: &str, field: &str) -> Option<Location> {
        let section = self.section(item)?;
        for table in section.tables() {
            for (index, row) in table.rows.iter().enumerate() {
                if row
                    .iter()
                    .any(|cell| crate::scrape::prose::plain(cell).trim() == field)
                {
                    return table.row_location(index);
                }
            }
        }
        Location::line(section.line)
    }

    /// A heading that is not `name` but reads as it once everything but letters and
    /// digits is left out (`Mess age`, `Message:`): a damaged heading, the likely
    /// reason `name` is undefined.
    pub fn damaged_heading(&self, name: &str) -> Option<(&'p str, Option<Location>)> {
        let letters = self.letters.get_or_init(|| {
            let mut letters: FxHashMap<String, [Option<&'p RawSection>; 2]> = FxHashMap::default();
            for section in &self.page.sections {
                let found = letters.entry(letters_of(&section.title)).or_default();
                if let Some(free) = found.iter_mut().find(|s| s.is_none()) {
                    *free = Some(section);
                }
            }
            letters
        });
        (letters.get(&letters_of(name))?.iter().flatten())
            .find(|s| s.title.trim() != name)
            .map(|s| (s.title.as_str(), Location::line(s.line)))
    }
}

/// The letters and digits of a text, in lower case.
fn letters_of(text: &str) -> String {
    (text.chars())
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
/// What a column of an API table holds, by its header: the one vocabulary of table
/// headers, for extraction and for the dialects that find tables in text (Potato's
/// flattened tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The row's name: a field, parameter or enumeration value.
    Name,
    Type,
    Required,
    Description,
    /// The wire value of an enumeration's member.
    Value,
}

impl Column {
    /// How many kinds of column there are.
    pub const COUNT: usize = 5;

    /// The headers pages write, as they write them, longest first where one begins
    /// another (a text dialect matches them as words of a header line).
    pub const HEADERS: &'static [(&'static str, Column)] = &[
        ("Enumeration value", Column::Name),
        ("Parameters", Column::Name),
        ("Parameter", Column::Name),
        ("Field", Column::Name),
        ("Name", Column::Name),
        ("Type", Column::Type),
        ("Required", Column::Required),
        ("Description", Column::Description),
        ("Comments", Column::Description),
        ("Value", Column::Value),
        ("Code", Column::Value),
    ];

    /// The column a table cell's header names, in any case.
    pub fn from_header(header: &str) -> Option<Column> {
        let header = header.trim();
        (Column::HEADERS.iter())
            .find(|(name, _)| name.eq_ignore_ascii_case(header))
            .map(|(_, column)| *column)
    }
}
