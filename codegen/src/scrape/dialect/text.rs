//! What the text-export front-ends ([`super::letgram_text`], [`super::potato_text`])
//! share: a text export loses the page's markup, so headings are told from body lines
//! by their shape, and items from groups by what their section holds.

use crate::diagnostics::Diagnostics;
use crate::scrape::raw::{Block, RawPage, RawSection};

/// Plain page text as the light Markdown of [`crate::scrape::raw`]: characters that would
/// read as markup are escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::spec::markup::escape(text, &mut out);
    out
}

/// One word of ASCII letters, digits and underscores, starting with a letter:
/// `sendMessage`, `User`, `chat_id`.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a line has the shape of a heading: a few words starting with a letter, no
/// sentence-ending punctuation, nothing that belongs to code or URLs.
pub fn looks_like_heading(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    line.starts_with(|c: char| c.is_alphabetic())
        && (1..=8).contains(&words)
        && !line.ends_with(['.', ':', ',', ';', '!'])
        && !line.contains(['/', '=', '{', '}', '"', '`', '|', '<', '>', '@'])
}

/// The level of a heading once its section is read: a single identifier is an item
/// (level 4) when it is a method's name (small first letter) or when its section holds
/// what items hold (a table, or labelled facts); anything else groups items (level 3).
/// On these pages every type has a table, so a capitalised word without one
/// ("Keyboards", "Payments") is a group heading.
pub fn item_level(section: &RawSection) -> u8 {
    let title = section.title.trim();
    if !is_identifier(title) || title.contains('_') {
        return 3;
    }
    let holds_item_content = section
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Table(_) | Block::Labeled { .. }));
    if title.starts_with(|c: char| c.is_ascii_lowercase()) || holds_item_content {
        4
    } else {
        3
    }
}

/// Checks for an export that ends early by what every text export shows: the page
/// does not end at an item's heading with nothing under it. Dialect front-ends add
/// what their own format shows. (The exports do not end with a line break, so a cut
/// inside the last line is not told by one.)
pub fn check_end(page: &RawPage, diags: &mut Diagnostics) {
    if let Some(last) = page.sections.last().filter(|s| s.level == 4) {
        if last.blocks.is_empty() {
            diags.error(
                &last.title,
                format!(
                    "line {}: the page ends at this item's heading, with nothing under it: the export was cut",
                    last.line
                ),
            );
        }
    }
}

/// Reports item tables with a header and no rows: a text export cut after a table's
/// header reads so (the pages have no empty tables).
pub fn check_tables(page: &RawPage, diags: &mut Diagnostics) {
    for section in page.sections.iter().filter(|s| s.level == 4) {
        for table in section.tables().filter(|t| t.rows.is_empty()) {
            diags.error(
                &section.title,
                format!(
                    "line {}: a table with a header and no rows: the export was cut after its header",
                    table.line
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrape::raw::Table;

    #[test]
    fn heading_shapes() {
        for heading in [
            "Update Object",
            "What are bots?",
            "Mini Apps (Web Apps)",
            "User & Files",
            "sendMessage",
            "v1.0 — March 2026",
        ] {
            assert!(looks_like_heading(heading), "{heading}");
        }
        for line in [
            "Bots can:",
            "Use this method to send text messages.",
            "https://api.letgram.ru/bot<token>/METHOD_NAME",
            "application/json(except for file uploads)",
            "body {",
            "\"text\": \"Hello\"",
        ] {
            assert!(!looks_like_heading(line), "{line}");
        }
    }

    #[test]
    fn items_and_groups() {
        let section = |title: &str, blocks: Vec<Block>| RawSection {
            title: title.into(),
            blocks,
            ..RawSection::default()
        };
        assert_eq!(item_level(&section("getMe", vec![])), 4);
        assert_eq!(item_level(&section("Keyboards", vec![])), 3);
        assert_eq!(
            item_level(&section("User", vec![Block::Table(Table::default())])),
            4
        );
        assert_eq!(item_level(&section("Media Types", vec![])), 3);
    }
}
