//! A crate's `Cargo.toml`: reading and setting the version of a generated crate,
//! keeping the rest of the file (comments, order, formatting) as it is.
//!
//! Both [`crate::release`] (which sets the version) and [`crate::pinned`] (whose
//! codegen settings keep it) read manifests here, so neither imports the other. The
//! version lives only in the crate's manifest, where crates.io reads it: a second copy
//! under `spec/` could disagree with it, so regen reads it back rather than keep one.
//!
//! The API version is recorded in `[package.metadata.bot-api]` (`version`,
//! `release-date`), the table codegen writes; a release sets it to the released
//! spec's values so that the two never disagree.

use std::path::Path;

use semver::Version;
use toml_edit::{value, DocumentMut, Item, Table};

/// Why a manifest could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{path}: cannot read: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path}: not valid TOML: {error}")]
    Parse {
        path: String,
        error: toml_edit::TomlError,
    },
    #[error("{path}: [package] has no `version = \"x.y.z\"` string")]
    NoVersion { path: String },
    #[error("{path}: `{key}` under [package] must be a `[…]` table")]
    NotATable { path: String, key: String },
    #[error("{path}: [package] version `{text}` is not semver: {error}")]
    BadVersion {
        path: String,
        text: String,
        error: semver::Error,
    },
}

/// A crate manifest, parsed for editing.
pub struct Manifest {
    path: String,
    document: DocumentMut,
}

impl Manifest {
    /// Parses manifest text; `path` names it in errors.
    pub fn parse(path: &str, text: &str) -> Result<Manifest, ManifestError> {
        let document = text
            .parse::<DocumentMut>()
            .map_err(|error| ManifestError::Parse {
                path: path.to_owned(),
                error,
            })?;
        Ok(Manifest {
            path: path.to_owned(),
            document,
        })
    }

    /// The crate's name, when the manifest states it.
    pub fn name(&self) -> Option<&str> {
        self.document.get("package")?.get("name")?.as_str()
    }

    /// The crate's `repository` URL, when the manifest states it.
    pub fn repository(&self) -> Option<&str> {
        self.document.get("package")?.get("repository")?.as_str()
    }

    /// Whether the manifest declares a workspace (a `[workspace]` table).
    pub fn is_workspace(&self) -> bool {
        self.document
            .get("workspace")
            .is_some_and(|w| w.is_table_like())
    }

    /// A workspace manifest's `[workspace.package] repository`: where this project is
    /// published, which every generated crate names as its repository.
    pub fn workspace_repository(&self) -> Option<&str> {
        (self.document.get("workspace")?.get("package")?)
            .get("repository")?
            .as_str()
    }

    /// The crate's version.
    pub fn version(&self) -> Result<Version, ManifestError> {
        let text = self
            .document
            .get("package")
            .and_then(|p| p.get("version"))
            .and_then(Item::as_str)
            .ok_or_else(|| ManifestError::NoVersion {
                path: self.path.clone(),
            })?;
        Version::parse(text).map_err(|error| ManifestError::BadVersion {
            path: self.path.clone(),
            text: text.to_owned(),
            error,
        })
    }

    /// Sets the crate's version and the API version and date in the metadata.
    pub fn set_versions(
        &mut self,
        version: &Version,
        api_version: Option<&str>,
        api_release_date: Option<&str>,
    ) -> Result<(), ManifestError> {
        let no_version = || ManifestError::NoVersion {
            path: self.path.clone(),
        };
        let package = self
            .document
            .get_mut("package")
            .and_then(Item::as_table_mut)
            .ok_or_else(no_version)?;
        if package.get("version").and_then(Item::as_str).is_none() {
            return Err(no_version());
        }
        package["version"] = value(version.to_string());
        let metadata = subtable(&self.path, package, "metadata")?;
        let bot_api = subtable(&self.path, metadata, "bot-api")?;
        for (key, fact) in [("version", api_version), ("release-date", api_release_date)] {
            match fact {
                Some(fact) => bot_api[key] = value(fact),
                None => {
                    bot_api.remove(key);
                }
            }
        }
        Ok(())
    }

    pub fn to_text(&self) -> String {
        self.document.to_string()
    }
}

