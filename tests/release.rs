//! A release against a temporary copy of the workspace layout: the last released
//! spec is the Telegram 9.2 page's, the current one is the committed 10.2 spec. Most
//! tests use a small stand-in for `generated/telegram/` (`fixtures/release/crate/`)
//! that packages in a second; one releases the real generated crate, checks that
//! codegen then agrees with the edited manifest, and packages it (about a minute).
//! The version expected is computed from the diff's verdict and the 0.x rule, not
//! written down.

use std::path::{Path, PathBuf};

use codegen::diff::{self, Release};
use codegen::manifest::{crate_version, Manifest};
use codegen::pinned;
use codegen::release::{self, Publish, Target};
use codegen::spec::yaml;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A workspace copy: spec/telegram.yaml, spec/released/telegram.yaml (from the 9.2
/// page), generated/telegram/ (the stand-in crate at 0.3.1).
fn workspace() -> (tempfile::TempDir, Target) {
    let (dir, target) = specs();
    copy_dir(
        &repo().join("tests/fixtures/release/crate"),
        &target.crate_dir,
    );
    (dir, target)
}

/// A workspace copy with the specs only (see [`workspace`]).
fn specs() -> (tempfile::TempDir, Target) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let telegram = pinned::find("telegram").unwrap();
    let target = Target::of(root, telegram);
    std::fs::create_dir_all(root.join("spec")).unwrap();
    std::fs::copy(repo().join(telegram.spec), &target.spec).unwrap();

    let page = repo().join("tests/fixtures/telegram/botapi-9.2.html");
    let source = std::fs::read_to_string(&page).unwrap();
    let (old, diags) =
        codegen::scrape::scrape(&source, "botapi-9.2.html", None, &telegram.known_facts());
    assert!(!diags.has_errors(), "{diags}");
    yaml::save(&target.released_spec, &old.unwrap()).unwrap();
    (dir, target)
}

fn manifest(target: &Target) -> Manifest {
    let text = std::fs::read_to_string(target.manifest()).unwrap();
    Manifest::parse("Cargo.toml", &text).unwrap()
}

#[test]
fn release_bumps_the_version_writes_the_changelog_and_packages() {
    let (_dir, target) = workspace();
    let before = std::fs::read_to_string(target.manifest()).unwrap();

    // The plan alone (what --dry-run shows) writes nothing.
    let plan = release::plan(&target, "2026-07-20").unwrap();
    assert_eq!(std::fs::read_to_string(target.manifest()).unwrap(), before);
    assert!(!target.changelog().exists());

    let released = yaml::load(&target.released_spec).unwrap();
    let current = yaml::load(&target.spec).unwrap();
    let expected_diff = diff::diff(&released, &current).unwrap();
    // 9.2 → 10.2 breaks things (new required fields, removals): a major release,
    // which at 0.x moves the minor version.
    assert!(expected_diff.summary.breaking > 0);
    assert_eq!(plan.release, Some(Release::Major));
    assert_eq!(plan.current.to_string(), "0.3.1");
    assert_eq!(plan.next.to_string(), "0.4.0");

    let written = release::apply(&target, &plan).unwrap();
    assert_eq!(written.len(), 3);

    let manifest = manifest(&target);
    assert_eq!(manifest.version().unwrap().to_string(), "0.4.0");
    assert_eq!(
        crate_version(&target.crate_dir).unwrap(),
        Some(manifest.version().unwrap())
    );
    let text = manifest.to_text();
    assert!(text.contains("version = \"10.2\""), "{text}");
    assert!(text.contains("release-date = \"2026-07-14\""), "{text}");
    // Only the versions changed; comments and the rest stay.
    assert!(text.starts_with("# A stand-in for a generated crate"));

    let changelog = std::fs::read_to_string(target.changelog()).unwrap();
    assert!(changelog.starts_with(release::changelog::PREAMBLE));
    // The entry names the versions, of the crate and of the API, not the bump rule.
    assert!(
        changelog.contains(
            "## 0.4.0 (2026-07-20)\n\n0.3.1 → 0.4.0: Telegram Bot API 9.2 → 10.2 (2026-07-14), \
             a major release: "
        ),
        "{changelog}"
    );
    assert!(changelog.contains(&format!(
        "{} breaking, {} compatible",
        expected_diff.summary.breaking, expected_diff.summary.compatible
    )));
    assert!(!changelog.contains("0.x"), "{changelog}");
    assert!(changelog.contains("\n### Breaking changes\n"));
    assert!(changelog.contains("\n#### Methods\n"));

    // The spec is now the released one: the release is prepared, and there is
    // nothing more to release.
    assert_eq!(yaml::load(&target.released_spec).unwrap(), current);
    assert_eq!(
        release::check_prepared(&target).unwrap().to_string(),
        "0.4.0"
    );
    let again = release::plan(&target, "2026-07-21").unwrap();
    assert!(!again.has_changes());
    assert!(release::apply(&target, &again).unwrap().is_empty());

    // The crate packages and builds at its new version (never a real upload here).
    assert_packages(&target, "release-fixture-bot-api", "0.4.0");
}

/// `cargo publish --dry-run` packages the crate and builds the package: cargo verifies
/// it by building it unpacked at `package/<name>-<version>` in the target directory.
fn assert_packages(target: &Target, name: &str, version: &str) {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| target.crate_dir.join("target"));
    let verified = target_dir.join(format!("package/{name}-{version}"));
    let _ = std::fs::remove_dir_all(&verified);
    release::cargo_publish(&target.crate_dir, Publish::DryRun).unwrap();
    assert!(
        verified.join("Cargo.toml").exists(),
        "{}",
        verified.display()
    );
}

