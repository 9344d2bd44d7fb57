//! `cargo xtask regen`: every spec and crate the project generates, brought in step as
//! one run ([`atomic`]): the pinned APIs (page → `spec/<api>.yaml` → `generated/<api>/`)
//! and the golden crates (`tests/golden/<quirk>/`, one small crate per quirk of the
//! generator, compiled and linted as workspace members).
//!
//! A golden crate's input is its folder's `spec.yaml`, written by hand, or a page named
//! after the pinned API whose rules read it (`tdlib.tl`: TDLib's dialect and known
//! facts; not its overrides, which name items of the real page, but the page's own
//! beside it, `tdlib.overrides.yaml`, as for the dialects' fragments: a warning that is
//! the quirk shown is answered there, so `regen` stays quiet). Everything else in
//! the folder that has no `@generated` marker (its own tests, under `tests/`) is left
//! alone. A golden page is read even with `--crates-only`: it is the crate's only input.
//! Unlike `spec/` and `generated/` ([`atomic::OUTPUT_DIRS`]), `tests/golden/` is not
//! searched for stray temporary files: this tool never made any there.

use std::path::Path;

use anyhow::{bail, Context, Result};
use codegen::atomic::{self, Changeset};
use codegen::generate::{self, Difference};
use codegen::ir::Settings;
use codegen::pinned::{self, PinnedApi};
use codegen::scrape::overrides::Overrides;
use codegen::scrape::{self, Scraped};
use codegen::spec::yaml;
use codegen::spec::Spec;

use crate::{checked, note, relative_to};

/// The folder of the golden crates, relative to the workspace root.
pub const GOLDEN: &str = "tests/golden";

/// The hand-written spec of a golden crate, in its folder.
const GOLDEN_SPEC: &str = "spec.yaml";

/// The extension of a golden page's overrides, in place of the page's
/// (`tdlib.overrides.yaml` beside `tdlib.tl`).
const OVERRIDES: &str = "overrides.yaml";

/// What a run covers.
pub struct Scope<'a> {
    /// Only this pinned API (by key), and no golden crate; `None`: everything.
    pub api: Option<&'a str>,
    /// The crates only, from the committed specs: the pages are not read.
    pub crates_only: bool,
}

/// Brings the files of `scope` in step, all together as one ([`atomic`]): a failed or
/// killed run leaves every file as it was. With `check`, writes nothing and fails when
/// a committed file differs, when stray temporary files are in the output directories,
/// or when an interrupted run is part-way.
pub fn regen(root: &Path, scope: &Scope, check: bool) -> Result<()> {
    let mut problems = if check {
        workspace_problems(root)?
    } else {
        recover(root)?;
        Vec::new()
    };
    let mut changes = Changeset::new();
    let mut failed = Vec::new();
    let mut summaries = Vec::new();
    for api in selected(scope.api)? {
        let spec = if scope.crates_only {
            yaml::load(&root.join(api.spec))?
        } else {
            let (page, scraped) = match regen_one(root, api) {
                Ok(found) => found,
                Err(error) => {
                    note!("error: {error:#}");
                    failed.push(api.key.to_owned());
                    continue;
                }
            };
            let text = yaml::to_yaml(&scraped.spec)?;
            if read_if_present(&root.join(api.spec))?.as_deref() != Some(text.as_str()) {
                problems.push(format!("{} is out of date", api.spec));
                changes.write(api.spec, text);
            }
            summaries.push(format!(
                "{} (from {page}): {} types, {} methods; {}",
                api.spec,
                scraped.spec.types.len(),
                scraped.spec.methods.len(),
                scraped.accounting.summary()
            ));
            scraped.spec
        };
        if let Some(dir) = api.generated {
            let settings = api.codegen_settings(root)?;
            let (differences, summary) = stage_crate(root, dir, &spec, &settings, &mut changes)?;
            problems.extend(differences);
            summaries.push(summary);
        }
    }
    if scope.api.is_none() {
        for golden in golden_crates(root)? {
            let spec = match golden.spec(root) {
                Ok(spec) => spec,
                Err(error) => {
                    note!("error: {error:#}");
                    failed.push(golden.dir.clone());
                    continue;
                }
            };
            let (differences, summary) =
                stage_crate(root, &golden.dir, &spec, &golden.settings(), &mut changes)?;
            problems.extend(differences);
            summaries.push(summary);
        }
    }
    if !failed.is_empty() {
        bail!("failed: {}; nothing written", failed.join(", "));
    }
    if check {
        if !problems.is_empty() {
            bail!(
                "not up to date:\n  {}\nrun `cargo xtask regen` and review the diff",
                problems.join("\n  ")
            );
        }
    } else {
        commit(root, &changes)?;
        for summary in summaries {
            note!("{summary}");
        }
        for problem in &problems {
            note!("fixed: {problem}");
        }
    }
    Ok(())
}

