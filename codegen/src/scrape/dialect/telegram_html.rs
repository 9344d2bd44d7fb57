//! Front-end for core.telegram.org-style HTML pages (Telegram Bot API, Gateway API).
//!
//! The content lives in `#dev_page_content` as a flat run of elements: headings
//! (`h3` groups, `h4` items, `h6` sub-headings), paragraphs, lists, tables, blockquotes,
//! code. A state-free walk over those children builds [`RawSection`]s; inline markup is
//! kept as light Markdown (emphasis, code, links) so that later stages can see
//! `_Optional_`, `must be _photo_` and `[Message](#message)` links.

use std::sync::LazyLock;

use scraper::node::Node;
use scraper::CaseSensitivity::CaseSensitive;
use scraper::{ElementRef, Html, Selector};

use super::html_positions::{self, Positions};
use super::html_tables::{self, SourceTable};
use super::{Dialect, FrontEnd, Reading};
use crate::diagnostics::{Diagnostics, Location};
use crate::scrape::names::Grammar;
use crate::scrape::raw::{Block, RawPage, RawSection, Table};
use crate::spec::markup;

impl Dialect {
    /// core.telegram.org-style HTML: `#dev_page_content` with `h3`/`h4` headings and
    /// tables (the Telegram Bot API, the Telegram Gateway API).
    pub const TELEGRAM_HTML: Dialect = Dialect(&FrontEnd {
        name: "telegram",
        about: "core.telegram.org-style HTML (Telegram Bot API, Gateway API)",
        extensions: &["html", "htm"],
        grammar: &Grammar::TELEGRAM,
        reading: Reading::Page(read),
        detect: |source| {
            let head = super::head(source, 4096).to_ascii_lowercase();
            head.contains("<html") || head.contains("<!doctype html")
        },
    });
}

/// Compiles a CSS selector once per call site (compiling is costly next to a page walk).
macro_rules! selector {
    ($css:literal) => {{
        static SELECTOR: LazyLock<Selector> =
            LazyLock::new(|| Selector::parse($css).expect("valid CSS selector"));
        &*SELECTOR
    }};
}

pub fn read(source: &str, diags: &mut Diagnostics) -> RawPage {
    let (document, positions) = html_positions::parse(source);
    read_located(&document, Some(&positions), source, diags)
}

/// Reads an already parsed document; `source` is used for line numbers and the
/// truncation check. Only headings have lines: [`read`] knows where every element is.
pub fn read_document(document: &Html, source: &str, diags: &mut Diagnostics) -> RawPage {
    read_located(document, None, source, diags)
}

