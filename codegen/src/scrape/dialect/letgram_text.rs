//! Front-end for the Letgram text export: the docs page saved as text, one element a
//! line. Headings are plain lines, tables are `| a | b |` pipe rows under a
//! `|---|---|` rule, lists are `- item` lines, and code samples (shell, Python,
//! JavaScript, HTML) sit inline between them without any marker.
//!
//! Each line is classified on its own ([`Line::classify`]): a table row, a list item,
//! code, a heading, or a paragraph. Code is told by its syntax (leading punctuation,
//! assignments, calls, language keywords); headings by their shape
//! ([`text::looks_like_heading`]). Page conventions normalised here, for the shared
//! stages to see items the way every page shows them:
//! - `Update Object` is the heading of the item `Update`;
//! - a capitalised single word without a table groups items (`Keyboards`), see
//!   [`text::item_level`].

use std::sync::LazyLock;

use regex::Regex;

use super::text;
use super::{Dialect, FrontEnd, Reading};
use crate::diagnostics::{Diagnostics, Location};
use crate::scrape::names::Grammar;
use crate::scrape::raw::{Block, RawPage, RawSection, Table};

impl Dialect {
    /// A text export with plain-line headings and `| a | b |` pipe tables (Letgram).
    pub const LETGRAM_TEXT: Dialect = Dialect(&FrontEnd {
        name: "letgram",
        about: "text export with pipe tables (Letgram)",
        extensions: &["txt"],
        grammar: &Grammar::TELEGRAM,
        reading: Reading::Page(read),
        // A `|---|` rule line under a table's header.
        detect: |source| {
            (source.lines().map(str::trim)).any(|l| l.starts_with("|---") || l.starts_with("| ---"))
        },
    });
}

