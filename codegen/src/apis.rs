//! The APIs this repository maintains: where each one's pinned page, spec and
//! generated crate live. Paths are relative to the workspace root.

use crate::dialect::Dialect;
use crate::extract::KnownFacts;

/// One maintained API.
#[derive(Debug, Clone, Copy)]
pub struct PinnedApi {
    /// Short name used on the command line and in file names (`telegram`).
    pub key: &'static str,
    /// The pinned documentation page.
    pub source: &'static str,
    pub dialect: Dialect,
    /// The committed spec.
    pub spec: &'static str,
    /// The directory of the generated crate.
    pub generated: &'static str,
    /// Where the page is published, for links in the generated docs.
    pub doc_url: &'static str,
}

impl PinnedApi {
    /// How this API's crate is generated.
    pub fn codegen_settings(&self) -> crate::ir::Settings {
        crate::ir::Settings::new(self.spec)
    }

    pub fn known_facts(&self) -> KnownFacts {
        KnownFacts {
            doc_url: Some(self.doc_url.to_owned()),
        }
    }
}

pub const PINNED: &[PinnedApi] = &[PinnedApi {
    key: "telegram",
    source: "spec/sources/telegram/botapi-10.2.html",
    dialect: Dialect::TelegramHtml,
    spec: "spec/telegram.yaml",
    generated: "generated/telegram",
    doc_url: "https://core.telegram.org/bots/api",
}];

pub fn find(key: &str) -> Option<&'static PinnedApi> {
    PINNED.iter().find(|api| api.key == key)
}
