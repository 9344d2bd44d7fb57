//! The APIs this repository maintains: where each one's pages, spec, overrides and
//! generated crate live. Paths are relative to the workspace root.
//!
//! # The pinned page
//! Each API has a folder of pages, `spec/sources/<api>/`, and its pinned page (the one
//! `regen` reads) is the newest page there ([`PinnedApi::page`]): the only page, or,
//! when there are several, the one whose file name carries the highest version
//! (`botapi-10.3.html` over `botapi-10.2.html`, `7.10` over `7.9`). A new version of
//! the docs is taken by putting its page in the folder, with nothing else to edit;
//! older pages may stay for reference, or go. Several pages of which one has no
//! version in its name, or two with the same version, are an error rather than a guess.
//! A page is a file with its dialect's extension (`.html`/`.htm` for HTML, `.txt` for
//! the text exports), so notes beside the pages are not taken for one.
//!
//! # Extra pages
//! An API may document part of itself on other pages (Telegram: the Mini App init data
//! and its check are on the Mini Apps page, not the Bot API page). Such a page is
//! listed in [`PinnedApi::extra_pages`], as data: its file in the same folder (never
//! taken for the pinned page), where it is published, and the corrections of its own
//! sections. `regen` reads it with the same front-end and appends its sections to the
//! pinned page's ([`crate::scrape::scrape_pages`]): its tables are read or skipped
//! with a reason like any others, and its items say which page they come from.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::ir::Settings;
use crate::manifest::{crate_version, workspace_repository, ManifestError};
use crate::scrape::dialect::Dialect;
use crate::scrape::extract::KnownFacts;
use crate::scrape::overrides::Overrides;
use crate::scrape::page_file::version_in_name;
use crate::scrape::{scrape_pages, ExtraPage, Scraped};
use crate::spec::yaml;

/// One maintained API.
#[derive(Debug, Clone, Copy)]
pub struct PinnedApi {
    /// Short name used on the command line and in file names (`telegram`).
    pub key: &'static str,
    /// The folder of the API's documentation pages (byte-for-byte copies of the pages
    /// as published); the newest is the pinned one ([`PinnedApi::page`]).
    pub sources: &'static str,
    pub dialect: Dialect,
    /// The committed spec.
    pub spec: &'static str,
    /// Corrections applied between reading the page and checking the spec
    /// (see [`crate::scrape::overrides`]), when the API needs any.
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
    /// Other pages of the API, read with the pinned page (see the [module docs](self)).
    pub extra_pages: &'static [PinnedExtraPage],
}

/// A page of an API beside its pinned page.
#[derive(Debug, Clone, Copy)]
pub struct PinnedExtraPage {
    /// Its file, in the API's folder of pages.
    pub file: &'static str,
    /// Where it is published.
    pub doc_url: &'static str,
    /// Corrections of its sections, kept apart from the API's own overrides (which also
    /// read older pinned pages alone).
    pub overrides: Option<&'static str>,
}

impl PinnedApi {
    /// How this API's crate is generated. The crate keeps the version it has in
    /// `root`'s copy (a release sets it; codegen must not undo that), and names the
    /// workspace's `[workspace.package] repository` as its own.
    pub fn codegen_settings(&self, root: &Path) -> Result<Settings, ManifestError> {
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

    /// The pinned page, relative to `root` (see the [module docs](self)).
    pub fn page(&self, root: &Path) -> Result<String, PageError> {
        let dir = root.join(self.sources);
        let entries = std::fs::read_dir(&dir).map_err(|error| PageError::Read {
            dir: self.sources.to_owned(),
            error,
        })?;
        let extensions = self.dialect.front_end().extensions;
        let mut pages = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|error| PageError::Read {
                dir: self.sources.to_owned(),
                error,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_page = Path::new(&name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()));
            let is_extra = self.extra_pages.iter().any(|extra| extra.file == name);
            if is_page && !is_extra && !name.starts_with('.') && entry.path().is_file() {
                pages.push(name);
            }
        }
        pages.sort();
        let newest = if pages.len() == 1 {
            pages.pop()
        } else {
            newest_page(self.sources, &pages)?
        };
        let Some(newest) = newest else {
            return Err(PageError::NoPage {
                dir: self.sources.to_owned(),
                extensions: extensions.join(", "),
            });
        };
        Ok(format!("{}/{newest}", self.sources.trim_end_matches('/')))
    }

    /// The spec of the last release (`spec/released/<key>.yaml`), written by
    /// `cargo xtask release`; absent before the first release.
    pub fn released_spec(&self) -> String {
        format!("spec/released/{}.yaml", self.key)
    }

    /// True when `path` is this API's spec, committed or released.
    pub fn owns_spec(&self, path: &Path) -> bool {
        path.ends_with(self.spec) || path.ends_with(self.released_spec())
    }

    /// True when `path` is one of this API's pages (it is in the API's folder).
    pub fn holds(&self, path: &Path) -> bool {
        path.parent().is_some_and(|dir| dir.ends_with(self.sources))
    }

