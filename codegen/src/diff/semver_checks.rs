//! The independent check of a diff's verdict: both sides are generated as crates on
//! disk and `cargo semver-checks` (crates.io package `cargo-semver-checks`, which
//! reads rustdoc's JSON of both) compares them. Its findings are then matched with the
//! diff's breaking Rust API changes: the two must agree on whether the release breaks,
//! and every item it names must be among the items the diff calls broken.
//!
//! cargo-semver-checks lints what it has lints for: some breaking changes (a field's
//! type, a generic bound) it does not see, so the diff may name more than it does.
//! [`Agreement::extra`] lists those; they are not a disagreement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diff::model::{Impact, SpecDiff};
use crate::emit::Files;
use crate::ir::Settings;
use crate::spec::Spec;

/// One lint that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The lint's name (`struct_missing`).
    pub lint: String,
    /// The release the lint asks for: `major` or `minor`.
    pub required: String,
    /// The "Failed in" lines: one per item, naming it.
    pub items: Vec<String>,
}

/// What cargo-semver-checks said about a pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The crate's name as Rust code writes it (`telegram_bot_api`): the prefix of the
    /// paths in the findings.
    pub crate_name: String,
    pub findings: Vec<Finding>,
}

impl Report {
    /// A major release is needed: something breaks.
    pub fn breaking(&self) -> bool {
        self.findings.iter().any(|f| f.required == "major")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SemverChecksError {
    #[error("cannot generate the crate for {dir}: {message}")]
    Generate { dir: PathBuf, message: String },
    #[error("writing {path}: {error}")]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot run `cargo semver-checks` (install it with `cargo install cargo-semver-checks --locked`): {0}")]
    Spawn(std::io::Error),
    #[error("`cargo semver-checks` failed without a report:\n{0}")]
    Failed(String),
}

/// True when `cargo semver-checks` can be run here.
pub fn installed() -> bool {
    Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Generates `old` and `new` under `work` (`old/`, `new/`; dependencies are built in
/// `work/target`, so later pairs reuse them) and runs cargo-semver-checks on them.
pub fn check_specs(old: &Spec, new: &Spec, work: &Path) -> Result<Report, SemverChecksError> {
    let (old_dir, new_dir) = (work.join("old"), work.join("new"));
    write_crate(old, &old_dir)?;
    let crate_name = write_crate(new, &new_dir)?;
    let mut report = check_dirs(&old_dir, &new_dir, &work.join("target"))?;
    report.crate_name = crate_name;
    Ok(report)
}

/// Runs cargo-semver-checks with the crate in `old_dir` as the baseline of the one in
/// `new_dir`, whatever their versions say (`--release-type patch`: every finding is
/// reported with the release it needs).
pub fn check_dirs(
    old_dir: &Path,
    new_dir: &Path,
    target: &Path,
) -> Result<Report, SemverChecksError> {
    let output = Command::new("cargo")
        .arg("semver-checks")
        .arg("--baseline-root")
        .arg(old_dir)
        .arg("--manifest-path")
        .arg(new_dir.join("Cargo.toml"))
        .args(["--release-type", "patch", "--color", "never"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(SemverChecksError::Spawn)?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let report = parse(&text, &lint_levels()?);
    if !output.status.success() && report.findings.is_empty() {
        return Err(SemverChecksError::Failed(text));
    }
    Ok(report)
}

/// Writes the crate of `spec` to `dir` (replacing what is there), as a workspace of
/// its own; returns its name as Rust code writes it.
pub fn write_crate(spec: &Spec, dir: &Path) -> Result<String, SemverChecksError> {
    let generate_error = |message: String| SemverChecksError::Generate {
        dir: dir.to_path_buf(),
        message,
    };
    let krate = crate::ir::build(spec, &Settings::new("spec.yaml"))
        .map_err(|diags| generate_error(diags.to_string()))?;
    let files: Files = crate::emit::emit(&krate).map_err(|e| generate_error(e.to_string()))?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|error| SemverChecksError::Write {
            path: dir.to_path_buf(),
            error,
        })?;
    }
    for (relative, contents) in &files.files {
        let path = dir.join(relative);
        // A workspace of its own, wherever `dir` is (inside this one, by default).
        let contents = if relative == "Cargo.toml" {
            standalone_manifest(contents)
        } else {
            contents.clone()
        };
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, contents));
        written.map_err(|error| SemverChecksError::Write { path, error })?;
    }
    Ok(krate.package.name.replace('-', "_"))
}

/// A crate's manifest as a workspace of its own (a generated crate is a member of
/// ours), so that it builds wherever it is copied.
pub fn standalone_manifest(manifest: &str) -> String {
    if manifest.lines().any(|line| line.trim() == "[workspace]") {
        manifest.to_owned()
    } else {
        format!("{manifest}\n[workspace]\n")
    }
}

/// The release each lint asks for (`major`, `minor`), from `cargo semver-checks
/// --list`: the report names it only in its summary, summed over all lints.
pub fn lint_levels() -> Result<BTreeMap<String, String>, SemverChecksError> {
    let output = Command::new("cargo")
        .args(["semver-checks", "--list"])
        .output()
        .map_err(SemverChecksError::Spawn)?;
    let levels = parse_lint_list(&String::from_utf8_lossy(&output.stdout));
    if levels.is_empty() {
        return Err(SemverChecksError::Failed(format!(
            "`cargo semver-checks --list` listed no lints:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(levels)
}

/// `id  type  description` rows, after the `==` underline.
fn parse_lint_list(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .skip_while(|line| !line.starts_with("=="))
        .skip(1)
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (lint, level) = (words.next()?, words.next()?);
            matches!(level, "major" | "minor").then(|| (lint.to_owned(), level.to_owned()))
        })
        .collect()
}

/// Reads the findings of cargo-semver-checks' human output:
/// `--- failure <lint>: <summary> ---`, then after `Failed in:` one indented line per
/// item. A lint missing from `levels` counts as major.
pub fn parse(text: &str, levels: &BTreeMap<String, String>) -> Report {
    let mut findings: Vec<Finding> = Vec::new();
    let mut in_items = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("--- failure ") {
            let lint = rest.split(':').next().unwrap_or_default().trim().to_owned();
            let required = levels.get(&lint).map_or("major", String::as_str).to_owned();
            findings.push(Finding {
                lint,
                required,
                items: Vec::new(),
            });
            in_items = false;
        } else if trimmed.starts_with("--- ") {
            in_items = false;
        } else if trimmed == "Failed in:" {
            in_items = true;
        } else if in_items && line.starts_with("  ") && !line.starts_with("    ") {
            // Item lines are indented by two; cargo's status lines (`     Summary …`)
            // are right-aligned further in.
            if let Some(finding) = findings.last_mut() {
                finding.items.push(trimmed.to_owned());
            }
        } else if !trimmed.is_empty() {
            in_items = false;
        }
    }
    Report {
        crate_name: String::new(),
        findings,
    }
}

/// How a diff and cargo-semver-checks agree on one pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// Both call the release breaking, or both do not.
    pub verdict: bool,
    /// Items cargo-semver-checks names that no breaking change of the diff covers.
    pub missed: Vec<String>,
    /// Breaking Rust API changes of the diff cargo-semver-checks has no lint for.
    pub extra: Vec<String>,
}

impl Agreement {
    pub fn holds(&self) -> bool {
        self.verdict && self.missed.is_empty()
    }
}

/// The comparison as `cargo xtask semver-check` prints it: both verdicts, what
/// cargo-semver-checks found that the diff does not say, the agreement, and the
/// breaking changes only the diff sees.
pub fn render(diff: &SpecDiff, report: &Report, agreement: &Agreement) -> String {
    use std::fmt::Write;
    let verdict = |breaking: bool| if breaking { "breaking" } else { "not breaking" };
    let rust_breaking = diff
        .changes
        .iter()
        .flat_map(|c| &c.rust)
        .filter(|e| e.impact == Impact::Breaking)
        .count();
    let lints: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} ({}) {}", f.lint, f.required, f.items.len()))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "diff: {} ({} breaking changes, {rust_breaking} breaking Rust API changes)",
        verdict(diff.summary.breaking > 0),
        diff.summary.breaking,
    );
    let _ = writeln!(
        out,
        "cargo-semver-checks: {} ({} items: {})",
        verdict(report.breaking()),
        report.findings.iter().map(|f| f.items.len()).sum::<usize>(),
        if lints.is_empty() {
            "none".to_owned()
        } else {
            lints.join(", ")
        },
    );
    for missed in &agreement.missed {
        let _ = writeln!(out, "  not in the diff: {missed}");
    }
    let _ = writeln!(
        out,
        "{}; {} breaking Rust API changes cargo-semver-checks has no lint for",
        if agreement.holds() {
            "agree"
        } else {
            "DISAGREE"
        },
        agreement.extra.len()
    );
    for extra in &agreement.extra {
        let _ = writeln!(out, "  only in the diff: {extra}");
    }
    out
}

