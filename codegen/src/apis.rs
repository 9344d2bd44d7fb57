//! The APIs this repository maintains: where each one's pinned page, spec, overrides
//! and generated crate live. Paths are relative to the workspace root.

use crate::dialect::Dialect;
use crate::extract::KnownFacts;

/// One maintained API.
#[derive(Debug, Clone, Copy)]
pub struct PinnedApi {
    /// Short name used on the command line and in file names (`telegram`).
    pub key: &'static str,
    /// The pinned documentation page, a byte-for-byte copy of the page as published.
    pub source: &'static str,
    pub dialect: Dialect,
    /// The committed spec.
    pub spec: &'static str,
    /// Corrections applied between reading the page and checking the spec
    /// (see [`crate::overrides`]), when the API needs any.
    pub overrides: Option<&'static str>,
    /// Where the page is published, for links in the generated docs, when known.
    pub doc_url: Option<&'static str>,
    /// The API's name, for pages that have no title.
    pub name: Option<&'static str>,
}

impl PinnedApi {
    pub fn known_facts(&self) -> KnownFacts {
        KnownFacts {
            doc_url: self.doc_url.map(str::to_owned),
            name: self.name.map(str::to_owned),
        }
    }
}

pub const PINNED: &[PinnedApi] = &[
    PinnedApi {
        key: "telegram",
        source: "spec/sources/telegram/botapi-10.2.html",
        dialect: Dialect::TelegramHtml,
        spec: "spec/telegram.yaml",
        overrides: None,
        doc_url: Some("https://core.telegram.org/bots/api"),
        name: None,
    },
    PinnedApi {
        key: "letgram",
        source: "spec/sources/letgram/letgram-bot-api.txt",
        dialect: Dialect::LetgramText,
        spec: "spec/letgram.yaml",
        overrides: Some("spec/overrides/letgram.yaml"),
        // The export does not say where the page is published.
        doc_url: None,
        name: None,
    },
    PinnedApi {
        key: "potato",
        source: "spec/sources/potato/potato-bot-api.txt",
        dialect: Dialect::PotatoText,
        spec: "spec/potato.yaml",
        overrides: Some("spec/overrides/potato.yaml"),
        doc_url: None,
        // The export has no title; the prose calls it "the Potato Bot API".
        name: Some("Potato Bot API"),
    },
    PinnedApi {
        key: "gateway",
        source: "spec/sources/gateway/gateway-api.html",
        dialect: Dialect::TelegramHtml,
        spec: "spec/gateway.yaml",
        overrides: None,
        doc_url: Some("https://core.telegram.org/gateway/api"),
        name: None,
    },
];

pub fn find(key: &str) -> Option<&'static PinnedApi> {
    PINNED.iter().find(|api| api.key == key)
}