    /// Scrapes the pinned page with the API's overrides, as `cargo xtask regen` does.
    /// `root` is the workspace root. A file that cannot be read is a diagnostic too.
    pub fn scrape(&self, root: &Path) -> (Option<Scraped>, Diagnostics) {
        let page = match self.page(root) {
            Ok(page) => page,
            Err(error) => {
                let mut diags = Diagnostics::new(self.sources);
                diags.error("", error.to_string());
                return (None, diags);
            }
        };
        self.scrape_page(root, &page)
    }

    /// Scrapes `page` (relative to `root`) as this API's, with its overrides.
    pub fn scrape_page(&self, root: &Path, page: &str) -> (Option<Scraped>, Diagnostics) {
        match std::fs::read_to_string(root.join(page)) {
            Ok(source) => self.scrape_source(root, page, &source),
            Err(error) => {
                let mut diags = Diagnostics::new(page);
                diags.error("", format!("cannot read the pinned page: {error}"));
                (None, diags)
            }
        }
    }

    /// Scrapes `source`, the text of a page named `page` in diagnostics, as this API's,
    /// with its overrides (from `root`).
    pub fn scrape_source(
        &self,
        root: &Path,
        page: &str,
        source: &str,
    ) -> (Option<Scraped>, Diagnostics) {
        let load = |path: Option<&str>| match path {
            Some(path) => Overrides::load(&root.join(path)).map_err(|error| {
                let mut diags = Diagnostics::new(path);
                diags.error("", error.to_string());
                diags
            }),
            None => Ok(Overrides::default()),
        };
        let overrides = match load(self.overrides) {
            Ok(overrides) => overrides,
            Err(diags) => return (None, diags),
        };
        let mut extras = Vec::new();
        for extra in self.extra_pages {
            let file = format!("{}/{}", self.sources.trim_end_matches('/'), extra.file);
            let source = match std::fs::read_to_string(root.join(&file)) {
                Ok(source) => source,
                Err(error) => {
                    let mut diags = Diagnostics::new(file);
                    diags.error("", format!("cannot read the extra page: {error}"));
                    return (None, diags);
                }
            };
            let overrides = match load(extra.overrides) {
                Ok(overrides) => overrides,
                Err(diags) => return (None, diags),
            };
            extras.push((file, extra.doc_url, source, overrides));
        }
        let extras: Vec<ExtraPage<'_>> = extras
            .iter()
            .map(|(file, doc_url, source, overrides)| ExtraPage {
                file,
                doc_url,
                source,
                overrides,
            })
            .collect();
        scrape_pages(
            source,
            page,
            &extras,
            Some(self.dialect),
            &self.known_facts(),
            &overrides,
        )
    }

    /// Scrapes `source` as [`PinnedApi::scrape_source`] does, and names what it lost or
    /// gained against the committed spec ([`crate::scrape::baseline`]), as `cargo xtask regen`
    /// does. A committed spec that cannot be read is no baseline: regen reports it.
    pub fn scrape_for_regen(
        &self,
        root: &Path,
        page: &str,
        source: &str,
    ) -> (Option<Scraped>, Diagnostics) {
        let (scraped, mut diags) = self.scrape_source(root, page, source);
        if let (Some(scraped), Ok(committed)) = (&scraped, yaml::load(&root.join(self.spec))) {
            crate::scrape::baseline::compare(&committed, &scraped.spec, &mut diags);
        }
        (scraped, diags)
    }

    pub fn known_facts(&self) -> KnownFacts {
        KnownFacts {
            doc_url: self.doc_url.map(str::to_owned),
            name: self.name.map(str::to_owned),
        }
    }
}

/// Why an API's pinned page cannot be told.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("{dir}: cannot list the pages: {error}")]
    Read { dir: String, error: std::io::Error },
    #[error("{dir}: no page (a file ending in {extensions})")]
    NoPage { dir: String, extensions: String },
    #[error("{dir}: {reason}; name each page with its version (`botapi-10.3.html`) or keep only the one to use")]
    Ambiguous { dir: String, reason: String },
}

/// The page whose name has the highest version, among several (`None` for none).
fn newest_page(dir: &str, pages: &[String]) -> Result<Option<String>, PageError> {
    let mut versioned = Vec::new();
    for page in pages {
        match version_in_name(page) {
            Some(version) => versioned.push((version, page)),
            None => {
                return Err(PageError::Ambiguous {
                    dir: dir.to_owned(),
                    reason: format!(
                        "{} pages, and `{page}` has no version in its name",
                        pages.len()
                    ),
                })
            }
        }
    }
    versioned.sort();
    let newest = versioned.pop();
    match (newest, versioned.last()) {
        (Some((version, newest)), Some((other, second))) if version == *other => {
            Err(PageError::Ambiguous {
                dir: dir.to_owned(),
                reason: format!("`{second}` and `{newest}` have the same version"),
            })
        }
        (newest, _) => Ok(newest.map(|(_, page)| page.clone())),
    }
}

