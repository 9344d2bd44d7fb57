//! Front-end for core.telegram.org-style HTML pages (Telegram Bot API, Gateway API).
//!
//! The content lives in `#dev_page_content` as a flat run of elements: headings
//! (`h3` groups, `h4` items, `h6` sub-headings), paragraphs, lists, tables, blockquotes,
//! code. A state-free walk over those children builds [`RawSection`]s; inline markup is
//! kept as light Markdown (emphasis, code, links) so that later stages can see
//! `_Optional_`, `must be _photo_` and `[Message](#message)` links.

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

use crate::diagnostics::Diagnostics;
use crate::raw::{Block, RawPage, RawSection, Table};

const CONTENT: &str = "#dev_page_content";

pub fn read(source: &str, diags: &mut Diagnostics) -> RawPage {
    let document = Html::parse_document(source);
    read_document(&document, source, diags)
}

/// Reads an already parsed document; `source` is used for line numbers and the
/// truncation check.
pub fn read_document(document: &Html, source: &str, diags: &mut Diagnostics) -> RawPage {
    let mut page = RawPage {
        title: select_first(document.root_element(), "title").map(|t| inline_text(t, false)),
        sections: Vec::new(),
    };
    // Comments may follow `</html>` ("page generated in …"); a cut page has none.
    if !source.contains("</html>") && !source.contains("</HTML>") {
        diags.error(
            "",
            "the page is truncated: it does not end with `</html>`; download it again",
        );
    }
    let Some(content) = select_first(document.root_element(), CONTENT) else {
        diags.error(
            "",
            format!("not a Bot API documentation page: no `{CONTENT}` element"),
        );
        return page;
    };
    let mut lines = LineFinder::new(source);
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
                let anchor = select_first(element, "a.anchor")
                    .and_then(|a| a.value().attr("name"))
                    .map(str::to_owned);
                let line = anchor.as_deref().map_or(0, |a| lines.line_of_anchor(a));
                page.sections.push(RawSection {
                    level: tag[1..].parse().unwrap_or(6),
                    title: inline_text(element, false),
                    anchor,
                    line,
                    blocks: Vec::new(),
                });
            }
            "p" => push_text(&mut page, inline_text(element, true)),
            "blockquote" => {
                // A blockquote holds paragraphs of its own, or inline text directly.
                let paragraphs: Vec<_> = element
                    .child_elements()
                    .filter(|e| e.value().name() == "p")
                    .map(|p| inline_text(p, true))
                    .collect();
                if paragraphs.is_empty() {
                    push_text(&mut page, inline_text(element, true));
                } else {
                    paragraphs.into_iter().for_each(|p| push_text(&mut page, p));
                }
            }
            "ul" | "ol" => {
                let items = element
                    .child_elements()
                    .filter(|e| e.value().name() == "li")
                    .map(|li| inline_text(li, true))
                    .collect();
                current(&mut page).blocks.push(Block::List(items));
            }
            "table" => {
                let table = read_table(element);
                current(&mut page).blocks.push(Block::Table(table));
            }
            "pre" => {
                let code = element.text().collect::<String>();
                current(&mut page).blocks.push(Block::Code(code));
            }
            // Images and rules carry no API content.
            "hr" | "img" => {}
            "div" if element.select(&selector("table, h3, h4")).next().is_none() => {}
            other => {
                let section = current(&mut page).title.clone();
                diags.warning(
                    section,
                    format!("unexpected `<{other}>` element in the page content; ignored"),
                );
            }
        }
    }
    page
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

fn read_table(table: ElementRef<'_>) -> Table {
    let mut header = Vec::new();
    let mut rows = Vec::new();
    for row in table.select(&selector("tr")) {
        let header_cells: Vec<_> = row
            .child_elements()
            .filter(|c| c.value().name() == "th")
            .map(|c| inline_text(c, false))
            .collect();
        if !header_cells.is_empty() && header.is_empty() && rows.is_empty() {
            header = header_cells;
            continue;
        }
        let cells: Vec<_> = row
            .child_elements()
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .map(|c| inline_text(c, true))
            .collect();
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    Table {
        header,
        rows,
        ..Table::default()
    }
}

/// The text of an element. With `markdown`, inline markup becomes light Markdown
/// (`_em_`, `**strong**`, `` `code` ``, `[text](href)`); `<br>` is a line break and an
/// emoji `<img>` its `alt` text either way.
pub fn inline_text(element: ElementRef<'_>, markdown: bool) -> String {
    let mut out = String::new();
    write_inline(element, markdown, &mut out);
    tidy(&out)
}

fn write_inline(element: ElementRef<'_>, markdown: bool, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                if markdown {
                    escape_markdown(text, out)
                } else {
                    out.push_str(text)
                }
            }
            Node::Element(e) => {
                let child = ElementRef::wrap(child).expect("element node");
                let (open, close) = match (e.name(), markdown) {
                    ("br", _) => {
                        out.push('\n');
                        continue;
                    }
                    ("img", _) => {
                        out.push_str(e.attr("alt").unwrap_or_default());
                        continue;
                    }
                    ("em" | "i", true) => ("_", "_"),
                    ("strong" | "b", true) => ("**", "**"),
                    ("code", true) => ("`", "`"),
                    ("a", true) => match e.attr("href") {
                        Some(href) if !href.is_empty() => {
                            let mut text = String::new();
                            write_inline(child, markdown, &mut text);
                            let text = tidy(&text);
                            if text.is_empty() {
                                continue;
                            }
                            out.push_str(&format!("[{text}]({href})"));
                            continue;
                        }
                        _ => ("", ""),
                    },
                    _ => ("", ""),
                };
                let mut inner = String::new();
                write_inline(child, markdown, &mut inner);
                // Keep spaces outside the markers: `_a_ b`, not `_a _b`.
                let trimmed = inner.trim();
                if trimmed.is_empty() || open.is_empty() {
                    out.push_str(&inner);
                } else {
                    if inner.starts_with(char::is_whitespace) {
                        out.push(' ');
                    }
                    out.push_str(open);
                    out.push_str(trimmed);
                    out.push_str(close);
                    if inner.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
}

/// Escapes the characters that would otherwise read as Markdown or HTML markup.
pub(crate) fn escape_markdown(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '[' | ']' | '<' | '>' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Collapses runs of whitespace within lines and trims every line.
fn tidy(text: &str) -> String {
    text.split('\n')
        .map(collapse)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid CSS selector")
}

fn select_first<'a>(element: ElementRef<'a>, css: &str) -> Option<ElementRef<'a>> {
    element.select(&selector(css)).next()
}

/// Finds the line of each heading's anchor, scanning forward through the source once.
struct LineFinder<'a> {
    source: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineFinder<'a> {
    fn new(source: &'a str) -> Self {
        LineFinder {
            source,
            offset: 0,
            line: 1,
        }
    }

    fn line_of_anchor(&mut self, anchor: &str) -> usize {
        let needle = format!("name=\"{anchor}\"");
        match self.source[self.offset..].find(&needle) {
            Some(at) => {
                let end = self.offset + at;
                self.line += self.source[self.offset..end].matches('\n').count();
                self.offset = end;
                self.line
            }
            None => 0,
        }
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
    fn reports_missing_content_and_truncation() {
        let mut diags = Diagnostics::new("x.html");
        read("<html><body><p>hello</p>", &mut diags);
        let text = diags.to_string();
        assert!(text.contains("truncated"), "{text}");
        assert!(text.contains("not a Bot API documentation page"), "{text}");
    }
}