/// A line of the export, classified.
#[derive(Debug, PartialEq)]
enum Line<'a> {
    Blank,
    /// `| a | b |`, cells trimmed; `closed` when the line ends with `|`.
    Row {
        cells: Vec<&'a str>,
        closed: bool,
    },
    /// `|---|---|`.
    Rule,
    /// `- item`.
    Item(&'a str),
    Code(&'a str),
    Heading(&'a str),
    Text(&'a str),
}

/// Lines of code start like this: punctuation that prose never starts with.
const CODE_STARTS: &[&str] = &[
    "{", "}", "[", "]", "(", ")", "\"", "'", "`", "<", "#", "//", ".", "-H ", "-d ", "-F ", "-X ",
];

/// Lines of code in the page's languages start with these words.
const CODE_KEYWORDS: &[&str] = &[
    "curl ",
    "import ",
    "const ",
    "let ",
    "var ",
    "await ",
    "function ",
    "if (",
    "with ",
    "return ",
    "print(",
];

impl<'a> Line<'a> {
    fn classify(line: &'a str) -> Line<'a> {
        static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
            // `x = …`, `f(…`, `a.b…`, or a lower-case object key `key: …`.
            Regex::new(r"^(?:[A-Za-z_$][A-Za-z0-9_$]*\s*=|[A-Za-z_$][A-Za-z0-9_$]*\(|[A-Za-z_$][A-Za-z0-9_$]*\.[A-Za-z_]|[a-z_][a-z0-9_]*:\s)")
                .expect("valid regex")
        });
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return Line::Blank;
        }
        if trimmed.starts_with('|') {
            let inner = trimmed.trim_start_matches('|');
            let closed = inner.ends_with('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
            {
                return Line::Rule;
            }
            return Line::Row { cells, closed };
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            return Line::Item(item);
        }
        let single_token = !trimmed.contains(char::is_whitespace);
        if CODE_STARTS.iter().any(|s| trimmed.starts_with(s))
            || CODE_KEYWORDS.iter().any(|k| trimmed.starts_with(k))
            || STATEMENT.is_match(trimmed)
            || trimmed.ends_with(['{', '[', '(', ';', '\\'])
            || (single_token && !text::is_identifier(trimmed))
        {
            return Line::Code(trimmed);
        }
        if text::looks_like_heading(trimmed) {
            return Line::Heading(trimmed);
        }
        Line::Text(trimmed)
    }
}

/// The item a heading names: `Update Object` → `Update`.
fn heading_title(heading: &str) -> &str {
    match heading.strip_suffix(" Object") {
        Some(name) if text::is_identifier(name) => name,
        _ => heading,
    }
}

pub fn read(source: &str, diags: &mut Diagnostics) -> RawPage {
    let mut page = RawPage::default();
    let mut reader = Reader::default();
    let footer = footer(source);
    for (index, line) in source.lines().enumerate() {
        let number = index + 1;
        if footer.is_some_and(|(at, _)| at == index) {
            continue;
        }
        let classified = Line::classify(line);
        if page.sections.is_empty() {
            // Content before the first heading belongs to the page itself; a heading
            // on the first line is the page's title.
            let title = match classified {
                Line::Heading(title) => Some(title.to_owned()),
                _ => None,
            };
            page.sections.push(RawSection {
                level: 1,
                title: title.clone().unwrap_or_default(),
                line: number,
                ..RawSection::default()
            });
            if title.is_some() {
                page.title = title;
                continue;
            }
        }
        // Where the line's text starts: after its indentation.
        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        reader.line(
            &mut page,
            classified,
            Location::at(number, indent + 1),
            diags,
        );
    }
    reader.flush(&mut page);
    for section in page.sections.iter_mut().skip(1) {
        section.level = text::item_level(section);
    }
    text::check_end(&page, diags);
    text::check_tables(&page, diags);
    match (footer, page.sections.first_mut()) {
        // The footer is about the page: it belongs to no section.
        (Some((_, line)), Some(first)) => first.blocks.push(Block::Text(text::escape(line))),
        _ => {
            let section = page.sections.last().map_or("", |s| s.title.as_str());
            let last = source.lines().count();
            diags.error(
                section,
                format!(
                    "line {last}: the export ends early: it does not end with the page's footer (a line starting with the page's title, `Letgram Bot API v1.0 — …`); export the page again"
                ),
            );
        }
    }
    page
}

/// A Letgram export ends with the page's footer, a line that starts with the page's
/// title (`Letgram Bot API v1.0 — letgram.ru — © 2026 Letgram`): an export cut
/// anywhere before it lacks it. The footer's index and text, when the page has one.
fn footer(source: &str) -> Option<(usize, &str)> {
    let mut lines = (source.lines().enumerate()).filter(|(_, l)| !l.trim().is_empty());
    let (_, title) = lines.next()?;
    let title = title.trim();
    let (index, last) = lines.last()?;
    let last = last.trim();
    let is_heading = matches!(Line::classify(title), Line::Heading(_));
    (is_heading && last.starts_with(title)).then_some((index, last))
}

/// What is being gathered across lines.
#[derive(Default)]
struct Reader {
    table: Option<Table>,
    code: Vec<String>,
    list: Vec<String>,
}

impl Reader {
    fn line(
        &mut self,
        page: &mut RawPage,
        line: Line<'_>,
        location: Option<Location>,
        diags: &mut Diagnostics,
    ) {
        let number = location.map_or(0, |l| l.line);
        match line {
            Line::Row { cells, closed } => {
                if !closed {
                    diags.error(
                        current(page).title.clone(),
                        format!("line {number}: a table row without its closing `|`: cut in its last cell"),
                    );
                }
                self.flush_code(page);
                self.flush_list(page);
                match &mut self.table {
                    None => {
                        self.table = Some(Table {
                            header: cells.iter().map(|c| text::escape(c)).collect(),
                            line: number,
                            ..Table::default()
                        })
                    }
                    Some(table) => {
                        let mut row: Vec<String> = cells.iter().map(|c| text::escape(c)).collect();
                        // A `|` inside the last cell ("String | null") splits it: join it back.
                        let width = table.header.len();
                        if width > 0 && row.len() > width {
                            let rest = row.split_off(width - 1);
                            row.push(rest.join(" | "));
                        }
                        table.rows.push(row);
                        table.row_locations.push(location);
                    }
                }
            }
            Line::Rule => {
                let expected = self.table.as_ref().is_some_and(|t| t.rows.is_empty());
                if !expected {
                    diags.warning_at(
                        location,
                        current(page).title.clone(),
                        "a table rule not under a table header; ignored",
                    );
                }
            }
            Line::Blank => {}
            other => {
                let text = match other {
                    Line::Code(t) | Line::Item(t) | Line::Heading(t) | Line::Text(t) => t,
                    _ => "",
                };
                // `a | b | c |` after a table's rows: a row that lost its leading `|`.
                if self.table.is_some() && text.matches(" | ").count() >= 2 {
                    diags.error(
                        current(page).title.clone(),
                        format!("line {number}: a table row without its leading `|`; it would be read as text"),
                    );
                }
                self.flush_table(page);
                match other {
                    Line::Code(code) => {
                        self.flush_list(page);
                        self.code.push(code.to_owned());
                    }
                    Line::Item(item) => {
                        self.flush_code(page);
                        self.list.push(text::escape(item));
                    }
                    Line::Heading(heading) => {
                        self.flush(page);
                        page.sections.push(RawSection {
                            level: 3,
                            title: heading_title(heading).to_owned(),
                            line: number,
                            ..RawSection::default()
                        });
                    }
                    Line::Text(paragraph) => {
                        self.flush_code(page);
                        self.flush_list(page);
                        current(page)
                            .blocks
                            .push(Block::Text(text::escape(paragraph)));
                    }
                    Line::Row { .. } | Line::Rule | Line::Blank => {}
                }
            }
        }
    }

    fn flush(&mut self, page: &mut RawPage) {
        self.flush_table(page);
        self.flush_code(page);
        self.flush_list(page);
    }

    fn flush_table(&mut self, page: &mut RawPage) {
        if let Some(table) = self.table.take() {
            current(page).blocks.push(Block::Table(table));
        }
    }

    fn flush_code(&mut self, page: &mut RawPage) {
        if !self.code.is_empty() {
            let code = std::mem::take(&mut self.code).join("\n");
            current(page).blocks.push(Block::Code(code));
        }
    }

    fn flush_list(&mut self, page: &mut RawPage) {
        if !self.list.is_empty() {
            let items = std::mem::take(&mut self.list);
            current(page).blocks.push(Block::List(items));
        }
    }
}

fn current(page: &mut RawPage) -> &mut RawSection {
    if page.sections.is_empty() {
        page.sections.push(RawSection {
            level: 1,
            ..RawSection::default()
        });
    }
    let last = page.sections.len() - 1;
    &mut page.sections[last]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_lines() {
        assert_eq!(Line::classify("sendMessage"), Line::Heading("sendMessage"));
        assert_eq!(
            Line::classify("Update Object"),
            Line::Heading("Update Object")
        );
        assert_eq!(
            Line::classify("import requests"),
            Line::Code("import requests")
        );
        assert_eq!(Line::classify("TOKEN = \"1\""), Line::Code("TOKEN = \"1\""));
        assert_eq!(
            Line::classify("body: JSON.stringify({"),
            Line::Code("body: JSON.stringify({")
        );
        assert_eq!(
            Line::classify("webapp.ready();"),
            Line::Code("webapp.ready();")
        );
        assert_eq!(Line::classify("body {"), Line::Code("body {"));
        assert_eq!(
            Line::classify("123456789:ABCDefgh-IJKL"),
            Line::Code("123456789:ABCDefgh-IJKL")
        );
        assert_eq!(Line::classify("|---|---|"), Line::Rule);
        assert_eq!(
            Line::classify("| a | b |"),
            Line::Row {
                cells: vec!["a", "b"],
                closed: true
            }
        );
        assert_eq!(
            Line::classify("| a | b"),
            Line::Row {
                cells: vec!["a", "b"],
                closed: false
            }
        );
        assert_eq!(
            Line::classify("- Send messages"),
            Line::Item("Send messages")
        );
        assert_eq!(Line::classify("Bots can:"), Line::Text("Bots can:"));
        assert_eq!(
            Line::classify("Use this method to send text messages."),
            Line::Text("Use this method to send text messages.")
        );
    }

    #[test]
    fn reads_sections_tables_and_code() {
        let source = "Letgram Bot API\nIntro.\nAvailable Types\nUpdate Object\nAn update.\n\
                      | Field | Type | Description |\n|---|---|---|\n| update_id | Integer | The id. |\n\
                      | data | String | A | B |\ncurl \"x\"\nLetgram Bot API v1.0\n";
        let mut diags = Diagnostics::new("t.txt");
        let page = read(source, &mut diags);
        assert!(diags.items().is_empty(), "{diags}");
        assert_eq!(page.title.as_deref(), Some("Letgram Bot API"));
        let titles: Vec<(u8, &str)> = page
            .sections
            .iter()
            .map(|s| (s.level, s.title.as_str()))
            .collect();
        assert_eq!(
            titles,
            [
                (1, "Letgram Bot API"),
                (3, "Available Types"),
                (4, "Update")
            ]
        );
        let update = &page.sections[2];
        let table = update.tables().next().unwrap();
        assert_eq!(table.line, 6);
        assert_eq!(table.rows[1], ["data", "String", "A | B"]);
        assert!(matches!(update.blocks.last(), Some(Block::Code(c)) if c == "curl \"x\""));
    }

    #[test]
    fn a_row_without_its_leading_bar_is_an_error() {
        let source = "Letgram Bot API\nUser\n| Field | Type | Description |\n|---|---|---|\n\
                      | id | Integer | The id. |\nname | String | The name. |\nLetgram Bot API v1.0\n";
        let mut diags = Diagnostics::new("t.txt");
        read(source, &mut diags);
        let text = diags.to_string();
        assert!(
            text.contains("[User] line 6: a table row without its leading `|`"),
            "{text}"
        );
    }
}
