//! The two sides of a diff, from wherever they are: a spec file (`.yaml`/`.yml`), a
//! documentation page (anything else, scraped on the fly, its dialect told from its
//! contents), or either of those at a git revision (`git:<rev>:<path>`, read with
//! `git show <rev>:<path>` in the given directory).
//!
//! A page is scraped the way `cargo xtask regen` scrapes it when it belongs to one
//! of the pinned APIs ([`crate::pinned`]): with that API's known facts (published
//! address, name), its overrides and its extra pages. Which API a page belongs to is, in order: the
//! one the caller names; the one whose folder of pages (`spec/sources/<api>/`) holds
//! the page; the one whose published address is the `doc_url` of the other side, when
//! that side is a spec.
//! Any other page is scraped plainly, with the other side's `doc_url` if it has one,
//! so that a page and the spec made from it do not differ by it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostics::Diagnostics;
use crate::pinned::{self, PinnedApi};
use crate::scrape::extract::KnownFacts;
use crate::scrape::overrides::{Overrides, OverridesError};
use crate::scrape::scrape_with;
use crate::spec::yaml;
use crate::spec::Spec;

/// Where one side of a diff comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Git { rev: String, path: String },
}

/// Why a side could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: cannot read: {error}")]
    Read { name: String, error: std::io::Error },
    #[error("{name}: cannot run git: {error}")]
    GitSpawn { name: String, error: std::io::Error },
    #[error("{name}: git show failed: {stderr}")]
    Git { name: String, stderr: String },
    #[error("{name}: not valid UTF-8")]
    Utf8 { name: String },
    #[error("{name}: not a valid spec: {error}")]
    Spec {
        name: String,
        error: serde_yaml::Error,
    },
    #[error("{name}: `git:` source must be `git:<rev>:<path>`")]
    GitSyntax { name: String },
    #[error(transparent)]
    Overrides(#[from] OverridesError),
    #[error("{name}: the page could not be scraped ({errors} error(s)):\n{diagnostics}")]
    Page {
        name: String,
        errors: usize,
        diagnostics: String,
    },
}

impl Source {
    /// Reads a command-line argument: `git:<rev>:<path>` or a file path.
    pub fn parse(arg: &str) -> Result<Source, InputError> {
        match arg.strip_prefix("git:") {
            Some(rest) => match rest.split_once(':') {
                Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Ok(Source::Git {
                    rev: rev.to_owned(),
                    path: path.to_owned(),
                }),
                _ => Err(InputError::GitSyntax {
                    name: arg.to_owned(),
                }),
            },
            None => Ok(Source::File(PathBuf::from(arg))),
        }
    }

    /// How diagnostics and errors name this side.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Git { rev, path } => format!("{rev}:{path}"),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Source::File(path) => path,
            Source::Git { path, .. } => Path::new(path),
        }
    }

    /// True for a spec file, false for a page, by the file name's extension.
    pub fn is_spec(&self) -> bool {
        matches!(
            self.path().extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        )
    }

    /// The text of the file; git revisions are read in `dir`.
    pub fn read(&self, dir: &Path) -> Result<String, InputError> {
        let name = self.name();
        match self {
            Source::File(path) => std::fs::read_to_string(dir.join(path))
                .map_err(|error| InputError::Read { name, error }),
            Source::Git { rev, path } => {
                let output = Command::new("git")
                    .arg("show")
                    .arg(format!("{rev}:{path}"))
                    .current_dir(dir)
                    .output()
                    .map_err(|error| InputError::GitSpawn {
                        name: name.clone(),
                        error,
                    })?;
                if !output.status.success() {
                    return Err(InputError::Git {
                        name,
                        stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
                    });
                }
                String::from_utf8(output.stdout).map_err(|_| InputError::Utf8 { name })
            }
        }
    }
}

/// Both sides loaded, with the diagnostics of any page scraped on the way.
#[derive(Debug)]
pub struct Loaded {
    pub old: Spec,
    pub new: Spec,
    /// The pinned API both sides are versions of, when it can be told (as for pages,
    /// and for specs also by their paths: `spec/<api>.yaml`, `spec/released/<api>.yaml`).
    pub api: Option<&'static PinnedApi>,
    /// Warnings from scraping pages (errors stop the load).
    pub diagnostics: Vec<Diagnostics>,
}

