//! Releasing a generated crate.
//!
//! The maintainer's workflow: the docs change → `cargo xtask regen` (new spec and
//! crate) → `cargo xtask diff git:HEAD:spec/<api>.yaml spec/<api>.yaml` (review) →
//! `cargo xtask release <api>` (this module) → review and commit → `cargo xtask
//! release <api> --publish`.
//!
//! A release compares the spec with the last released one, kept in the repository as
//! `spec/released/<api>.yaml`, and:
//! 1. computes the next version of the crate from the diff ([`crate::diff::version`]:
//!    breaking → major, compatible → minor, docs → patch, shifted down one place while
//!    the crate is at 0.x); the first release (no released spec yet) keeps the
//!    version in `Cargo.toml`;
//! 2. writes a `CHANGELOG.md` entry from the diff ([`changelog`]);
//! 3. sets the version in the crate's `Cargo.toml`, and the API version and date in
//!    its `[package.metadata.bot-api]` ([`crate::manifest`]);
//! 4. records the spec as the released one.
//!
//! [`cross_check`] has `cargo semver-checks` compare the released crate with the
//! current one, and refuses a planned bump smaller than it asks for.
//!
//! [`plan`] computes all of it without touching a file, [`writes`] the files it
//! writes with their contents; [`apply`] writes them, all of them or none
//! ([`crate::atomic`]); [`package_planned`] packages a copy of the crate as the
//! release makes it, at the planned version, without writing in the checkout (what
//! `--dry-run` checks); [`cargo_publish`] runs `cargo publish`, with `--dry-run`
//! unless the caller explicitly asks for a real publish.

pub mod changelog;
pub mod cross_check;

use std::path::{Path, PathBuf};
use std::process::Command;

use semver::Version;

use crate::diff::{self, CrateVersions, DiffError, Release, SideInfo, SpecDiff};
use crate::manifest::{manifest_in, Manifest, ManifestError};
use crate::pinned::PinnedApi;
use crate::spec::yaml::{self, SpecFileError};
use crate::spec::Spec;
use changelog::{ChangelogError, Entry};

/// The files a release of one API reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The workspace root.
    pub root: PathBuf,
    /// The API's key (`telegram`).
    pub key: String,
    /// The current spec.
    pub spec: PathBuf,
    /// The spec of the last release.
    pub released_spec: PathBuf,
    /// The generated crate.
    pub crate_dir: PathBuf,
}

impl Target {
    /// The usual layout under a workspace root: `spec/released/<key>.yaml` and
    /// `generated/<key>/`.
    pub fn of(root: &Path, api: &PinnedApi) -> Target {
        Target {
            root: root.to_path_buf(),
            key: api.key.to_owned(),
            spec: root.join(api.spec),
            released_spec: root.join(api.released_spec()),
            crate_dir: root.join("generated").join(api.key),
        }
    }

    pub fn manifest(&self) -> PathBuf {
        self.crate_dir.join("Cargo.toml")
    }

    pub fn changelog(&self) -> PathBuf {
        self.crate_dir.join("CHANGELOG.md")
    }

