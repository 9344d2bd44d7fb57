//! Page front-ends: each reads one page format into the shared [`RawPage`].
//!
//! A dialect knows only how its pages are laid out (HTML elements, pipe tables,
//! flattened rows); what the content means is decided later, for all dialects alike.

mod html_positions;
mod html_tables;
pub mod letgram_text;
pub mod potato_text;
pub mod tdlib_tl;
pub mod telegram_html;
mod text;

use crate::diagnostics::Diagnostics;
use crate::scrape::extract::KnownFacts;
use crate::scrape::names::{Case, Grammar};
use crate::scrape::raw::RawPage;
use crate::spec::Spec;

/// A page format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// core.telegram.org-style HTML: `#dev_page_content` with `h3`/`h4` headings and tables
    /// (the Telegram Bot API, the Telegram Gateway API).
    TelegramHtml,
    /// A text export with plain-line headings and `| a | b |` pipe tables (Letgram).
    LetgramText,
    /// A text export whose table cells were flattened into space-separated lines under
    /// a header line, items made of labelled parts (Potato).
    PotatoText,
    /// TDLib's API schema in TL (`td_api.tl`): declarations with doc comments, read
    /// straight into a spec ([`Dialect::schema`]).
    TdlibTl,
}

/// A front-end that reads a machine-readable schema straight into a spec (file name,
/// for diagnostics and facts the name carries).
pub type SchemaReader = fn(&str, &str, &KnownFacts, &mut Diagnostics) -> Spec;

impl Dialect {
    pub const ALL: [Dialect; 4] = [
        Dialect::TelegramHtml,
        Dialect::LetgramText,
        Dialect::PotatoText,
        Dialect::TdlibTl,
    ];

    /// The name used on the command line (`--dialect telegram`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::TelegramHtml => "telegram",
            Dialect::LetgramText => "letgram",
            Dialect::PotatoText => "potato",
            Dialect::TdlibTl => "tdlib",
        }
    }

    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Guesses the dialect from the page's contents: HTML; pipe tables (a `|---|` rule
    /// line); or flattened tables (a header line such as `Parameter Required Type
    /// Description`, or the labels of items' parts such as `Request URL`).
    pub fn detect(source: &str) -> Option<Dialect> {
        let head = &source[..floor_char_boundary(source, 4096)];
        let lower = head.to_ascii_lowercase();
        if lower.contains("<html") || lower.contains("<!doctype html") {
            return Some(Dialect::TelegramHtml);
        }
        let lines = || source.lines().map(str::trim);
        if lines().any(|l| l == "---functions---") {
            return Some(Dialect::TdlibTl);
        }
        if lines().any(|l| l.starts_with("|---") || l.starts_with("| ---")) {
            return Some(Dialect::LetgramText);
        }
        if lines().any(potato_text::is_flattened_marker) {
            return Some(Dialect::PotatoText);
        }
        None
    }

    /// The shapes of the names on the dialect's pages.
    pub fn grammar(self) -> &'static Grammar {
        /// Potato's result objects have capitalised keys (`GetGroupsResult.Groups`,
        /// `Peer.PeerID`); its parameters do not.
        const POTATO: Grammar = Grammar {
            fields: &[Case::Snake, Case::Pascal],
            ..Grammar::TELEGRAM
        };
        /// TL: classes `Update`, constructors `updateNewMessage`, fields `chat_id` and
        /// each object's `@type` tag.
        const TDLIB: Grammar = Grammar {
            types: &[Case::Pascal, Case::Camel],
            fields: &[Case::Snake, Case::Tag],
            ..Grammar::TELEGRAM
        };
        match self {
            Dialect::TelegramHtml | Dialect::LetgramText => &Grammar::TELEGRAM,
            Dialect::PotatoText => &POTATO,
            Dialect::TdlibTl => &TDLIB,
        }
    }

    /// Reads a page into raw sections; problems go to `diags`. A schema has none (see
    /// [`Dialect::schema`]).
    pub fn read(self, source: &str, diags: &mut Diagnostics) -> RawPage {
        match self {
            Dialect::TelegramHtml => telegram_html::read(source, diags),
            Dialect::LetgramText => letgram_text::read(source, diags),
            Dialect::PotatoText => potato_text::read(source, diags),
            Dialect::TdlibTl => RawPage::default(),
        }
    }

    /// The front-end of a schema dialect, which reads its source into a spec without
    /// raw sections (nothing to extract from tables or prose).
    pub fn schema(self) -> Option<SchemaReader> {
        match self {
            Dialect::TdlibTl => Some(tdlib_tl::read_spec),
            _ => None,
        }
    }
}

/// The largest char boundary not after `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        assert_eq!(
            Dialect::detect("<!DOCTYPE html>\n<html>"),
            Some(Dialect::TelegramHtml)
        );
        assert_eq!(
            Dialect::detect("API\n| Field | Type |\n|---|---|\n"),
            Some(Dialect::LetgramText)
        );
        assert_eq!(
            Dialect::detect("getMe\n\nRequest URL\n\n  • https://x/<bot_token>/getMe\n"),
            Some(Dialect::PotatoText)
        );
        assert_eq!(Dialect::detect("just some text"), None);
        assert_eq!(
            Dialect::detect("ok = Ok;\n---functions---\n"),
            Some(Dialect::TdlibTl)
        );
        // A multi-byte character across the sniffing limit.
        let long = format!("{}é<html>", "a".repeat(4095));
        assert_eq!(Dialect::detect(&long), None);
    }
}