fn read_if_present(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
    }
}

/// One golden crate: its folder, relative to the workspace root, and its input.
struct Golden {
    /// The folder's name (`integer_enums`).
    name: String,
    dir: String,
    input: GoldenInput,
}

enum GoldenInput {
    /// `spec.yaml`, written by hand.
    Spec,
    /// A page (relative to the workspace root), read by the rules of this pinned API.
    Page(String, &'static PinnedApi),
}

impl Golden {
    fn spec(&self, root: &Path) -> Result<Spec> {
        Ok(match &self.input {
            GoldenInput::Spec => yaml::load(&root.join(&self.dir).join(GOLDEN_SPEC))?,
            GoldenInput::Page(page, api) => {
                let source = std::fs::read_to_string(root.join(page))
                    .with_context(|| format!("cannot read {page}"))?;
                let overrides = root.join(page).with_extension(OVERRIDES);
                let overrides = if overrides.is_file() {
                    Overrides::load(&overrides)?
                } else {
                    Overrides::default()
                };
                let (scraped, diags) = scrape::scrape_accounted(
                    &source,
                    page,
                    Some(api.dialect),
                    &api.known_facts(),
                    &overrides,
                );
                checked(scraped, &diags, page)?.spec
            }
        })
    }

    /// The crate is named after its folder (`golden-integer-enums`) and never
    /// published; its headers name its input.
    fn settings(&self) -> Settings {
        let path = match &self.input {
            GoldenInput::Spec => format!("{}/{GOLDEN_SPEC}", self.dir),
            GoldenInput::Page(page, _) => page.clone(),
        };
        Settings::new(path)
            .with_crate_name(format!("golden-{}", self.name.replace('_', "-")))
            .unpublished()
    }
}

/// The golden crates: every folder under [`GOLDEN`], by name.
fn golden_crates(root: &Path) -> Result<Vec<Golden>> {
    let dir = root.join(GOLDEN);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        // A checkout without golden crates (a copy of the outputs only) has none to keep.
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error).with_context(|| format!("cannot list {GOLDEN}")),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {GOLDEN}"))?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let folder = format!("{GOLDEN}/{name}");
        let mut inputs = Vec::new();
        if entry.path().join(GOLDEN_SPEC).is_file() {
            inputs.push(GoldenInput::Spec);
        }
        for file in std::fs::read_dir(entry.path())? {
            let file = file?.file_name().to_string_lossy().into_owned();
            let Some((stem, extension)) = file.split_once('.') else {
                continue;
            };
            if extension == OVERRIDES {
                continue;
            }
            if let Some(api) = pinned::find(stem) {
                inputs.push(GoldenInput::Page(format!("{folder}/{file}"), api));
            }
        }
        match inputs.len() {
            1 => out.push(Golden {
                name,
                dir: folder,
                input: inputs.pop().expect("one input"),
            }),
            0 => bail!(
                "{folder}: no input; a golden crate is generated from its `{GOLDEN_SPEC}` or \
                 from a page named after the API whose rules read it (`tdlib.tl`)"
            ),
            _ => bail!(
                "{folder}: {} inputs; a golden crate has one: its `{GOLDEN_SPEC}` or a page \
                 named after an API",
                inputs.len()
            ),
        }
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(out)
}

/// What `--check` fails on besides stale files: an interrupted run part-way, and
/// stray temporary files in the output directories.
fn workspace_problems(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    if let Some(paths) = atomic::pending(root)? {
        problems.push(format!(
            "an interrupted run is part-way through replacing {} files ({}/); \
             `cargo xtask regen` completes it",
            paths.len(),
            atomic::STAGING
        ));
    }
    for path in atomic::stray_temp_files(root)? {
        problems.push(format!(
            "{} is a stray temporary file (`cargo xtask regen` removes it)",
            relative_to(root, &path)
        ));
    }
    Ok(problems)
}

