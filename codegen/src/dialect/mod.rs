//! Page front-ends: each reads one page format into the shared [`RawPage`].
//!
//! A dialect knows only how its pages are laid out (HTML elements, pipe tables,
//! flattened rows); what the content means is decided later, for all dialects alike.

pub mod telegram_html;

use crate::diagnostics::Diagnostics;
use crate::raw::RawPage;

/// A page format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// core.telegram.org-style HTML: `#dev_page_content` with `h3`/`h4` headings and tables.
    TelegramHtml,
}

impl Dialect {
    pub const ALL: [Dialect; 1] = [Dialect::TelegramHtml];

    /// The name used on the command line (`--dialect telegram`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::TelegramHtml => "telegram",
        }
    }

    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Guesses the dialect from the page's contents.
    pub fn detect(source: &str) -> Option<Dialect> {
        let head = &source[..source.len().min(4096)];
        if head.contains("<html") || head.contains("<!DOCTYPE") || head.contains("<!doctype") {
            return Some(Dialect::TelegramHtml);
        }
        None
    }

    /// Reads a page into raw sections; problems go to `diags`.
    pub fn read(self, source: &str, diags: &mut Diagnostics) -> RawPage {
        match self {
            Dialect::TelegramHtml => telegram_html::read(source, diags),
        }
    }
}
