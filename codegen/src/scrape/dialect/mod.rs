//! Page front-ends: each reads one page format into the shared [`RawPage`].
//!
//! A dialect knows only how its pages are laid out (HTML elements, pipe tables,
//! flattened rows); what the content means is decided later, for all dialects alike.
//!
//! # Adding a dialect
//! A file here that reads the format and defines its [`FrontEnd`] as a named
//! [`Dialect`] (its name on the command line, file extensions, name grammar, reader,
//! detection), declared below with the others and listed in [`Dialect::ALL`]. The
//! command line, page discovery ([`crate::pinned`]) and detection take it from there.

mod html_positions;
mod html_tables;
pub mod letgram_text;
pub mod potato_text;
pub mod tdlib_tl;
pub mod telegram_html;
mod text;

use crate::diagnostics::Diagnostics;
use crate::scrape::extract::KnownFacts;
use crate::scrape::names::Grammar;
use crate::scrape::raw::RawPage;
use crate::spec::Spec;

/// A page format: one front-end, described by its [`FrontEnd`]. Each dialect's file
/// defines its front-end and names it (`Dialect::TELEGRAM_HTML`); [`Dialect::ALL`] is
/// the one list of them. Adding a dialect is a file with its `FrontEnd` and an entry
/// in that list; nothing here matches on dialects.
#[derive(Clone, Copy)]
pub struct Dialect(&'static FrontEnd);

/// What the rest of the pipeline needs to know about a page format.
#[derive(Debug)]
pub struct FrontEnd {
    /// The name used on the command line (`--dialect telegram`).
    pub name: &'static str,
    /// One line for the command line: the format and the APIs that use it.
    pub about: &'static str,
    /// Extensions of its pages' file names (lower case, without the dot), so that
    /// notes beside the pages are not taken for one.
    pub extensions: &'static [&'static str],
    /// The shapes of the names on its pages.
    pub grammar: &'static Grammar,
    /// How a page in this format is read.
    pub reading: Reading,
    /// Whether a page's text looks like this format ([`Dialect::detect`]).
    pub detect: fn(&str) -> bool,
}

/// How a front-end reads its source.
#[derive(Debug, Clone, Copy)]
pub enum Reading {
    /// Into raw sections (headings, text, tables), which the shared stages read.
    Page(fn(&str, &mut Diagnostics) -> RawPage),
    /// A machine-readable schema, straight into a spec (nothing to extract from tables
    /// or prose).
    Schema(SchemaReader),
}

/// A front-end that reads a machine-readable schema straight into a spec (file name,
/// for diagnostics and facts the name carries).
pub type SchemaReader = fn(&str, &str, &KnownFacts, &mut Diagnostics) -> Spec;

impl Dialect {
    /// Every dialect, in the order [`Dialect::detect`] tries them.
    pub const ALL: &'static [Dialect] = &[
        Dialect::TELEGRAM_HTML,
        Dialect::TDLIB_TL,
        Dialect::LETGRAM_TEXT,
        Dialect::POTATO_TEXT,
    ];

    /// The name used on the command line (`--dialect telegram`).
    pub fn name(self) -> &'static str {
        self.0.name
    }

    pub fn front_end(self) -> &'static FrontEnd {
        self.0
    }

    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.iter().copied().find(|d| d.name() == name)
    }

    /// Guesses the dialect from the page's contents: the first whose front-end
    /// recognises it.
    pub fn detect(source: &str) -> Option<Dialect> {
        Dialect::ALL.iter().copied().find(|d| (d.0.detect)(source))
    }

    /// The shapes of the names on the dialect's pages.
    pub fn grammar(self) -> &'static Grammar {
        self.0.grammar
    }

    /// Reads a page into raw sections; problems go to `diags`. A schema has none (see
    /// [`Dialect::schema`]).
    pub fn read(self, source: &str, diags: &mut Diagnostics) -> RawPage {
        match self.0.reading {
            Reading::Page(read) => read(source, diags),
            Reading::Schema(_) => RawPage::default(),
        }
    }

    /// The front-end of a schema dialect, which reads its source into a spec without
    /// raw sections (nothing to extract from tables or prose).
    pub fn schema(self) -> Option<SchemaReader> {
        match self.0.reading {
            Reading::Schema(read) => Some(read),
            Reading::Page(_) => None,
        }
    }
}

impl PartialEq for Dialect {
    fn eq(&self, other: &Dialect) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Dialect {}

impl std::fmt::Debug for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dialect({})", self.name())
    }
}

/// The first `limit` bytes of `text` (less, to end on a character boundary): what
/// detection sniffs.
fn head(text: &str, limit: usize) -> &str {
    &text[..floor_char_boundary(text, limit)]
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
            Some(Dialect::TELEGRAM_HTML)
        );
        assert_eq!(
            Dialect::detect("API\n| Field | Type |\n|---|---|\n"),
            Some(Dialect::LETGRAM_TEXT)
        );
        assert_eq!(
            Dialect::detect("getMe\n\nRequest URL\n\n  • https://x/<bot_token>/getMe\n"),
            Some(Dialect::POTATO_TEXT)
        );
        assert_eq!(Dialect::detect("just some text"), None);
        assert_eq!(
            Dialect::detect("ok = Ok;\n---functions---\n"),
            Some(Dialect::TDLIB_TL)
        );
        // A multi-byte character across the sniffing limit.
        let long = format!("{}é<html>", "a".repeat(4095));
        assert_eq!(Dialect::detect(&long), None);
    }
}