pub const PINNED: &[PinnedApi] = &[
    PinnedApi {
        key: "telegram",
        sources: "spec/sources/telegram",
        dialect: Dialect::TELEGRAM_HTML,
        spec: "spec/telegram.yaml",
        overrides: Some("spec/overrides/telegram.yaml"),
        doc_url: Some("https://core.telegram.org/bots/api"),
        name: None,
        generated: Some("generated/telegram"),
        // `telegram-bot-api` is taken on crates.io.
        crate_name: Some("telegram-bot-api-bindings"),
        // The Mini App init data (`WebAppInitData`, `WebAppUser`, `WebAppChat`) and its
        // check are documented there, not on the Bot API page.
        extra_pages: &[PinnedExtraPage {
            file: "webapps.html",
            doc_url: "https://core.telegram.org/bots/webapps",
            overrides: Some("spec/overrides/telegram-webapps.yaml"),
        }],
    },
    PinnedApi {
        key: "letgram",
        sources: "spec/sources/letgram",
        dialect: Dialect::LETGRAM_TEXT,
        spec: "spec/letgram.yaml",
        overrides: Some("spec/overrides/letgram.yaml"),
        // The export does not say where the page is published.
        doc_url: None,
        name: None,
        generated: Some("generated/letgram"),
        crate_name: None,
        extra_pages: &[],
    },
    PinnedApi {
        key: "potato",
        sources: "spec/sources/potato",
        dialect: Dialect::POTATO_TEXT,
        spec: "spec/potato.yaml",
        overrides: Some("spec/overrides/potato.yaml"),
        doc_url: None,
        // The export has no title; the prose calls it "the Potato Bot API".
        name: Some("Potato Bot API"),
        generated: Some("generated/potato"),
        crate_name: None,
        extra_pages: &[],
    },
    PinnedApi {
        key: "gateway",
        sources: "spec/sources/gateway",
        dialect: Dialect::TELEGRAM_HTML,
        spec: "spec/gateway.yaml",
        overrides: None,
        doc_url: Some("https://core.telegram.org/gateway/api"),
        name: None,
        generated: Some("generated/gateway"),
        crate_name: None,
        extra_pages: &[],
    },
    PinnedApi {
        key: "tdlib",
        sources: "spec/sources/tdlib",
        dialect: Dialect::TDLIB_TL,
        spec: "spec/tdlib.yaml",
        overrides: Some("spec/overrides/tdlib.yaml"),
        doc_url: None,
        // The schema has no title.
        name: Some("TDLib API"),
        generated: Some("generated/tdlib"),
        crate_name: Some("tdlib-api"),
        extra_pages: &[],
    },
];

pub fn find(key: &str) -> Option<&'static PinnedApi> {
    PINNED.iter().find(|api| api.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pinned_page_is_the_newest_in_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("spec/sources/telegram");
        std::fs::create_dir_all(&dir).unwrap();
        let telegram = find("telegram").unwrap();
        let page = |names: &[&str]| {
            for entry in std::fs::read_dir(&dir).unwrap() {
                std::fs::remove_file(entry.unwrap().path()).unwrap();
            }
            for name in names {
                std::fs::write(dir.join(name), "").unwrap();
            }
            telegram.page(root.path()).map_err(|e| e.to_string())
        };
        let ok = |name: &str| Ok(format!("spec/sources/telegram/{name}"));
        assert_eq!(page(&["anything.html"]), ok("anything.html"));
        assert_eq!(
            page(&["botapi-9.2.html", "botapi-10.2.html", "NOTES.md"]),
            ok("botapi-10.2.html")
        );
        assert_eq!(
            page(&["botapi-7.9.html", "botapi-7.10.html"]),
            ok("botapi-7.10.html")
        );
        // An extra page of the API is never the pinned one.
        assert_eq!(
            page(&["botapi-10.2.html", "webapps.html"]),
            ok("botapi-10.2.html")
        );
        let error = page(&["botapi-9.2.html", "latest.html"]).unwrap_err();
        assert!(error.contains("`latest.html` has no version"), "{error}");
        let error = page(&["botapi-9.2.html", "copy-9.2.htm"]).unwrap_err();
        assert!(error.contains("have the same version"), "{error}");
        let error = page(&["README.md"]).unwrap_err();
        assert!(error.contains("no page"), "{error}");
        assert!(telegram.holds(Path::new("/x/spec/sources/telegram/botapi-1.0.html")));
        assert!(!telegram.holds(Path::new("/x/sources/telegram/botapi-1.0.html")));
    }

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
        let spec = crate::spec::yaml::from_yaml(
            "api: {name: X, request_url: 'u/{method}', auth: url_path}\ntypes: []\n",
        )
        .unwrap();
        let files = crate::generate::generate(&spec, &settings).unwrap();
        assert!(
            files.files["Cargo.toml"].contains("\nrepository = \"https://example.org/bindings\"\n")
        );
    }
}