    /// `path` relative to the workspace root, with `/` between its parts (as git and
    /// the atomic writer name files).
    pub fn relative(&self, path: &Path) -> Result<String, ReleaseError> {
        let inside = path
            .strip_prefix(&self.root)
            .map_err(|_| ReleaseError::OutsideRoot {
                path: path.display().to_string(),
                root: self.root.display().to_string(),
            })?;
        Ok(inside.to_string_lossy().replace('\\', "/"))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    #[error(transparent)]
    Spec(#[from] SpecFileError),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Changelog(#[from] ChangelogError),
    // Not `#[from]`: the message holds the error, which must not be its source too
    // (a chain of causes would print it twice).
    #[error("cannot compare with the released spec: {0}")]
    Diff(DiffError),
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: no generated crate here; run `cargo xtask regen` first")]
    NoCrate { path: String },
    #[error("`{command}` failed ({status})")]
    Command { command: String, status: String },
    #[error("{0}")]
    NotPrepared(String),
    #[error(transparent)]
    Write(#[from] crate::atomic::AtomicError),
    #[error("{path} is not under the workspace root {root}")]
    OutsideRoot { path: String, root: String },
    #[error("cannot check the release with cargo-semver-checks: {0}")]
    Check(String),
}

impl From<DiffError> for ReleaseError {
    fn from(error: DiffError) -> Self {
        ReleaseError::Diff(error)
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReleaseError + '_ {
    move |error| ReleaseError::Io {
        path: path.display().to_string(),
        error,
    }
}

/// Everything a release would do, computed without writing anything.
#[derive(Debug, Clone)]
pub struct Plan {
    pub crate_name: Option<String>,
    /// The crate's repository URL, as its manifest states it (without one, crates.io
    /// shows no source link).
    pub repository: Option<String>,
    /// The version in `Cargo.toml` now.
    pub current: Version,
    /// The version after the release (the same for a first release).
    pub next: Version,
    /// The kind of release; `None` for the first one.
    pub release: Option<Release>,
    /// The changes since the last release; `None` for the first one.
    pub diff: Option<SpecDiff>,
    /// The changelog entry to add (empty when there is nothing to release).
    pub entry: String,
    /// The spec being released.
    pub spec: Spec,
}

impl Plan {
    /// False when the spec has not changed at all since the last release.
    pub fn has_changes(&self) -> bool {
        self.release != Some(Release::None)
    }
}

/// Computes the release of `target` on `date` (`YYYY-MM-DD`).
pub fn plan(target: &Target, date: &str) -> Result<Plan, ReleaseError> {
    let spec = yaml::load(&target.spec)?;
    let manifest = read_manifest(target)?;
    let current = manifest.version()?;
    let released = if target.released_spec.exists() {
        Some(yaml::load(&target.released_spec)?)
    } else {
        None
    };
    let api = SideInfo {
        name: spec.api.name.clone(),
        version: spec.api.version.clone(),
        release_date: spec.api.release_date.clone(),
    };
    let (release, next, diff, entry) = match released {
        None => {
            let entry = changelog::entry(&Entry {
                version: &current,
                date,
                api: &api,
                since: None,
            });
            (None, current.clone(), None, entry)
        }
        Some(released) => {
            let diff = diff::diff(&released, &spec)?;
            let release = diff.summary.release;
            let next = release.next(&current);
            let entry = if release == Release::None {
                String::new()
            } else {
                changelog::entry(&Entry {
                    version: &next,
                    date,
                    api: &api,
                    since: Some((&current, &diff)),
                })
            };
            (Some(release), next, Some(diff), entry)
        }
    };
    Ok(Plan {
        crate_name: manifest.name().map(str::to_owned),
        repository: manifest.repository().map(str::to_owned),
        current,
        next,
        release,
        diff,
        entry,
        spec,
    })
}

/// The versions of `target`'s crate before and after releasing the changes of
/// `diff`, when they are what a release would make of them: the diff's old side `old`
/// is the last released spec and the crate exists. A diff from anything else says
/// nothing about the crate's next version: `None`.
pub fn crate_versions(
    target: &Target,
    old: &Spec,
    diff: &SpecDiff,
) -> Result<Option<CrateVersions>, ReleaseError> {
    if !target.released_spec.exists() || yaml::load(&target.released_spec)? != *old {
        return Ok(None);
    }
    let Some(manifest) = manifest_in(&target.crate_dir)? else {
        return Ok(None);
    };
    let current = manifest.version()?;
    Ok(Some(CrateVersions {
        name: manifest.name().unwrap_or(&target.key).to_owned(),
        next: diff.summary.release.next(&current).to_string(),
        current: current.to_string(),
    }))
}

fn read_manifest(target: &Target) -> Result<Manifest, ReleaseError> {
    manifest_in(&target.crate_dir)?.ok_or_else(|| ReleaseError::NoCrate {
        path: target.crate_dir.display().to_string(),
    })
}

/// The files a release writes, each with its new contents: the changelog with the
/// entry, `Cargo.toml` with the versions, the released spec. Nothing when there is
/// nothing to release.
pub fn writes(target: &Target, plan: &Plan) -> Result<Vec<(PathBuf, String)>, ReleaseError> {
    if !plan.has_changes() {
        return Ok(Vec::new());
    }
    let changelog_path = target.changelog();
    let existing = match std::fs::read_to_string(&changelog_path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(io(&changelog_path)(error)),
    };
    let changelog_text = changelog::insert(
        &changelog_path.display().to_string(),
        existing.as_deref(),
        &plan.next,
        &plan.entry,
    )?;
    let mut manifest = read_manifest(target)?;
    manifest.set_versions(
        &plan.next,
        plan.spec.api.version.as_deref(),
        plan.spec.api.release_date.as_deref(),
    )?;
    let manifest_text = manifest.to_text();
    let spec_text = yaml::to_yaml(&plan.spec).map_err(SpecFileError::from)?;
    Ok(vec![
        (changelog_path, changelog_text),
        (target.manifest(), manifest_text),
        (target.released_spec.clone(), spec_text),
    ])
}

/// Writes the release ([`writes`]): all the files or, on any error or crash, none.
/// Returns the files written.
pub fn apply(target: &Target, plan: &Plan) -> Result<Vec<PathBuf>, ReleaseError> {
    let writes = writes(target, plan)?;
    let mut changes = crate::atomic::Changeset::new();
    for (path, text) in &writes {
        changes.write(target.relative(path)?, text.as_bytes());
    }
    crate::atomic::commit(&target.root, &changes)?;
    Ok(writes.into_iter().map(|(path, _)| path).collect())
}

/// Packages the crate as the release makes it, at the planned version, without
/// writing in the checkout: a copy of the crate (its `target/` left out) in a
/// temporary directory, with the release's `Cargo.toml` and changelog and the
/// workspace's `Cargo.lock` (the same dependency versions), through `cargo publish
/// --dry-run`. Builds go to `target_dir`, where cargo leaves the verified package
/// (`package/<name>-<version>/`).
pub fn package_planned(
    target: &Target,
    plan: &Plan,
    target_dir: &Path,
) -> Result<(), ReleaseError> {
    let temp = tempfile::tempdir().map_err(io(Path::new("temporary directory")))?;
    let name = plan.crate_name.as_deref().unwrap_or(&target.key);
    let copy = temp.path().join(name);
    copy_dir(&target.crate_dir, &copy)?;
    for (path, text) in writes(target, plan)? {
        if let Ok(inside) = path.strip_prefix(&target.crate_dir) {
            let to = copy.join(inside);
            std::fs::write(&to, text).map_err(io(&to))?;
        }
    }
    let lock = target.root.join("Cargo.lock");
    if lock.exists() {
        let to = copy.join("Cargo.lock");
        std::fs::copy(&lock, &to).map_err(io(&to))?;
    }
    run_publish(&copy, Publish::DryRun, Some(target_dir))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), ReleaseError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(io(&path))?;
        if kind.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &to.join(entry.file_name()))?;
            }
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// Checks that a release was prepared and committed-ready: the released spec is the
/// current spec, and the changelog has an entry for the version in `Cargo.toml`.
pub fn check_prepared(target: &Target) -> Result<Version, ReleaseError> {
    let spec = yaml::load(&target.spec)?;
    if !target.released_spec.exists() || yaml::load(&target.released_spec)? != spec {
        return Err(ReleaseError::NotPrepared(format!(
            "{} is not the released spec {}; run `cargo xtask release {}` first",
            target.spec.display(),
            target.released_spec.display(),
            target.key
        )));
    }
    let version = read_manifest(target)?.version()?;
    let changelog_path = target.changelog();
    let text = std::fs::read_to_string(&changelog_path).map_err(io(&changelog_path))?;
    if !text
        .lines()
        .any(|line| line.starts_with(&format!("## {version} ")))
    {
        return Err(ReleaseError::NotPrepared(format!(
            "{} has no entry for {version}",
            changelog_path.display()
        )));
    }
    Ok(version)
}

/// How far `cargo publish` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// `cargo publish --dry-run --allow-dirty`: packages and builds, uploads nothing.
    DryRun,
    /// A real upload to the registry. Never in tests or CI.
    Real,
}

/// Runs `cargo publish` for the crate in `crate_dir`; its output goes to ours.
pub fn cargo_publish(crate_dir: &Path, publish: Publish) -> Result<(), ReleaseError> {
    run_publish(crate_dir, publish, None)
}

fn run_publish(
    crate_dir: &Path,
    publish: Publish,
    target_dir: Option<&Path>,
) -> Result<(), ReleaseError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = crate_dir.join("Cargo.toml");
    let mut command = Command::new(cargo);
    command.arg("publish").arg("--manifest-path").arg(&manifest);
    let mut shown = format!("cargo publish --manifest-path {}", manifest.display());
    if publish == Publish::DryRun {
        command.args(["--dry-run", "--allow-dirty"]);
        shown.push_str(" --dry-run --allow-dirty");
    }
    if let Some(dir) = target_dir {
        command.arg("--target-dir").arg(dir);
        shown.push_str(&format!(" --target-dir {}", dir.display()));
    }
    let status = command.status().map_err(io(&manifest))?;
    if status.success() {
        Ok(())
    } else {
        Err(ReleaseError::Command {
            command: shown,
            status: status.to_string(),
        })
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(seconds / 86_400)
}

/// The calendar date of a day counted from 1970-01-01 (proleptic Gregorian).
fn civil_date(days: u64) -> String {
    // Shift the epoch to 0000-03-01, so that leap days end a 400-year era's years.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(59), "1970-03-01");
        assert_eq!(civil_date(10_957), "2000-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(11_017), "2000-03-01");
        assert_eq!(civil_date(20_648), "2026-07-14");
        assert_eq!(today().len(), 10);
    }
}