/// Matches the findings with the diff's breaking Rust API changes. An item line names
/// the item by its path, whole or in part (`my_crate::types::Poll::new takes 8
/// parameters…`, `SendPoll::correct_option_id, previously in file …`, `field
/// correct_option_id of struct Poll, …`); it is covered by a breaking change whose path
/// holds every name the line gives, in order.
pub fn agree(diff: &SpecDiff, report: &Report) -> Agreement {
    let broken: Vec<&str> = diff
        .changes
        .iter()
        .flat_map(|c| &c.rust)
        .filter(|e| e.impact == Impact::Breaking)
        .map(|e| e.path.as_str())
        .collect();
    let crate_prefix = format!("{}::", report.crate_name);
    let mut missed = Vec::new();
    let mut covered: Vec<&str> = Vec::new();
    for finding in report.findings.iter().filter(|f| f.required == "major") {
        for item in &finding.items {
            let names = item_names(item, &crate_prefix);
            let hits: Vec<&str> = broken
                .iter()
                .copied()
                .filter(|path| !names.is_empty() && path_holds(path, &names))
                .collect();
            if hits.is_empty() {
                missed.push(format!("{}: {item}", finding.lint));
            }
            covered.extend(hits);
        }
    }
    let mut extra: Vec<String> = broken
        .iter()
        .filter(|p| !covered.contains(p))
        .map(|p| (*p).to_owned())
        .collect();
    extra.dedup();
    Agreement {
        verdict: (diff.summary.breaking > 0) == report.breaking(),
        missed,
        extra,
    }
}

