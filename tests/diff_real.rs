//! `diff` on real pages and real sources: snapshots of two consecutive pairs of
//! Telegram pages, each pinned page against the spec committed from it, and a spec at
//! a git revision.
//!
//! The real-pair snapshots follow the scraper: when it improves, they change for good
//! reasons and are re-accepted (`cargo insta review`) after reading the change.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::input::{load_pair, Source};
use codegen::diff::{self, ChangeKind, Release, RenderOptions, SpecDiff};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn page(version: &str) -> String {
    if version == "10.2" {
        "spec/sources/telegram/botapi-10.2.html".to_owned()
    } else {
        format!("tests/fixtures/telegram/botapi-{version}.html")
    }
}

fn diff_pages(old: &str, new: &str) -> SpecDiff {
    let loaded = load_pair(
        &Source::File(page(old).into()),
        &Source::File(page(new).into()),
        &root(),
        &root(),
        None,
    )
    .unwrap();
    diff::diff(&loaded.old, &loaded.new).unwrap()
}

#[test]
fn telegram_consecutive_pairs() {
    for (old, new) in [("8.3", "9.2"), ("9.2", "10.2")] {
        let spec_diff = diff_pages(old, new);
        let options = RenderOptions::default();
        insta::assert_snapshot!(
            format!("telegram_{old}_{new}_markdown"),
            diff::markdown::render(&spec_diff, options)
        );
        insta::assert_snapshot!(
            format!("telegram_{old}_{new}_json"),
            diff::json::render(&spec_diff, options).unwrap()
        );
        assert_eq!(spec_diff.old.version.as_deref(), Some(old));
        assert_eq!(spec_diff.new.version.as_deref(), Some(new));
        // Telegram only grows between these versions, and breaks something each time.
        assert!(spec_diff.summary.compatible > 0);
        assert_eq!(spec_diff.summary.release, Release::Major);
    }
}

#[test]
fn every_pinned_page_and_its_committed_spec_do_not_differ() {
    for api in codegen::pinned::PINNED {
        // The API is told from the page's path, so the page is scraped with the API's
        // overrides and known facts, as `regen` does.
        let loaded = load_pair(
            &Source::File(api.page(&root()).unwrap().into()),
            &Source::File(api.spec.into()),
            &root(),
            &root(),
            None,
        )
        .unwrap();
        let spec_diff = diff::diff(&loaded.old, &loaded.new).unwrap();
        // A difference here means `cargo xtask regen` was not run.
        assert!(
            spec_diff.changes.is_empty(),
            "{}: {}",
            api.key,
            diff::markdown::render(&spec_diff, RenderOptions { descriptions: true })
        );
        assert_eq!(spec_diff.summary.exit_status(), 0);
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_spec_at_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/diff/methods");
    let spec = dir.path().join("spec.yaml");
    std::fs::copy(fixtures.join("old.yaml"), &spec).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "spec.yaml"]);
    git(dir.path(), &["commit", "-q", "-m", "old"]);
    std::fs::copy(fixtures.join("new.yaml"), &spec).unwrap();

    let old = Source::parse("git:HEAD:spec.yaml").unwrap();
    let new = Source::parse("spec.yaml").unwrap();
    let loaded = load_pair(&old, &new, dir.path(), dir.path(), None).unwrap();
    let from_git = diff::diff(&loaded.old, &loaded.new).unwrap();
    let from_files = {
        let load = |name: &str| codegen::spec::yaml::load(&fixtures.join(name)).unwrap();
        diff::diff(&load("old.yaml"), &load("new.yaml")).unwrap()
    };
    assert_eq!(from_git, from_files);
    assert!(from_git
        .changes
        .iter()
        .any(|c| matches!(c.kind, ChangeKind::Renamed { .. })));

    let missing = Source::parse("git:HEAD:nope.yaml").unwrap();
    let error = load_pair(&missing, &new, dir.path(), dir.path(), None)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("HEAD:nope.yaml: git show failed"),
        "{error}"
    );
}

/// What a reader of the 9.2 → 10.2 release note with every description change listed
/// must find: no entry that only changes punctuation, case or whitespace (they are
/// counted), no default that only changes case, strikethrough and strong text that
/// never cut a link or a code span, the versions in the headline and the replaced
/// members linked to their replacements.
#[test]
fn the_telegram_release_note_reads_as_one() {
    let spec_diff = diff_pages("9.2", "10.2");
    let versions = diff::CrateVersions {
        name: "telegram-bot-api-bindings".into(),
        current: "0.1.0".into(),
        next: "0.2.0".into(),
    };
    let all = RenderOptions { descriptions: true };
    let note = diff::markdown::render_for(&spec_diff, all, Some(&versions));
    assert!(note
        .starts_with("# telegram-bot-api-bindings 0.1.0 → 0.2.0: Telegram Bot API 9.2 → 10.2\n\n"));
    assert!(
        note.contains("so a major release (0.1.0 → 0.2.0).\n"),
        "{note}"
    );
    assert!(!note.contains("0.x"));

    let cosmetic = spec_diff
        .changes
        .iter()
        .filter(|c| c.kind.is_cosmetic())
        .count();
    assert!(cosmetic > 100, "{cosmetic}");
    assert!(note.contains(&format!(
        "{cosmetic} description changes only in punctuation, case or whitespace not listed."
    )));
    let listed = note
        .lines()
        .filter(|l| l.contains(", description: "))
        .count()
        + note
            .lines()
            .filter(|l| l.contains("**: description: "))
            .count();
    let expected = spec_diff
        .changes
        .iter()
        .filter(|c| {
            matches!(c.kind, ChangeKind::DescriptionChanged { .. }) && !c.kind.is_cosmetic()
        })
        .count();
    assert_eq!(listed, expected);
    for change in &spec_diff.changes {
        if let ChangeKind::DetailChanged { old, new, .. } = &change.kind {
            let lower = |v: &Option<String>| v.as_deref().map(str::to_lowercase);
            assert!(
                old.is_none() || new.is_none() || lower(old) != lower(new),
                "{change:?}"
            );
        }
    }

    // Every struck or inserted run holds whole links and code spans.
    let span = regex::Regex::new(r"~~(.+?)~~|\*\*(.+?)\*\*").unwrap();
    let mut runs = 0;
    for line in note.lines().filter(|l| l.contains("description: ")) {
        for found in span.captures_iter(line) {
            let inner = found.get(1).or(found.get(2)).unwrap().as_str();
            runs += 1;
            assert_eq!(
                inner.matches('[').count(),
                inner.matches(']').count(),
                "{line}"
            );
            assert_eq!(inner.matches('`').count() % 2, 0, "{line}");
        }
    }
    assert!(runs > 100, "{runs}");

    assert!(
        note.contains(
            "field `correct_option_id` (`Integer`, optional) replaced by \
             `correct_option_ids` (`Array of Integer`, optional)"
        ),
        "{note}"
    );
    // The replacements are not listed again as additions.
    assert!(!note.contains("new optional field `correct_option_ids`"));
}
