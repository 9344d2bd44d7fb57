//! Front-end for the Potato text export: an HTML page saved as text, whose table cells
//! were flattened into space-separated lines under a header line:
//!
//! ```text
//! Parameter Required Type Description
//! chat_type Yes ChatType Type for the target chat
//! ```
//!
//! Headers come in several column orders (`Parameter Type Required Description`,
//! `Field Required Type Comments`, `Value Enumeration value Description`, …). A row is
//! split by its header: a name is one word, `Required` one of Yes/No/Optional, a value
//! one integer, a type the longest run of words the type grammar accepts
//! ([`TypeExpr`]), and the last column takes the rest of the line. A row that only fits
//! with Type and Required swapped (the page has some) is read that way, with a warning.
//!
//! Items are made of labelled parts ("Request URL", "Request Method", "A brief
//! description", "Request Parameter", "Return Parameter", "Request Example", …). They
//! become the item's blocks: text, [`Block::Labeled`] facts, tables with their
//! [`TableRole`], and code. Other headings are lines after a blank line that have a
//! heading's shape. Page conventions normalised here:
//! - `Chat Type` over a table of values is the enumeration `ChatType`;
//! - bullets (`•`, `1.`) are the page's paragraphs.

use super::text;
use super::{Dialect, FrontEnd, Reading};
use crate::diagnostics::{Diagnostics, Location};
use crate::scrape::names::{Case, Grammar};
use crate::scrape::raw::{Block, Column, Label, RawPage, RawSection, Table, TableRole};
use crate::spec::typeexpr::TypeExpr;

impl Dialect {
    /// A text export whose table cells were flattened into space-separated lines under
    /// a header line, items made of labelled parts (Potato).
    pub const POTATO_TEXT: Dialect = Dialect(&FrontEnd {
        name: "potato",
        about: "text export with flattened tables (Potato)",
        extensions: &["txt"],
        // Potato's result objects have capitalised keys (`GetGroupsResult.Groups`,
        // `Peer.PeerID`); its parameters do not.
        grammar: &Grammar {
            fields: &[Case::Snake, Case::Pascal],
            ..Grammar::TELEGRAM
        },
        reading: Reading::Page(read),
        // A header line such as `Parameter Required Type Description`, or the labels
        // of items' parts such as `Request URL`.
        detect: |source| source.lines().map(str::trim).any(is_flattened_marker),
    });
}

const REQUIRED_WORDS: &[&str] = &["Yes", "No", "Optional", "Optional*"];

/// A labelled part of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Text,
    Label(Label),
    Params,
    Result,
    Example,
}

fn part_of(line: &str) -> Option<Part> {
    Some(match line.trim().to_ascii_lowercase().as_str() {
        "a brief description" | "description" | "notes" => Part::Text,
        "request url" => Part::Label(Label::RequestUrl),
        "request method" => Part::Label(Label::HttpMethod),
        "request parameter" | "request parameters" => Part::Params,
        "return parameter" | "return parameters" => Part::Result,
        "request example" | "return example" | "sample code" => Part::Example,
        _ => return None,
    })
}

/// A line only this format has: a flattened table's header, or an item part's label.
pub(crate) fn is_flattened_marker(line: &str) -> bool {
    header(line).is_some_and(|(_, columns)| {
        columns.contains(&Column::Type) || columns.contains(&Column::Value) && columns.len() >= 3
    }) || matches!(
        part_of(line),
        Some(Part::Label(_) | Part::Params | Part::Result)
    )
}

/// A table header line: known column names only, at least two, one of them naming
/// the rows (a name or a value).
fn header(line: &str) -> Option<(Vec<String>, Vec<Column>)> {
    let mut rest = line.trim();
    let (mut cells, mut columns) = (Vec::new(), Vec::new());
    while !rest.is_empty() {
        let (name, col) = Column::HEADERS.iter().find(|(name, _)| {
            rest.strip_prefix(name)
                .is_some_and(|after| after.is_empty() || after.starts_with(' '))
        })?;
        cells.push((*name).to_owned());
        columns.push(*col);
        rest = rest[name.len()..].trim_start();
    }
    let names_rows = columns.contains(&Column::Name) || columns.contains(&Column::Value);
    (columns.len() >= 2 && names_rows).then_some((cells, columns))
}