/// The names an item line gives, as path segments in order and without the crate's
/// own prefix: `field text of struct Message, …` → `[text, Message]` (member, then
/// owner: matched in any order), `my_crate::types::Poll::new now takes …` →
/// `[types, Poll, new]`, `Call::exclude_limited, previously …` → `[Call,
/// exclude_limited]`.
fn item_names(line: &str, crate_prefix: &str) -> Vec<String> {
    let head = line.split(", previously").next().unwrap_or(line);
    let head = head.split(" in ").next().unwrap_or(head);
    let words: Vec<&str> = head.split_whitespace().collect();
    if let Some(first) = words.first().filter(|w| w.contains("::")) {
        let first = first.trim_matches(|c: char| c == ',' || c == '`');
        let path = first.strip_prefix(crate_prefix).unwrap_or(first);
        return path.split("::").map(str::to_owned).collect();
    }
    let mut names = Vec::new();
    for (index, word) in words.iter().enumerate().skip(1) {
        let word = word.trim_matches(|c: char| c == ',' || c == '`' || c == '(' || c == ')');
        let word = word.strip_prefix(crate_prefix).unwrap_or(word);
        let keyword = |w: &str| {
            matches!(
                w,
                "field"
                    | "variant"
                    | "method"
                    | "struct"
                    | "enum"
                    | "type"
                    | "function"
                    | "trait"
                    | "of"
            )
        };
        if keyword(words[index - 1])
            && !keyword(word)
            && word
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        {
            names.extend(word.split("::").map(str::to_owned));
        }
    }
    // `FILE_URL in file …`: the item alone.
    if names.is_empty() {
        if let Some(first) = words.first() {
            names.push(
                first
                    .trim_matches(|c: char| c == ',' || c == '`')
                    .to_owned(),
            );
        }
    }
    names
}

