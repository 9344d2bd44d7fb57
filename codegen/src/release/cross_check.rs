//! The release's independent check: `cargo semver-checks` compares the crate as it was
//! last released with the crate about to be released, and the release goes ahead only
//! if the planned version bump is at least what it asks for and every item it names as
//! broken is in the release notes.
//!
//! The baseline is the released crate itself, not a crate regenerated from the released
//! spec: the files of `generated/<api>/` at the commit that last wrote
//! `spec/released/<api>.yaml` (read with `git show`, nothing checked out). So a change
//! of the generator since the release, which the spec diff cannot see, is caught here.
//! Where git has no such commit (the released spec is not committed yet, or this is no
//! git checkout), the baseline is generated from the released spec by today's
//! generator, and the check says so.
//!
//! The diff may call a release breaking where cargo-semver-checks has no lint (a
//! field's type); a bigger bump than the tool asks for is never refused.

use std::path::Path;
use std::process::Command;

use crate::diff::semver_checks::{self, Agreement, Report, SemverChecksError};
use crate::diff::{Release, SpecDiff};
use crate::spec::Spec;

use super::{Plan, ReleaseError, Target};

/// Where the baseline crate came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// `generated/<api>/` at this commit, the last to write the released spec.
    Released { commit: String },
    /// Generated from the released spec by the current generator (no commit found).
    Regenerated,
}

/// What the check found.
#[derive(Debug, Clone)]
pub struct CrossCheck {
    pub baseline: Baseline,
    pub report: Report,
    /// The release cargo-semver-checks asks for.
    pub required: Release,
    pub agreement: Agreement,
}

impl CrossCheck {
    /// Why the planned release must not go ahead, if it must not.
    pub fn refusal(&self, planned: Release) -> Option<String> {
        let mut problems = Vec::new();
        if self.required > planned {
            problems.push(format!(
                "cargo-semver-checks asks for a {} release, the diff plans a {} one: {}",
                release_name(self.required),
                release_name(planned),
                self.findings()
            ));
        }
        for missed in &self.agreement.missed {
            problems.push(format!("broken but not in the release notes: {missed}"));
        }
        (!problems.is_empty()).then(|| problems.join("\n"))
    }

    fn findings(&self) -> String {
        let lints: Vec<String> = self
            .report
            .findings
            .iter()
            .map(|f| format!("{} ({}, {} items)", f.lint, f.required, f.items.len()))
            .collect();
        lints.join(", ")
    }
}

fn release_name(release: Release) -> &'static str {
    match release {
        Release::None => "no",
        Release::Patch => "patch",
        Release::Minor => "minor",
        Release::Major => "major",
    }
}

/// The release a report asks for: major when a lint needs one, minor when one needs a
/// minor release, patch otherwise.
pub fn required(report: &Report) -> Release {
    if report.breaking() {
        Release::Major
    } else if report.findings.iter().any(|f| f.required == "minor") {
        Release::Minor
    } else {
        Release::Patch
    }
}

/// Runs cargo-semver-checks on the released crate and the current one (builds go to
/// `target_dir`). `None` for a first release (nothing to compare with).
pub fn run(
    target: &Target,
    plan: &Plan,
    target_dir: &Path,
) -> Result<Option<CrossCheck>, ReleaseError> {
    let Some(diff) = &plan.diff else {
        return Ok(None);
    };
    let work = tempfile::tempdir().map_err(super::io(Path::new("temporary directory")))?;
    let old_dir = work.path().join("released");
    let baseline = match last_release_commit(target) {
        Some(commit) => {
            released_crate(target, &commit, &old_dir)?;
            Baseline::Released { commit }
        }
        None => {
            let released: Spec = crate::spec::yaml::load(&target.released_spec)?;
            semver_checks::write_crate(&released, &old_dir).map_err(checks_error)?;
            Baseline::Regenerated
        }
    };
    let new_dir = work.path().join("current");
    super::copy_dir(&target.crate_dir, &new_dir)?;
    standalone(&new_dir)?;
    let mut report =
        semver_checks::check_dirs(&old_dir, &new_dir, target_dir).map_err(checks_error)?;
    report.crate_name = crate_ident(plan, target);
    Ok(Some(cross_check(baseline, report, diff)))
}

fn cross_check(baseline: Baseline, report: Report, diff: &SpecDiff) -> CrossCheck {
    CrossCheck {
        baseline,
        required: required(&report),
        agreement: semver_checks::agree(diff, &report),
        report,
    }
}

fn crate_ident(plan: &Plan, target: &Target) -> String {
    plan.crate_name
        .as_deref()
        .unwrap_or(&target.key)
        .replace('-', "_")
}

fn checks_error(error: SemverChecksError) -> ReleaseError {
    ReleaseError::Check(error.to_string())
}

/// The commit that last wrote the released spec, if git knows one.
fn last_release_commit(target: &Target) -> Option<String> {
    let released = target.relative(&target.released_spec).ok()?;
    let output = git(&target.root)
        .args(["log", "-1", "--format=%H", "--", &released])
        .output()
        .ok()?;
    let commit = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (output.status.success() && !commit.is_empty()).then_some(commit)
}

