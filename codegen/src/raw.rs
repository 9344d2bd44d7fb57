//! The raw page: what a dialect front-end reads out of a page, before any meaning is
//! given to it. Every front-end (Telegram HTML, Letgram text, Potato text) produces this
//! same shape; everything after it ([`crate::extract`]) is shared.

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

/// Whether a character of page text would read as Markdown or HTML markup in a
/// description; such characters are escaped with `\`.
pub const fn is_markup_char(c: char) -> bool {
    matches!(c, '\\' | '*' | '[' | ']' | '<' | '>' | '`')
}

/// Appends page text to a description, escaping what would read as markup.
pub fn escape_markdown(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_markup_char(c) {
            out.push('\\');
        }
        out.push(c);
    }
}