/// Splits a flattened row by its columns; `None` when it does not fit them.
fn split_row(line: &str, columns: &[Column]) -> Option<Vec<String>> {
    let tokens: Vec<(usize, &str)> = line
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - line.as_ptr() as usize, t))
        .collect();
    let fits = |col: Column, token: Option<&(usize, &str)>| {
        let Some((_, token)) = token else {
            return false;
        };
        match col {
            Column::Name => text::is_identifier(token),
            Column::Required => REQUIRED_WORDS.contains(token),
            Column::Value => token.parse::<i64>().is_ok(),
            Column::Type => !REQUIRED_WORDS.contains(token),
            Column::Description => true,
        }
    };
    let mut cells = Vec::new();
    let mut at = 0;
    let (last, leading) = columns.split_last()?;
    for (i, col) in leading.iter().enumerate() {
        let next = leading.get(i + 1).copied();
        let width = match col {
            Column::Description => return None,
            Column::Type => (1..=8.min(tokens.len().saturating_sub(at)))
                .rev()
                .find(|&k| {
                    let words: Vec<&str> = tokens[at..at + k].iter().map(|t| t.1).collect();
                    fits(Column::Type, tokens.get(at))
                        && TypeExpr::parse(&words.join(" ")).is_ok()
                        && next.is_none_or(|next| fits(next, tokens.get(at + k)))
                })?,
            other => {
                if !fits(*other, tokens.get(at)) {
                    return None;
                }
                1
            }
        };
        let words: Vec<&str> = tokens[at..at + width].iter().map(|t| t.1).collect();
        cells.push(words.join(" "));
        at += width;
    }
    let rest = tokens
        .get(at)
        .map_or("", |(offset, _)| line[*offset..].trim());
    if *last != Column::Description && !fits(*last, tokens.get(at)) {
        return None;
    }
    cells.push(rest.to_owned());
    Some(cells)
}