/// Writes the crate's files at `commit` to `dir`, as a workspace of its own.
fn released_crate(target: &Target, commit: &str, dir: &Path) -> Result<(), ReleaseError> {
    let crate_path = target.relative(&target.crate_dir)?;
    let listing = run_git(
        target,
        &["ls-tree", "-r", "--name-only", commit, "--", &crate_path],
    )?;
    let files: Vec<&str> = std::str::from_utf8(&listing)
        .map_err(|_| ReleaseError::Check("git listed a path that is not UTF-8".into()))?
        .lines()
        .collect();
    if files.is_empty() {
        return Err(ReleaseError::Check(format!(
            "commit {commit} wrote the released spec but has no {crate_path}/"
        )));
    }
    for file in files {
        let contents = run_git(target, &["show", &format!("{commit}:{file}")])?;
        let inside = Path::new(file)
            .strip_prefix(&crate_path)
            .unwrap_or(Path::new(file));
        let to = dir.join(inside);
        let parent = to.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent).map_err(super::io(parent))?;
        std::fs::write(&to, contents).map_err(super::io(&to))?;
    }
    standalone(dir)
}

/// Makes the crate in `dir` a workspace of its own (it was a member of ours).
fn standalone(dir: &Path) -> Result<(), ReleaseError> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(super::io(&manifest))?;
    std::fs::write(&manifest, semver_checks::standalone_manifest(&text))
        .map_err(super::io(&manifest))
}

fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(root);
    command
}

fn run_git(target: &Target, args: &[&str]) -> Result<Vec<u8>, ReleaseError> {
    let output = git(&target.root)
        .args(args)
        .output()
        .map_err(super::io(Path::new("git")))?;
    if !output.status.success() {
        return Err(ReleaseError::Command {
            command: format!("git {}", args.join(" ")),
            status: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::semver_checks::Finding;

    fn report(findings: &[(&str, &str, &[&str])]) -> Report {
        Report {
            crate_name: "my_api".into(),
            findings: findings
                .iter()
                .map(|(lint, required, items)| Finding {
                    lint: (*lint).into(),
                    required: (*required).into(),
                    items: items.iter().map(|i| (*i).to_owned()).collect(),
                })
                .collect(),
        }
    }

    fn check(report: Report, missed: &[&str]) -> CrossCheck {
        CrossCheck {
            baseline: Baseline::Regenerated,
            required: required(&report),
            agreement: Agreement {
                verdict: true,
                missed: missed.iter().map(|m| (*m).to_owned()).collect(),
                extra: Vec::new(),
            },
            report,
        }
    }

    #[test]
    fn the_tool_may_ask_for_less_never_for_more() {
        let breaking = check(
            report(&[("enum_missing", "major", &["enum my_api::types::Media"])]),
            &[],
        );
        assert_eq!(breaking.required, Release::Major);
        assert_eq!(breaking.refusal(Release::Major), None);
        let refused = breaking.refusal(Release::Minor).unwrap();
        assert!(
            refused.contains("asks for a major release, the diff plans a minor one: enum_missing (major, 1 items)"),
            "{refused}"
        );
        // Only the diff sees a field's type change: a bigger bump is fine.
        let quiet = check(report(&[]), &[]);
        assert_eq!(quiet.required, Release::Patch);
        assert_eq!(quiet.refusal(Release::Major), None);
        let minor = check(report(&[("enum_variant_added", "minor", &["x"])]), &[]);
        assert_eq!(minor.required, Release::Minor);
        assert!(minor.refusal(Release::Patch).is_some());
    }

    #[test]
    fn items_missing_from_the_notes_refuse_the_release() {
        let missed = check(
            report(&[("struct_missing", "major", &["struct my_api::types::Gone"])]),
            &["struct_missing: struct my_api::types::Gone"],
        );
        let refused = missed.refusal(Release::Major).unwrap();
        assert_eq!(
            refused,
            "broken but not in the release notes: struct_missing: struct my_api::types::Gone"
        );
    }
}

#[cfg(test)]
mod baseline_tests {
    use super::*;

    fn sh_git(root: &Path, args: &[&str]) {
        let status = git(root)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The baseline is the crate as the commit that last wrote the released spec has
    /// it, not as it is now.
    #[test]
    fn the_baseline_is_the_crate_of_the_release_commit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let target = Target {
            root: root.to_path_buf(),
            key: "x".into(),
            spec: root.join("spec/x.yaml"),
            released_spec: root.join("spec/released/x.yaml"),
            crate_dir: root.join("generated/x"),
        };
        sh_git(root, &["init", "-q"]);
        assert_eq!(last_release_commit(&target), None);
        write(root, "generated/x/Cargo.toml", "[package]\nname = \"x\"\n");
        write(root, "generated/x/src/lib.rs", "pub fn released() {}\n");
        write(root, "spec/released/x.yaml", "released\n");
        sh_git(root, &["add", "-A"]);
        sh_git(root, &["commit", "-qm", "release"]);
        let release = String::from_utf8(
            git(root)
                .args(["rev-parse", "HEAD"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .trim()
        .to_owned();
        write(root, "generated/x/src/lib.rs", "pub fn today() {}\n");
        sh_git(root, &["commit", "-qam", "generator change"]);

        let commit = last_release_commit(&target).expect("a release commit");
        assert_eq!(commit, release);
        let out = root.join("baseline");
        released_crate(&target, &commit, &out).unwrap();
        let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
        assert_eq!(lib, "pub fn released() {}\n");
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.ends_with("\n[workspace]\n"), "{manifest}");
    }
}