fn read_located(
    document: &Html,
    positions: Option<&Positions>,
    source: &str,
    diags: &mut Diagnostics,
) -> RawPage {
    let at = |element: ElementRef<'_>| positions.and_then(|p| p.of(element.id()));
    let mut writer = InlineWriter::default();
    let mut page = RawPage {
        title: select_first(document.root_element(), selector!("title"))
            .map(|t| writer.of(t, false)),
        sections: Vec::new(),
    };
    // Comments may follow `</html>` ("page generated in …"); a cut page has none.
    // Searched from the end, where it is.
    if source.rfind("</html>").is_none() && source.rfind("</HTML>").is_none() {
        // Placed where the page ends: the cut.
        let last_line = memchr::memchr_iter(b'\n', source.as_bytes()).count() + 1;
        diags.error_at(
            Location::line(last_line),
            "",
            "the page is truncated: it does not end with `</html>`; download it again",
        );
    }
    let Some(content) = select_first(document.root_element(), selector!("#dev_page_content"))
    else {
        diags.error(
            "",
            "not a Bot API documentation page: no `#dev_page_content` element",
        );
        return page;
    };
    let mut lines = LineFinder::new(source);
    // The section each table of the content is read under, for diagnostics.
    let mut table_sections = Vec::new();
    // Content before the first heading belongs to the page itself.
    page.sections.push(RawSection {
        level: 1,
        title: page.title.clone().unwrap_or_default(),
        line: 1,
        ..RawSection::default()
    });
    for child in content.children() {
        let element = match child.value() {
            Node::Element(_) => ElementRef::wrap(child).expect("element node"),
            Node::Text(text) if text.trim().is_empty() => continue,
            Node::Text(text) => {
                current(&mut page).blocks.push(Block::Text(collapse(text)));
                continue;
            }
            _ => continue,
        };
        let tag = element.value().name();
        match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                // `<h4><a class="anchor" name="user" …></a>User</h4>`
                let anchor = element
                    .child_elements()
                    .find(|a| {
                        a.value().name() == "a" && a.value().has_class("anchor", CaseSensitive)
                    })
                    .and_then(|a| a.value().attr("name"))
                    .map(str::to_owned);
                let line = match at(element) {
                    Some(location) => location.line,
                    None => anchor.as_deref().map_or(0, |a| lines.line_of_anchor(a)),
                };
                page.sections.push(RawSection {
                    level: tag[1..].parse().unwrap_or(6),
                    title: writer.of(element, false),
                    anchor,
                    line,
                    page: None,
                    blocks: Vec::new(),
                });
            }
            "p" => push_text(&mut page, writer.of(element, true)),
            "blockquote" => {
                // A blockquote holds paragraphs of its own, or inline text directly.
                let paragraphs: Vec<_> = element
                    .child_elements()
                    .filter(|e| e.value().name() == "p")
                    .map(|p| writer.of(p, true))
                    .collect();
                if paragraphs.is_empty() {
                    push_text(&mut page, writer.of(element, true));
                } else {
                    paragraphs.into_iter().for_each(|p| push_text(&mut page, p));
                }
            }
            "ul" | "ol" => {
                let items = element
                    .child_elements()
                    .filter(|e| e.value().name() == "li")
                    .map(|li| writer.of(li, true))
                    .collect();
                current(&mut page).blocks.push(Block::List(items));
            }
            "table" => {
                let section = current(&mut page).title.clone();
                let table = read_table(element, &at, &mut writer, &section, diags);
                table_sections.push((element, section));
                current(&mut page).blocks.push(Block::Table(table));
            }
            "pre" => {
                let code = element.text().collect::<String>();
                current(&mut page).blocks.push(Block::Code(code));
            }
            // Images and rules carry no API content.
            "hr" | "img" => {}
            "div" if element.select(selector!("table, h3, h4")).next().is_none() => {}
            other => {
                let section = current(&mut page).title.clone();
                diags.warning_at(
                    at(element),
                    section,
                    format!("unexpected `<{other}>` element in the page content; ignored"),
                );
            }
        }
    }
    check_tables(document, source, &page, &table_sections, diags);
    page
}