/// Loads both sides; relative paths and git revisions are taken in `dir`, the
/// overrides of a pinned API in `root` (the workspace). `api` names the pinned API the
/// pages belong to, when the caller knows it.
pub fn load_pair(
    old: &Source,
    new: &Source,
    dir: &Path,
    root: &Path,
    api: Option<&'static PinnedApi>,
) -> Result<Loaded, InputError> {
    let old_text = old.read(dir)?;
    let new_text = new.read(dir)?;
    let old_spec = parse_spec(old, &old_text)?;
    let new_spec = parse_spec(new, &new_text)?;
    let mut diagnostics = Vec::new();
    let spec_doc_url = [&old_spec, &new_spec]
        .into_iter()
        .flatten()
        .find_map(|spec| spec.api.doc_url.clone());
    let paths = [old, new].map(|s| dir.join(s.path()));
    let pinned = api
        .or_else(|| {
            pinned::PINNED
                .iter()
                .find(|p| paths.iter().any(|path| p.holds(path) || p.owns_spec(path)))
        })
        .or_else(|| {
            let url = spec_doc_url.as_deref()?;
            pinned::PINNED.iter().find(|p| p.doc_url == Some(url))
        });
    let (old_spec, new_spec) = match (old_spec, new_spec) {
        (Some(old), Some(new)) => {
            return Ok(Loaded {
                old,
                new,
                api: pinned,
                diagnostics,
            })
        }
        pair => pair,
    };
    let (known, overrides) = match pinned {
        Some(pinned) => {
            let overrides = match pinned.overrides {
                Some(path) => Overrides::load(&root.join(path))?,
                None => Overrides::default(),
            };
            (pinned.known_facts(), overrides)
        }
        None => (
            KnownFacts {
                doc_url: spec_doc_url,
                ..KnownFacts::default()
            },
            Overrides::default(),
        ),
    };
    let mut side = |spec: Option<Spec>, source: &Source, text: &str| match (spec, pinned) {
        (Some(spec), _) => Ok(spec),
        // As `regen` reads it: with the API's overrides and its extra pages.
        (None, Some(pinned)) => {
            let name = source.name();
            let (scraped, diags) = pinned.scrape_source(root, &name, text);
            checked(name, scraped.map(|s| s.spec), diags, &mut diagnostics)
        }
        (None, None) => scrape_page(source, text, &known, &overrides, &mut diagnostics),
    };
    let old = side(old_spec, old, &old_text)?;
    let new = side(new_spec, new, &new_text)?;
    Ok(Loaded {
        old,
        new,
        api: pinned,
        diagnostics,
    })
}

/// The spec, when the source is a spec file; `None` for a page.
fn parse_spec(source: &Source, text: &str) -> Result<Option<Spec>, InputError> {
    if !source.is_spec() {
        return Ok(None);
    }
    yaml::from_yaml(text)
        .map(Some)
        .map_err(|error| InputError::Spec {
            name: source.name(),
            error,
        })
}

fn scrape_page(
    source: &Source,
    text: &str,
    known: &KnownFacts,
    overrides: &Overrides,
    diagnostics: &mut Vec<Diagnostics>,
) -> Result<Spec, InputError> {
    let name = source.name();
    let (spec, diags) = scrape_with(text, &name, None, known, overrides);
    checked(name, spec, diags, diagnostics)
}

/// A scraped page's spec, when it has no errors.
fn checked(
    name: String,
    spec: Option<Spec>,
    diags: Diagnostics,
    diagnostics: &mut Vec<Diagnostics>,
) -> Result<Spec, InputError> {
    match spec {
        Some(spec) if !diags.has_errors() => {
            diagnostics.push(diags);
            Ok(spec)
        }
        _ => Err(InputError::Page {
            name,
            errors: diags.errors().count(),
            diagnostics: diags.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_git_sources() {
        assert_eq!(
            Source::parse("git:HEAD~1:spec/telegram.yaml").unwrap(),
            Source::Git {
                rev: "HEAD~1".into(),
                path: "spec/telegram.yaml".into()
            }
        );
        assert!(Source::parse("git:HEAD").is_err());
        assert!(Source::parse("git::x.yaml").is_err());
        assert_eq!(
            Source::parse("a.html").unwrap(),
            Source::File("a.html".into())
        );
    }

    #[test]
    fn tells_specs_from_pages() {
        assert!(Source::parse("spec/telegram.yaml").unwrap().is_spec());
        assert!(Source::parse("git:v1:spec/telegram.yml").unwrap().is_spec());
        assert!(!Source::parse("botapi-9.2.html").unwrap().is_spec());
    }

    #[test]
    fn errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.yaml"), "api: 3\n").unwrap();
        let bad = Source::parse("bad.yaml").unwrap();
        let message = load_pair(&bad, &bad, dir.path(), dir.path(), None)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("bad.yaml: not a valid spec"),
            "{message}"
        );
        let missing = Source::parse("missing.yaml").unwrap();
        let message = load_pair(&missing, &bad, dir.path(), dir.path(), None)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("missing.yaml: cannot read"),
            "{message}"
        );
        let page = Source::parse("page.txt").unwrap();
        std::fs::write(dir.path().join("page.txt"), "hello\n").unwrap();
        let message = load_pair(&page, &page, dir.path(), dir.path(), None)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("page.txt: the page could not be scraped"),
            "{message}"
        );
    }
}