/// The table `key` of `table`, created (as a `[a.b]` header) if absent.
fn subtable<'a>(
    path: &str,
    table: &'a mut Table,
    key: &str,
) -> Result<&'a mut Table, ManifestError> {
    if !table.contains_key(key) {
        let mut new = Table::new();
        new.set_implicit(true);
        table.insert(key, Item::Table(new));
    }
    table
        .get_mut(key)
        .and_then(Item::as_table_mut)
        .ok_or_else(|| ManifestError::NotATable {
            path: path.to_owned(),
            key: key.to_owned(),
        })
}

/// The version of the crate in `crate_dir`, `None` when there is no crate yet. Codegen
/// keeps this version when it regenerates the crate, so that a release's bump survives
/// `regen` and `codegen --check`.
pub fn crate_version(crate_dir: &Path) -> Result<Option<Version>, ManifestError> {
    match manifest_in(crate_dir)? {
        Some(manifest) => Ok(Some(manifest.version()?)),
        None => Ok(None),
    }
}

/// The `Cargo.toml` in `dir`, `None` when there is none.
pub fn manifest_in(dir: &Path) -> Result<Option<Manifest>, ManifestError> {
    let path = dir.join("Cargo.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(ManifestError::Read {
                path: path.display().to_string(),
                error,
            })
        }
    };
    Ok(Some(Manifest::parse(&path.display().to_string(), &text)?))
}

/// The `[workspace.package] repository` of the workspace at `root`, if it has one.
pub fn workspace_repository(root: &Path) -> Result<Option<String>, ManifestError> {
    let manifest = manifest_in(root)?;
    Ok(manifest.and_then(|m| m.workspace_repository().map(str::to_owned)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# @generated\n[package]\nname = \"demo\"  # the name\nversion = \"0.3.1\"\n\n[package.metadata.bot-api]\nname = \"Demo API\"\nversion = \"1.0\"\n\n[dependencies]\nserde = \"1\"\n";

    #[test]
    fn sets_versions_and_keeps_the_rest() {
        let mut manifest = Manifest::parse("Cargo.toml", TEXT).unwrap();
        assert_eq!(manifest.name(), Some("demo"));
        assert_eq!(manifest.version().unwrap(), Version::new(0, 3, 1));
        manifest
            .set_versions(&Version::new(0, 4, 0), Some("1.1"), Some("2025-01-02"))
            .unwrap();
        let text = manifest.to_text();
        assert!(
            text.starts_with(
                "# @generated\n[package]\nname = \"demo\"  # the name\nversion = \"0.4.0\"\n"
            ),
            "{text}"
        );
        assert!(text.contains("[package.metadata.bot-api]\nname = \"Demo API\"\nversion = \"1.1\"\nrelease-date = \"2025-01-02\"\n"), "{text}");
        assert!(text.ends_with("[dependencies]\nserde = \"1\"\n"), "{text}");
    }

    #[test]
    fn creates_the_metadata_table_when_missing() {
        let mut manifest = Manifest::parse(
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"1.0.0\"\n",
        )
        .unwrap();
        manifest
            .set_versions(&Version::new(1, 1, 0), Some("7.0"), None)
            .unwrap();
        let text = manifest.to_text();
        assert!(text.contains("version = \"1.1.0\""), "{text}");
        assert!(
            text.contains("[package.metadata.bot-api]\nversion = \"7.0\"\n"),
            "{text}"
        );
    }

    #[test]
    fn errors_name_the_file() {
        let error = Manifest::parse("gen/Cargo.toml", "[package\n")
            .err()
            .unwrap();
        assert!(error
            .to_string()
            .starts_with("gen/Cargo.toml: not valid TOML"));
        let manifest = Manifest::parse("gen/Cargo.toml", "[package]\nname = \"x\"\n").unwrap();
        assert!(manifest
            .version()
            .unwrap_err()
            .to_string()
            .contains("no `version"));
        let manifest = Manifest::parse("gen/Cargo.toml", "[package]\nversion = \"one\"\n").unwrap();
        assert!(manifest
            .version()
            .unwrap_err()
            .to_string()
            .contains("not semver"));
    }
}
