//! The APIs this repository maintains: where each one's pinned page, spec, overrides
//! and generated crate live. Paths are relative to the workspace root.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::dialect::Dialect;
use crate::extract::KnownFacts;
use crate::ir::Settings;
use crate::overrides::Overrides;
use crate::release::{crate_version, workspace_repository, ReleaseError};
use crate::scrape::{scrape_accounted, Scraped};

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
    /// The directory of the generated crate, for APIs whose crate is generated.
    pub generated: Option<&'static str>,
    /// The generated crate's package name, when the one derived from the API's name
    /// cannot be used (taken on crates.io).
    pub crate_name: Option<&'static str>,
}

impl PinnedApi {
    /// How this API's crate is generated. The crate keeps the version it has in
    /// `root`'s copy (a release sets it; codegen must not undo that), and names the
    /// workspace's `[workspace.package] repository` as its own.
    pub fn codegen_settings(&self, root: &Path) -> Result<Settings, ReleaseError> {
        let mut settings = Settings::new(self.spec);
        if let Some(name) = self.crate_name {
            settings = settings.with_crate_name(name);
        }
        if let Some(repository) = workspace_repository(root)? {
            settings = settings.with_repository(repository);
        }
        if let Some(version) = self.generated.map(|dir| crate_version(&root.join(dir))) {
            if let Some(version) = version? {
                settings = settings.with_version(version.to_string());
            }
        }
        Ok(settings)
    }

    /// Scrapes the pinned page with the API's overrides, as `cargo xtask regen` does.
    /// `root` is the workspace root. A file that cannot be read is a diagnostic too.
    pub fn scrape(&self, root: &Path) -> (Option<Scraped>, Diagnostics) {
        let overrides = match self.overrides {
            Some(path) => match Overrides::load(&root.join(path)) {
                Ok(overrides) => overrides,
                Err(error) => {
                    let mut diags = Diagnostics::new(path);
                    diags.error("", error.to_string());
                    return (None, diags);
                }
            },
            None => Overrides::default(),
        };
        let source = match std::fs::read_to_string(root.join(self.source)) {
            Ok(source) => source,
            Err(error) => {
                let mut diags = Diagnostics::new(self.source);
                diags.error("", format!("cannot read the pinned page: {error}"));
                return (None, diags);
            }
        };
        scrape_accounted(
            &source,
            self.source,
            Some(self.dialect),
            &self.known_facts(),
            &overrides,
        )
    }

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
        generated: Some("generated/telegram"),
        // `telegram-bot-api` is taken on crates.io.
        crate_name: Some("telegram-bot-api-bindings"),
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
        generated: Some("generated/letgram"),
        crate_name: None,
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
        generated: Some("generated/potato"),
        crate_name: None,
    },
    PinnedApi {
        key: "gateway",
        source: "spec/sources/gateway/gateway-api.html",
        dialect: Dialect::TelegramHtml,
        spec: "spec/gateway.yaml",
        overrides: None,
        doc_url: Some("https://core.telegram.org/gateway/api"),
        name: None,
        generated: Some("generated/gateway"),
        crate_name: None,
    },
];

pub fn find(key: &str) -> Option<&'static PinnedApi> {
    PINNED.iter().find(|api| api.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_crates_name_the_workspace_repository() {
        let root = tempfile::tempdir().unwrap();
        let telegram = find("telegram").unwrap();
        // No workspace manifest, or one without a repository: none is invented.
        assert_eq!(
            telegram.codegen_settings(root.path()).unwrap().repository,
            None
        );
        std::fs::write(
            root.path().join("Cargo.toml"),
            "[workspace]\nmembers = []\n\n[workspace.package]\nrepository = \"https://example.org/bindings\"\n",
        )
        .unwrap();
        let settings = telegram.codegen_settings(root.path()).unwrap();
        assert_eq!(
            settings.repository.as_deref(),
            Some("https://example.org/bindings")
        );
        let spec = crate::specfile::from_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\ntypes: []\n",
        )
        .unwrap();
        let files = crate::generate::generate(&spec, &settings).unwrap();
        assert!(
            files.files["Cargo.toml"].contains("\nrepository = \"https://example.org/bindings\"\n")
        );
    }
}