/// A bullet (`• text`, `1. text`): its text.
fn bullet(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix('•') {
        return Some(rest.trim());
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let rest = trimmed[digits..].strip_prefix(". ")?;
    (digits > 0 && line.starts_with(char::is_whitespace)).then_some(rest.trim())
}

pub fn read(source: &str, diags: &mut Diagnostics) -> RawPage {
    let mut reader = Reader {
        page: RawPage {
            title: None,
            sections: vec![RawSection {
                level: 1,
                line: 1,
                ..RawSection::default()
            }],
        },
        part: Part::Text,
        table: None,
        paragraph: Vec::new(),
        code: None,
        awaiting_code: false,
        after_blank: true,
        awaiting_table: None,
    };
    let mut lines = 0;
    for (index, line) in source.lines().enumerate() {
        reader.line(line, index + 1, diags);
        lines = index + 1;
    }
    if let Some(code) = reader
        .code
        .as_ref()
        .filter(|c| c.depth.is_some_and(|d| d > 0))
    {
        let section = reader.page.sections.last().map_or("", |s| s.title.as_str());
        diags.error(
            section,
            format!(
                "line {lines}: the page ends inside a JSON example (from line {}) whose brackets never close: the export was cut",
                code.line
            ),
        );
    }
    reader.no_table_yet(diags);
    reader.flush();
    let mut page = reader.page;
    for section in page.sections.iter_mut().skip(1) {
        if let Some(name) = enumeration_name(section) {
            section.title = name;
        }
        section.level = text::item_level(section);
    }
    text::check_end(&page, diags);
    text::check_tables(&page, diags);
    page
}

/// `Chat Type` over a table of values → `ChatType`.
fn enumeration_name(section: &RawSection) -> Option<String> {
    let name = section.title.strip_suffix(" Type")?;
    let has_values = section
        .tables()
        .any(|t| t.header.iter().any(|h| h == "Value"));
    (text::is_identifier(name) && has_values).then(|| format!("{name}Type"))
}

struct Code {
    /// The line it starts at.
    line: usize,
    lines: Vec<String>,
    /// Open brackets of a JSON sample; `None` for other samples, which end at a blank.
    depth: Option<i64>,
}

struct Reader {
    page: RawPage,
    part: Part,
    table: Option<(Table, Vec<Column>)>,
    /// Lines of the paragraph or bullet being read.
    paragraph: Vec<String>,
    code: Option<Code>,
    /// After an example's label, before its first line.
    awaiting_code: bool,
    after_blank: bool,
    /// A parameters or result label read, and nothing under it yet: its line and text.
    awaiting_table: Option<(usize, String)>,
}

impl Reader {
    fn line(&mut self, line: &str, number: usize, diags: &mut Diagnostics) {
        let trimmed = line.trim();
        if let Some(code) = &mut self.code {
            match &mut code.depth {
                Some(depth) => {
                    code.lines.push(line.trim_end().to_owned());
                    *depth += bracket_balance(line);
                    if *depth <= 0 {
                        self.flush_code();
                    }
                    return;
                }
                None if !trimmed.is_empty() => {
                    code.lines.push(line.trim_end().to_owned());
                    return;
                }
                None => self.flush_code(),
            }
        }
        if trimmed.is_empty() {
            self.flush_paragraph();
            self.flush_table();
            self.after_blank = true;
            return;
        }
        let after_blank = std::mem::replace(&mut self.after_blank, false);
        if let Some(part) = part_of(trimmed) {
            self.no_table_yet(diags);
            self.flush();
            if matches!(part, Part::Params | Part::Result) {
                self.awaiting_table = Some((number, trimmed.to_owned()));
            }
            self.part = part;
            self.awaiting_code = part == Part::Example;
            return;
        }
        if std::mem::take(&mut self.awaiting_code) {
            let json = trimmed.starts_with(['{', '[']);
            self.code = Some(Code {
                line: number,
                lines: vec![line.trim_end().to_owned()],
                depth: json.then(|| bracket_balance(line)),
            });
            if json && bracket_balance(line) <= 0 {
                self.flush_code();
            }
            return;
        }
        if let Some((cells, columns)) = header(trimmed) {
            self.awaiting_table = None;
            self.flush();
            let role = match self.part {
                Part::Result => TableRole::Result,
                _ => TableRole::Item,
            };
            let table = Table {
                header: cells,
                line: number,
                role,
                ..Table::default()
            };
            self.table = Some((table, columns));
            return;
        }
        let bulleted = bullet(line);
        if let (Some((table, columns)), None) = (&mut self.table, bulleted) {
            let section = self.page.sections.last().map(|s| s.title.as_str());
            // Where the row's text starts: after the line's indentation.
            let indent = line.chars().take_while(|c| c.is_whitespace()).count();
            read_row(
                table,
                columns,
                trimmed,
                Location::at(number, indent + 1),
                section.unwrap_or_default(),
                diags,
            );
            return;
        }
        if let Some(text) = bulleted {
            self.awaiting_table = None;
            self.flush_paragraph();
            self.flush_table();
            self.paragraph.push(text.to_owned());
            return;
        }
        let continues_bullet = line.starts_with(char::is_whitespace) && !self.paragraph.is_empty();
        if !continues_bullet && after_blank && text::looks_like_heading(trimmed) {
            self.no_table_yet(diags);
            self.flush();
            self.part = Part::Text;
            self.page.sections.push(RawSection {
                level: 3,
                title: trimmed.to_owned(),
                line: number,
                ..RawSection::default()
            });
            return;
        }
        // A result the page states in words ("An Array of Update objects is returned.").
        self.awaiting_table = None;
        self.paragraph.push(trimmed.to_owned());
    }

    /// Reports a parameters or result label that the next part, heading or the end of
    /// the page follows with nothing under it: the label says the method has some.
    fn no_table_yet(&mut self, diags: &mut Diagnostics) {
        if let Some((line, label)) = self.awaiting_table.take() {
            let section = self.current().title.clone();
            diags.error(
                section,
                format!("line {line}: `{label}` has nothing under it: the export was cut or its table lost"),
            );
        }
    }

    fn current(&mut self) -> &mut RawSection {
        let last = self.page.sections.len() - 1;
        &mut self.page.sections[last]
    }

    fn flush(&mut self) {
        self.flush_paragraph();
        self.flush_table();
        self.flush_code();
    }

    fn flush_paragraph(&mut self) {
        if self.paragraph.is_empty() {
            return;
        }
        let text = text::escape(&std::mem::take(&mut self.paragraph).join("\n"));
        let block = match self.part {
            Part::Label(label) => Block::Labeled { label, value: text },
            _ => Block::Text(text),
        };
        self.current().blocks.push(block);
    }

    fn flush_table(&mut self) {
        if let Some((table, _)) = self.table.take() {
            self.current().blocks.push(Block::Table(table));
        }
    }

    fn flush_code(&mut self) {
        if let Some(code) = self.code.take() {
            self.current()
                .blocks
                .push(Block::Code(code.lines.join("\n")));
        }
    }
}

/// Splits a row into the table, or reports it.
fn read_row(
    table: &mut Table,
    columns: &[Column],
    line: &str,
    location: Option<Location>,
    section: &str,
    diags: &mut Diagnostics,
) {
    if let Some(cells) = split_row(line, columns) {
        table
            .rows
            .push(cells.iter().map(|c| text::escape(c)).collect());
        table.row_locations.push(location);
        return;
    }
    // Some rows put Required before Type (or after it) whatever the header says.
    let mut swapped = columns.to_vec();
    let ty = columns.iter().position(|c| *c == Column::Type);
    let required = columns.iter().position(|c| *c == Column::Required);
    if let (Some(ty), Some(required)) = (ty, required) {
        swapped.swap(ty, required);
        if let Some(mut cells) = split_row(line, &swapped) {
            diags.warning_at(
                location,
                section,
                format!(
                    "row `{line}` has Type and Required the other way round from its header `{}`; read that way",
                    table.header.join(" ")
                ),
            );
            cells.swap(ty, required);
            table
                .rows
                .push(cells.iter().map(|c| text::escape(c)).collect());
            table.row_locations.push(location);
            return;
        }
    }
    diags.error_at(
        location,
        section,
        format!(
            "row `{line}` does not fit its header `{}` (a name, Yes/No/Optional, a type, then a description)",
            table.header.join(" ")
        ),
    );
}

/// Opening minus closing brackets outside string literals.
fn bracket_balance(line: &str) -> i64 {
    let mut balance = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => balance += 1,
            '}' | ']' if !in_string => balance -= 1,
            _ => {}
        }
    }
    balance
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(line: &str) -> Vec<Column> {
        header(line).unwrap().1
    }

    #[test]
    fn headers_in_any_order() {
        assert_eq!(
            cols("Parameter Required Type Description"),
            [
                Column::Name,
                Column::Required,
                Column::Type,
                Column::Description
            ]
        );
        assert_eq!(
            cols("Value Enumeration value Description"),
            [Column::Value, Column::Name, Column::Description]
        );
        assert_eq!(cols("Code Type"), [Column::Value, Column::Type]);
        assert!(header("Chat Type").is_none());
        assert!(header("Request Parameter").is_none());
    }

    #[test]
    fn rows_split_by_the_type_grammar() {
        let split = |line: &str, header_line: &str| split_row(line, &cols(header_line));
        assert_eq!(
            split(
                "chat_type Yes ChatType Type for the target chat",
                "Parameter Required Type Description"
            )
            .unwrap(),
            ["chat_type", "Yes", "ChatType", "Type for the target chat"]
        );
        assert_eq!(
            split(
                "photo Yes InputFile or String Sends a photo.",
                "Parameter Required Type Description"
            )
            .unwrap(),
            ["photo", "Yes", "InputFile or String", "Sends a photo."]
        );
        assert_eq!(
            split(
                "keyboard Array of KeyboardButtonRow Yes Custom keyboard",
                "Field Type Required Comments"
            )
            .unwrap(),
            [
                "keyboard",
                "Array of KeyboardButtonRow",
                "Yes",
                "Custom keyboard"
            ]
        );
        assert_eq!(
            split("Groups String[] groups", "Parameter Type Description").unwrap(),
            ["Groups", "String[]", "groups"]
        );
        assert_eq!(
            split(
                "1 PeerUser user chat",
                "Value Enumeration value Description"
            )
            .unwrap(),
            ["1", "PeerUser", "user chat"]
        );
        assert_eq!(
            split("1001 internal server error", "Code Type").unwrap(),
            ["1001", "internal server error"]
        );
        // Required first under a header that says Type first: does not fit as is.
        assert!(split(
            "id Yes Integer The user's unique ID",
            "Parameter Type Required Description"
        )
        .is_none());
    }

    #[test]
    fn reads_items_with_parts() {
        let source = "Intro line!\n\nsendThing\n\nRequest URL\n\n  • https://x.example/<bot_token>/sendThing\n\
                      Request Method\n  • GET\nA brief description\n  • Use this method. Returns True on success.\n\
                      Request Parameter\nParameter Type Required Description\nid Yes Integer The id\n\
                      Request Example\n{\n  \"id\": 1\n}\nReturn Parameter\nParameter Type Description\n\
                      ok Boolean Whether it worked\n\nChat Type\n\n  • Kinds of chats.\n\
                      Value Enumeration value Description\n1 PeerUser user chat\n";
        let mut diags = Diagnostics::new("p.txt");
        let page = read(source, &mut diags);
        assert_eq!(diags.warnings().count(), 1, "{diags}");
        let titles: Vec<(u8, &str)> = page
            .sections
            .iter()
            .map(|s| (s.level, s.title.as_str()))
            .collect();
        assert_eq!(titles, [(1, ""), (4, "sendThing"), (4, "ChatType")]);
        let blocks = &page.sections[1].blocks;
        assert!(
            matches!(&blocks[0], Block::Labeled { label: Label::RequestUrl, value } if value == "https://x.example/\\<bot_token\\>/sendThing")
        );
        assert!(
            matches!(&blocks[1], Block::Labeled { label: Label::HttpMethod, value } if value == "GET")
        );
        assert!(matches!(&blocks[2], Block::Text(t) if t.starts_with("Use this method")));
        let tables: Vec<&Table> = page.sections[1].tables().collect();
        // Read with Type and Required swapped back into the header's order.
        assert_eq!(tables[0].rows, [["id", "Integer", "Yes", "The id"]]);
        assert_eq!(tables[0].role, TableRole::Item);
        assert_eq!(tables[1].role, TableRole::Result);
        assert!(matches!(&blocks[4], Block::Code(c) if c.contains("\"id\": 1")));
    }
}