/// Completes or undoes an interrupted run and removes stray temporary files, saying
/// what it did; every command that writes starts with this.
pub fn recover(root: &Path) -> Result<()> {
    let recovered = atomic::recover(root)?;
    if let Some(paths) = &recovered.completed {
        note!(
            "completed an interrupted run: {} files replaced or removed",
            paths.len()
        );
    }
    if recovered.discarded {
        note!(
            "dropped the staged files of an interrupted run ({}/); nothing had been replaced",
            atomic::STAGING
        );
    }
    for path in &recovered.strays_removed {
        note!("removed stray temporary file {}", relative_to(root, path));
    }
    Ok(())
}

/// Replaces the files of a run as one, saying how many.
fn commit(root: &Path, changes: &Changeset) -> Result<()> {
    if !changes.is_empty() {
        note!("replacing {} files as one", changes.len());
    }
    atomic::commit(root, changes)?;
    Ok(())
}

/// Scrapes one pinned API's newest page with its overrides, printing its
/// diagnostics; returns the page (relative to `root`) with what it gave.
fn regen_one(root: &Path, api: &PinnedApi) -> Result<(String, Scraped)> {
    let page = api.page(root)?;
    let source = std::fs::read_to_string(root.join(&page))
        .with_context(|| format!("cannot read the pinned page {page}"))?;
    let (scraped, diags) = api.scrape_for_regen(root, &page, &source);
    let scraped = checked(scraped, &diags, &page)?;
    Ok((page, scraped))
}

fn selected(key: Option<&str>) -> Result<Vec<&'static PinnedApi>> {
    Ok(match key {
        Some(key) => vec![pinned::find(key).with_context(|| format!("no API named `{key}`"))?],
        None => pinned::PINNED.iter().collect(),
    })
}

/// Generates one crate into `dir` (relative to `root`) and adds what differs on disk to
/// `changes`; returns the differences and a one-line summary.
fn stage_crate(
    root: &Path,
    dir: &str,
    spec: &Spec,
    settings: &Settings,
    changes: &mut Changeset,
) -> Result<(Vec<String>, String)> {
    let files = generate::generate(spec, settings).with_context(|| format!("generating {dir}"))?;
    let differences =
        generate::stage(root, dir, &files, changes).with_context(|| format!("reading {dir}"))?;
    let summary = format!(
        "{dir}: {} files, {} changed",
        files.files.len(),
        differences.len()
    );
    let differences = differences
        .iter()
        .map(|difference: &Difference| {
            difference
                .to_string()
                .replace(&format!("{}/", root.display()), "")
        })
        .collect();
    Ok((differences, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(root: &Path, name: &str, files: &[&str]) {
        let dir = root.join(GOLDEN).join(name);
        std::fs::create_dir_all(&dir).unwrap();
        for file in files {
            std::fs::write(dir.join(file), "").unwrap();
        }
    }

    #[test]
    fn golden_crates_are_found_by_their_input() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        assert!(golden_crates(root).unwrap().is_empty());
        folder(root, "unions", &[GOLDEN_SPEC, "Cargo.toml", "README.md"]);
        folder(
            root,
            "tdlib",
            &["tdlib.tl", "tdlib.overrides.yaml", "Cargo.toml"],
        );
        folder(root, ".hidden", &[]);
        let found = golden_crates(root).unwrap();
        let found: Vec<_> = found
            .iter()
            .map(|golden| {
                let settings = golden.settings();
                (golden.dir.as_str(), settings.crate_name, settings.spec_path)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "tests/golden/tdlib",
                    Some("golden-tdlib".to_owned()),
                    "tests/golden/tdlib/tdlib.tl".to_owned()
                ),
                (
                    "tests/golden/unions",
                    Some("golden-unions".to_owned()),
                    "tests/golden/unions/spec.yaml".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_golden_folder_needs_exactly_one_input() {
        let root = tempfile::tempdir().unwrap();
        folder(root.path(), "empty", &["Cargo.toml"]);
        let error = golden_crates(root.path()).err().unwrap().to_string();
        assert!(error.starts_with("tests/golden/empty: no input"), "{error}");

        let root = tempfile::tempdir().unwrap();
        folder(root.path(), "both", &[GOLDEN_SPEC, "potato.txt"]);
        let error = golden_crates(root.path()).err().unwrap().to_string();
        assert!(error.starts_with("tests/golden/both: 2 inputs"), "{error}");
    }
}