/// Compares the tables of the parsed document with the tables of the source: a table
/// whose rows or cells the parser did not keep where the source put them (it ended
/// early, a cell sits outside a row, text sits between rows) is reported, so that no
/// row turns silently into loose text or disappears.
fn check_tables(
    document: &Html,
    source: &str,
    page: &RawPage,
    table_sections: &[(ElementRef<'_>, String)],
    diags: &mut Diagnostics,
) {
    let written = html_tables::scan(source);
    let parsed: Vec<(ElementRef<'_>, SourceTable)> = document
        .select(selector!("table"))
        .filter(|t| {
            !(t.ancestors().filter_map(ElementRef::wrap)).any(|a| a.value().name() == "table")
        })
        .map(|table| {
            let mut counts = SourceTable::default();
            for inner in table.descendants().filter_map(ElementRef::wrap) {
                match inner.value().name() {
                    "tr" => counts.rows += 1,
                    "td" | "th" => counts.cells += 1,
                    "table" => counts.nested += 1,
                    _ => {}
                }
            }
            // The table itself is among its descendants.
            counts.nested -= 1;
            (table, counts)
        })
        .collect();
    // By node: a page may have thousands of tables.
    let by_node: rustc_hash::FxHashMap<_, &str> = (table_sections.iter())
        .map(|(element, title)| (element.id(), title.as_str()))
        .collect();
    let section_of = |index: usize, line: usize| -> String {
        let by_node = parsed
            .get(index)
            .and_then(|(table, _)| by_node.get(&table.id()))
            .map(|title| (*title).to_owned());
        by_node.unwrap_or_else(|| {
            (page.sections.iter())
                .rfind(|s| s.line > 0 && s.line <= line)
                .map(|s| s.title.clone())
                .unwrap_or_default()
        })
    };
    for (index, table) in written.iter().enumerate() {
        let section = section_of(index, table.line);
        if let Some(stray) = table.stray {
            diags.error(
                &section,
                format!(
                    "the table at line {} has text or an element between its rows, outside any cell (line {stray}): an HTML parser moves it out of the table",
                    table.line
                ),
            );
        }
        if let Some(orphan) = table.orphan {
            diags.error(
                &section,
                format!(
                    "the table at line {} ends early: a row or cell follows its end (line {orphan}), which an HTML parser drops",
                    table.line
                ),
            );
        }
        let Some((_, read)) = parsed.get(index) else {
            diags.error(
                &section,
                format!(
                    "the table at line {} is not a table once the page is parsed: its markup is broken",
                    table.line
                ),
            );
            break;
        };
        if (read.rows, read.cells, read.nested) != (table.rows, table.cells, table.nested) {
            diags.error(
                &section,
                format!(
                    "the table at line {} has {} rows and {} cells in the source, but {} rows and {} cells once parsed: its markup is broken (a table ending early, a nested or unclosed table, a cell outside a row), and rows would be lost",
                    table.line, table.rows, table.cells, read.rows, read.cells
                ),
            );
            // The tables after it no longer pair up.
            break;
        }
    }
    if parsed.len() > written.len() {
        diags.error(
            section_of(written.len(), usize::MAX),
            format!(
                "{} tables once the page is parsed, {} in the source: a table's markup is broken",
                parsed.len(),
                written.len()
            ),
        );
    }
}

fn current(page: &mut RawPage) -> &mut RawSection {
    page.sections
        .last_mut()
        .expect("the page section is always there")
}

fn push_text(page: &mut RawPage, text: String) {
    if !text.is_empty() {
        current(page).blocks.push(Block::Text(text));
    }
}

/// Elements that make a block of their own: inside a cell, their text is read into
/// the cell, but the cell's layout is lost.
const BLOCKS: [&str; 13] = [
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "pre",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

fn read_table(
    table: ElementRef<'_>,
    at: &dyn Fn(ElementRef<'_>) -> Option<Location>,
    writer: &mut InlineWriter,
    section: &str,
    diags: &mut Diagnostics,
) -> Table {
    let mut header = Vec::new();
    let mut rows = Vec::new();
    let mut row_locations = Vec::new();
    // The HTML parser puts every row in a `thead`, `tbody` or `tfoot`; walking those
    // children is cheaper than matching a selector against every cell's content.
    let all_rows = table
        .child_elements()
        .filter(|e| matches!(e.value().name(), "thead" | "tbody" | "tfoot"))
        .flat_map(|section| section.child_elements())
        .filter(|row| row.value().name() == "tr");
    for row in all_rows {
        let header_cells: Vec<_> = row
            .child_elements()
            .filter(|c| c.value().name() == "th")
            .map(|c| writer.of(c, false))
            .collect();
        if !header_cells.is_empty() && header.is_empty() && rows.is_empty() {
            check_cells(row, at(row), header_cells.first(), section, diags);
            header = header_cells;
            continue;
        }
        let cells: Vec<_> = row
            .child_elements()
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .map(|c| writer.of(c, true))
            .collect();
        check_cells(row, at(row), cells.first(), section, diags);
        if !cells.is_empty() {
            rows.push(cells);
            row_locations.push(at(row));
        }
    }
    Table {
        header,
        rows,
        line: at(table).map_or(0, |l| l.line),
        row_locations,
        ..Table::default()
    }
}

/// Reports what a row's cells hold besides text and inline markup: a table (whose
/// rows would be read as one cell's text) is an error, a block element a warning.
fn check_cells(
    row: ElementRef<'_>,
    location: Option<Location>,
    first: Option<&String>,
    section: &str,
    diags: &mut Diagnostics,
) {
    let name = first.map_or("", String::as_str);
    for inner in row.descendants().skip(1).filter_map(ElementRef::wrap) {
        let tag = inner.value().name();
        if tag == "table" {
            diags.error_at(
                location,
                section,
                format!(
                    "row `{name}`: a table inside a cell; its rows are not rows of the API table"
                ),
            );
            return;
        }
        if BLOCKS.contains(&tag) {
            diags.warning_at(
                location,
                section,
                format!("row `{name}`: a `<{tag}>` inside a cell; its text is read as the cell's"),
            );
            return;
        }
    }
}

/// Writes the text of elements. With `markdown`, inline markup becomes light Markdown
/// (`_em_`, `**strong**`, `` `code` ``, `[text](href)`); `<br>` is a line break and an
/// emoji `<img>` its `alt` text either way. Whitespace is collapsed as a browser would,
/// in one pass: whitespace runs become one space, lines are trimmed, and a markup
/// marker is only written once its element turns out to hold text, with spaces kept
/// outside it (`_a_ b`, never `_a _b` or `__`).
///
/// One writer serves a whole page: its buffers are reused, and each text it returns is
/// one allocation of its exact size (a page has thousands of cells).
#[derive(Default)]
struct InlineWriter {
    markdown: bool,
    out: String,
    /// A space is owed before the next visible character.
    space: bool,
    /// Opening markers not yet written: their elements have shown no text so far.
    pending: String,
}

impl InlineWriter {
    /// The text of an element.
    fn of(&mut self, element: ElementRef<'_>, markdown: bool) -> String {
        self.markdown = markdown;
        self.out.clear();
        self.pending.clear();
        self.space = false;
        self.element(element);
        self.out.as_str().to_owned()
    }

    fn element(&mut self, element: ElementRef<'_>) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(e) => {
                    let child = ElementRef::wrap(child).expect("element node");
                    match (e.name(), self.markdown) {
                        ("br", _) => {
                            self.out.push('\n');
                            self.space = false;
                        }
                        ("img", _) => self.text(e.attr("alt").unwrap_or_default()),
                        ("em" | "i", true) => self.wrapped(child, "_", &["_"]),
                        ("strong" | "b", true) => self.wrapped(child, "**", &["**"]),
                        ("code", true) => self.wrapped(child, "`", &["`"]),
                        ("a", true) => match e.attr("href") {
                            Some(href) if !href.is_empty() => {
                                self.wrapped(child, "[", &["](", href, ")"])
                            }
                            _ => self.element(child),
                        },
                        _ => self.element(child),
                    }
                }
                _ => {}
            }
        }
    }

    /// An element inside markers; `close` is written in parts (a link's has its target).
    fn wrapped(&mut self, element: ElementRef<'_>, open: &str, close: &[&str]) {
        let pending_before = self.pending.len();
        self.pending.push_str(open);
        self.element(element);
        if self.pending.len() > pending_before {
            // The element showed no text: drop its marker, write nothing.
            self.pending.truncate(pending_before);
        } else {
            close.iter().for_each(|part| self.out.push_str(part));
        }
    }

    /// Text in one pass over its bytes: words are copied in runs; a run ends at
    /// whitespace other than one space (rewritten as one space) and, in Markdown, at
    /// a markup character (escaped with a backslash). A page is mostly plain words separated
    /// by single spaces, so runs are long, and bytes are told apart by a table.
    fn text(&mut self, text: &str) {
        // HTML collapses ASCII whitespace only (a no-break space stays).
        let words = text.trim_ascii();
        if text.starts_with(|c: char| c.is_ascii_whitespace()) {
            self.owe_space();
        }
        if !words.is_empty() {
            self.start_word();
            let stops = if self.markdown {
                WHITESPACE | MARKUP
            } else {
                WHITESPACE
            };
            let bytes = words.as_bytes();
            let mut run_start = 0;
            let mut at = 0;
            loop {
                while at < bytes.len() && BYTE_CLASS[bytes[at] as usize] & stops == 0 {
                    at += 1;
                }
                let Some(&byte) = bytes.get(at) else { break };
                if BYTE_CLASS[byte as usize] & MARKUP != 0 {
                    // The character itself starts the next run.
                    self.out.push_str(&words[run_start..at]);
                    self.out.push('\\');
                    run_start = at;
                    at += 1;
                    continue;
                }
                let gap_end = at
                    + bytes[at..]
                        .iter()
                        .take_while(|b| b.is_ascii_whitespace())
                        .count();
                if gap_end - at > 1 || byte != b' ' {
                    self.out.push_str(&words[run_start..at]);
                    self.out.push(' ');
                    run_start = gap_end;
                }
                at = gap_end;
            }
            self.out.push_str(&words[run_start..]);
        }
        if text.ends_with(|c: char| c.is_ascii_whitespace()) {
            self.owe_space();
        }
    }

    /// Whitespace was seen: a space is owed, unless at the start of a line.
    fn owe_space(&mut self) {
        self.space = !self.out.is_empty() && !self.out.ends_with('\n');
    }

    /// Writes the space and the opening markers owed before a word.
    fn start_word(&mut self) {
        if self.space {
            self.out.push(' ');
            self.space = false;
        }
        if !self.pending.is_empty() {
            self.out.push_str(&self.pending);
            self.pending.clear();
        }
    }
}

/// [`BYTE_CLASS`] bits: ASCII whitespace, which HTML collapses.
const WHITESPACE: u8 = 1;
/// [`BYTE_CLASS`] bits: a character [`markup::is_escaped`] (all are ASCII).
const MARKUP: u8 = 2;

/// What each byte of page text is to [`InlineWriter::text`].
static BYTE_CLASS: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 128 {
        if (byte as u8).is_ascii_whitespace() {
            classes[byte] = WHITESPACE;
        } else if markup::is_escaped(byte as u8 as char) {
            classes[byte] = MARKUP;
        }
        byte += 1;
    }
    classes
};

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn select_first<'a>(element: ElementRef<'a>, selector: &Selector) -> Option<ElementRef<'a>> {
    element.select(selector).next()
}