/// The real crate: the release edits its generated `Cargo.toml` (version, API version
/// and date) in place, and `regen --check` must stay green afterwards, so the edited
/// manifest has to be byte for byte what codegen generates at the new version.
#[test]
fn releasing_the_generated_telegram_crate_keeps_codegen_in_step_and_packages() {
    let (dir, target) = specs();
    let root = dir.path();
    copy_dir(&repo().join("generated/telegram"), &target.crate_dir);
    let telegram = pinned::find("telegram").unwrap();
    let current = crate_version(&target.crate_dir).unwrap().unwrap();

    let plan = release::plan(&target, "2026-07-20").unwrap();
    assert_eq!(plan.release, Some(Release::Major));
    assert_eq!(plan.current, current);
    // Breaking: the major version, or the minor one while at 0.x.
    let mut expected = current.clone();
    if current.major == 0 {
        expected.minor += 1;
    } else {
        expected.major += 1;
        expected.minor = 0;
    }
    expected.patch = 0;
    assert_eq!(plan.next, expected);
    release::apply(&target, &plan).unwrap();
    assert_eq!(
        crate_version(&target.crate_dir).unwrap(),
        Some(expected.clone())
    );
    assert!(target.changelog().exists());

    // What `cargo xtask regen --check` does for this API, in the copy.
    let spec = yaml::load(&target.spec).unwrap();
    let settings = telegram.codegen_settings(root).unwrap();
    let files = codegen::generate::generate(&spec, &settings).unwrap();
    let differences = codegen::generate::compare(&target.crate_dir, &files).unwrap();
    assert!(
        differences.is_empty(),
        "codegen disagrees with the released crate: {}",
        differences
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );

    // The real package builds at its new version, client included.
    let name = plan.crate_name.as_deref().unwrap();
    assert_packages(&target, name, &expected.to_string());
}

/// `--dry-run`: the files the release would write, and a package built at the planned
/// version from a copy, while the checkout stays as it was.
#[test]
fn a_dry_run_lists_the_files_and_packages_the_planned_version() {
    let (dir, target) = workspace();
    let before = std::fs::read_to_string(target.manifest()).unwrap();
    let plan = release::plan(&target, "2026-07-20").unwrap();
    let writes = release::writes(&target, &plan).unwrap();
    let paths: Vec<&Path> = writes.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(
        paths,
        [
            target.changelog().as_path(),
            target.manifest().as_path(),
            target.released_spec.as_path()
        ]
    );
    let target_dir = dir.path().join("target");
    release::package_planned(&target, &plan, &target_dir).unwrap();
    let packaged = target_dir.join("package/release-fixture-bot-api-0.4.0");
    let manifest = std::fs::read_to_string(packaged.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"0.4.0\""), "{manifest}");
    assert!(packaged.join("CHANGELOG.md").exists());
    // Nothing written in the checkout.
    assert_eq!(std::fs::read_to_string(target.manifest()).unwrap(), before);
    assert!(!target.changelog().exists());
    assert!(!target.crate_dir.join("target").exists());
    let released = yaml::load(&target.released_spec).unwrap();
    assert_ne!(released, plan.spec);
}

#[test]
fn first_release_keeps_the_version_and_a_version_is_released_once() {
    let (_dir, target) = workspace();
    std::fs::remove_file(&target.released_spec).unwrap();
    assert!(release::check_prepared(&target).is_err());
    let plan = release::plan(&target, "2026-07-20").unwrap();
    assert_eq!(plan.release, None);
    assert_eq!(plan.next.to_string(), "0.3.1");
    assert!(plan
        .entry
        .contains("First release, generated from Telegram Bot API 10.2"));
    release::apply(&target, &plan).unwrap();
    assert_eq!(
        release::check_prepared(&target).unwrap().to_string(),
        "0.3.1"
    );
    // Forcing the same version again is refused by the changelog.
    std::fs::remove_file(&target.released_spec).unwrap();
    let plan = release::plan(&target, "2026-07-21").unwrap();
    let error = release::apply(&target, &plan).unwrap_err().to_string();
    assert!(error.contains("already has an entry for 0.3.1"), "{error}");
}

/// The crate's versions in a diff's headline are what a release would make of it: only
/// for a diff from the last released spec.
#[test]
fn crate_versions_are_told_for_a_diff_from_the_released_spec_only() {
    let (_dir, target) = workspace();
    let released = yaml::load(&target.released_spec).unwrap();
    let current = yaml::load(&target.spec).unwrap();
    let since_release = diff::diff(&released, &current).unwrap();
    let versions = release::crate_versions(&target, &released, &since_release)
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            versions.name.as_str(),
            versions.current.as_str(),
            versions.next.as_str()
        ),
        ("release-fixture-bot-api", "0.3.1", "0.4.0")
    );
    let no_change = diff::diff(&current, &current).unwrap();
    assert_eq!(
        release::crate_versions(&target, &current, &no_change).unwrap(),
        None
    );
}

#[test]
fn a_missing_crate_is_a_clear_error() {
    let (_dir, target) = workspace();
    std::fs::remove_dir_all(&target.crate_dir).unwrap();
    let error = release::plan(&target, "2026-07-20")
        .unwrap_err()
        .to_string();
    assert!(error.contains("no generated crate here"), "{error}");
}