/// Whether the segments of `path` (`client::Call<'_, SendPoll>::exclude_limited` →
/// `client Call _ SendPoll exclude_limited`) hold `names`: in order for a path, in
/// any order for the member-and-owner names of a sentence.
fn path_holds(path: &str, names: &[String]) -> bool {
    let segments: Vec<&str> = path
        .split(['.', ':', '<', '>', ',', ' ', '\''])
        .filter(|p| !p.is_empty())
        .collect();
    let mut rest = segments.iter();
    let in_order = names.iter().all(|n| rest.any(|s| s == n));
    in_order || names.iter().all(|n| segments.contains(&n.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "\
     Parsing telegram_bot_api v0.1.0 (current)
--- failure inherent_method_missing: pub method removed or renamed ---

Description:
A publicly-visible method or associated fn is no longer available under its prior name.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove

Failed in:
  SendPoll::correct_option_id, previously in file /tmp/old/src/methods/messages.rs:120
  Call::exclude_limited, previously in file /tmp/old/src/client/calls.rs:88

--- failure method_parameter_count_changed: pub method parameter count changed ---

Failed in:
  telegram_bot_api::types::Poll::new takes 8 parameters in /tmp/old/src/types/polls.rs:10, but now takes 10 parameters in /tmp/new/src/types/polls.rs:10

--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---

Failed in:
  field correct_option_id of struct Poll, previously in file /tmp/old/src/types/polls.rs:30

--- failure enum_must_use_added: enum #[must_use] added ---

Failed in:
  enum Color in /tmp/new/src/types/misc.rs:3
     Summary semver requires new major version: 3 major and 1 minor checks failed
";

    fn levels() -> BTreeMap<String, String> {
        parse_lint_list(
            "id  type  description\n==  ====  ===\n\
             inherent_method_missing  major  A method is gone.\n\
             method_parameter_count_changed  major  Count.\n\
             struct_pub_field_missing  major  Field.\n\
             enum_must_use_added  minor  Must use.\n",
        )
    }

    #[test]
    fn the_human_report_gives_each_lint_its_level_and_items() {
        let report = parse(REPORT, &levels());
        let summary: Vec<(&str, &str, usize)> = report
            .findings
            .iter()
            .map(|f| (f.lint.as_str(), f.required.as_str(), f.items.len()))
            .collect();
        assert_eq!(
            summary,
            [
                ("inherent_method_missing", "major", 2),
                ("method_parameter_count_changed", "major", 1),
                ("struct_pub_field_missing", "major", 1),
                ("enum_must_use_added", "minor", 1),
            ]
        );
        assert!(report.breaking());
        let minor_only = Report {
            findings: report.findings[3..].to_vec(),
            ..report.clone()
        };
        assert!(!minor_only.breaking());
    }

    #[test]
    fn item_lines_name_paths_the_diff_writes() {
        let names = |line: &str| item_names(line, "telegram_bot_api::");
        let report = parse(REPORT, &levels());
        let items: Vec<Vec<String>> = report.findings[..3]
            .iter()
            .flat_map(|f| f.items.iter().map(|i| names(i)))
            .collect();
        let paths = [
            "methods::SendPoll::correct_option_id",
            "client::Call<'_, SendPoll>::exclude_limited",
            "types::Poll::new",
            "types::Poll.correct_option_id",
        ];
        for (names, path) in items.iter().zip(paths) {
            assert!(path_holds(path, names), "{names:?} in {path}");
        }
        assert!(!path_holds(
            "types::PollOption::new",
            &names("telegram_bot_api::types::Poll::new takes 1")
        ));
        assert!(!path_holds("types::Poll.question", &items[3]));
        let more = [
            ("FILE_URL in file /tmp/old/src/lib.rs:33", "FILE_URL"),
            (
                "type EntityType no longer derives Copy, in /tmp/new/src/types/e.rs:8",
                "types::EntityType: Copy",
            ),
            (
                "enum telegram_bot_api::types::EntityType became struct in /tmp/e.rs:8",
                "types::EntityType",
            ),
        ];
        for (line, path) in more {
            assert!(
                path_holds(path, &names(line)),
                "{:?} in {path}",
                names(line)
            );
        }
        assert!(!path_holds(
            "API_URL",
            &names("FILE_URL in file /tmp/lib.rs:1")
        ));
    }
}