/// Finds the line of each heading's anchor, scanning forward through the source once.
struct LineFinder<'a> {
    source: &'a str,
    /// `name="`, the attribute an anchor is named by (a vectorised search: the
    /// scan covers the whole page).
    attribute: memchr::memmem::Finder<'static>,
    offset: usize,
    line: usize,
}

impl<'a> LineFinder<'a> {
    fn new(source: &'a str) -> Self {
        LineFinder {
            source,
            attribute: memchr::memmem::Finder::new(b"name=\""),
            offset: 0,
            line: 1,
        }
    }

    fn line_of_anchor(&mut self, anchor: &str) -> usize {
        // The `name="…"` attributes from the last anchor on, until this one.
        let bytes = self.source.as_bytes();
        let mut from = self.offset;
        while let Some(at) = self.attribute.find(&bytes[from..]) {
            let start = from + at;
            let value = &bytes[start + self.attribute.needle().len()..];
            if value
                .strip_prefix(anchor.as_bytes())
                .is_some_and(|rest| rest.first() == Some(&b'"'))
            {
                self.line += memchr::memchr_iter(b'\n', &bytes[self.offset..start]).count();
                self.offset = start;
                return self.line;
            }
            from = start + self.attribute.needle().len();
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> RawPage {
        let source = format!(
            "<html><head><title>T</title></head><body><div id=\"dev_page_content\">{body}</div></body></html>"
        );
        let mut diags = Diagnostics::new("test.html");
        let page = read(&source, &mut diags);
        assert!(!diags.has_errors(), "{diags}");
        page
    }

    #[test]
    fn keeps_light_markup_in_cells() {
        let page = page(
            "<h4><a class=\"anchor\" name=\"user\"></a>User</h4>\
             <table><thead><tr><th>Field</th></tr></thead><tbody>\
             <tr><td><em>Optional</em>. A <a href=\"#chat\">Chat</a>,<br>x &lt;y&gt; <img alt=\"🎲\"></td></tr>\
             </tbody></table>",
        );
        let section = &page.sections[1];
        assert_eq!(section.anchor.as_deref(), Some("user"));
        let table = section.tables().next().unwrap();
        assert_eq!(
            table.rows[0][0],
            "_Optional_. A [Chat](#chat),\nx \\<y\\> 🎲"
        );
    }

    #[test]
    fn collapses_whitespace_and_escapes_markup_in_one_pass() {
        let page = page(
            "<p> a \n  b\tc *d* [e] <em> </em><code>f_g</code> <b>h</b>i </p>\
             <table><thead><tr><th> Field\n</th></tr></thead>\
             <tbody><tr><td>x  *y*</td></tr></tbody></table>",
        );
        let blocks = &page.sections[0].blocks;
        assert_eq!(
            blocks[0],
            Block::Text("a b c \\*d\\* \\[e\\] `f_g` **h**i".into())
        );
        let Block::Table(table) = &blocks[1] else {
            panic!("a table: {blocks:?}");
        };
        // Header cells are plain text; body cells escape markup.
        assert_eq!(table.header, ["Field"]);
        assert_eq!(table.rows, [["x \\*y\\*"]]);
    }

    #[test]
    fn headings_know_their_lines() {
        // An anchor's name may start another's (`user`, `userprofilephotos`), and
        // other elements have `name` attributes too.
        let source = "<html><head><meta name=\"user\"><title>T</title></head><body>\n\
             <div id=\"dev_page_content\">\n\
             <h4><a class=\"anchor\" name=\"userprofilephotos\"></a>UserProfilePhotos</h4>\n\
             <p>x</p>\n\
             <h4><a class=\"anchor\" name=\"user\"></a>User</h4>\n\
             </div></body></html>";
        let mut diags = Diagnostics::new("test.html");
        let page = read(source, &mut diags);
        assert!(!diags.has_errors(), "{diags}");
        let lines: Vec<_> = (page.sections.iter())
            .map(|s| (s.title.as_str(), s.line))
            .collect();
        assert_eq!(lines, [("T", 1), ("UserProfilePhotos", 3), ("User", 5)]);
    }

    #[test]
    fn escaped_tables_in_code_stay_code() {
        // From 10.1 the page shows HTML-style rich-message markup, tables included, as
        // escaped text inside `<pre><code>`: a code sample, not an API table.
        let page = page(
            "<h6><a class=\"anchor\" name=\"rich-html-style\"></a>Rich HTML style</h6>\
             <pre><code>&lt;table&gt;&lt;tr&gt;&lt;th&gt;Header 1&lt;/th&gt;&lt;/tr&gt;&lt;/table&gt;</code></pre>",
        );
        let section = &page.sections[1];
        assert_eq!(section.tables().count(), 0);
        assert_eq!(
            section.blocks,
            [Block::Code(
                "<table><tr><th>Header 1</th></tr></table>".into()
            )]
        );
    }

    #[test]
    fn reports_missing_content_and_truncation() {
        let mut diags = Diagnostics::new("x.html");
        read("<html><body><p>hello</p>", &mut diags);
        let text = diags.to_string();
        assert!(text.contains("truncated"), "{text}");
        assert!(text.contains("not a Bot API documentation page"), "{text}");
    }
}

#[cfg(test)]
mod cell_tests {
    use super::*;

    fn diagnostics(body: &str) -> String {
        let source = format!(
            "<html><head><title>T</title></head><body><div id=\"dev_page_content\">\n{body}\n</div></body></html>"
        );
        let mut diags = Diagnostics::new("t.html");
        read(&source, &mut diags);
        diags.to_string()
    }

    /// Each is placed on its row (`file:line:column`).
    #[test]
    fn tables_and_blocks_inside_cells_are_reported() {
        let text = diagnostics(
            "<h4><a class=\"anchor\" name=\"x\"></a>X</h4>\n<table><thead><tr><th>Field<p>!</p></th></tr></thead><tbody>\n\
             <tr><td>a<ul><li>b</li></ul></td></tr>\n<tr><td>c<table><tr><td>d</td></tr></table></td></tr>\n</tbody></table>",
        );
        assert!(
            text.contains("warning: t.html:3:15: [X] row `Field!`: a `<p>` inside a cell"),
            "{text}"
        );
        assert!(
            text.contains("warning: t.html:4:1: [X] row `ab`: a `<ul>` inside a cell"),
            "{text}"
        );
        assert!(
            text.contains("error: t.html:5:1: [X] row `cd`: a table inside a cell"),
            "{text}"
        );
    }

    #[test]
    fn a_sound_table_is_not_reported() {
        let text = diagnostics(
            "<h4><a class=\"anchor\" name=\"x\"></a>X</h4>\n<table class=\"table\">\n<thead>\n<tr>\n<th>Field</th>\n</tr>\n</thead>\n<tbody>\n\
             <tr>\n<td><em>a</em><br>b</td>\n</tr>\n</tbody>\n</table>",
        );
        assert_eq!(text, "");
    }
}
