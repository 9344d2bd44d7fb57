//! The built binary's exit codes and the checkout it acts on: a closed stdout ends
//! it quietly with the command's own status, and it acts on the workspace around the
//! current directory (or `--root`), never on the one it was built in.

mod support;

use std::io::Read;
use std::path::Path;
use std::process::{Output, Stdio};

use support::{repo, workspace, workspace_with, xtask};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `diff … | head`: the reader closes the pipe after a few bytes. The JSON with every
/// description change is far longer than a pipe holds, so the binary is still
/// writing when the pipe closes.
#[test]
fn a_closed_stdout_ends_diff_quietly_with_its_exit_status() {
    let args = [
        "diff",
        "tests/fixtures/telegram/botapi-9.2.html",
        "spec/telegram.yaml",
        "--format",
        "json",
        "--descriptions",
    ];
    let full = xtask().args(args).current_dir(repo()).output().unwrap();
    assert_eq!(full.status.code(), Some(1), "{}", text(&full.stderr));
    assert!(full.stdout.len() > 4 * 65_536, "{}", full.stdout.len());

    let mut child = xtask()
        .args(args)
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The read end is closed here, as `head` does.
    let output = child.wait_with_output().unwrap();
    assert_eq!(head, full.stdout[..100]);
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    // 1: the API changed, as without the pipe.
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

fn check(cwd: &Path, root: Option<&Path>) -> Output {
    let mut command = xtask();
    if let Some(root) = root {
        command.arg("--root").arg(root);
    }
    command
        .args(["regen", "--check", "--api", "gateway"])
        .current_dir(cwd)
        .output()
        .unwrap()
}

#[test]
fn the_binary_checks_the_checkout_it_runs_in_or_the_root_given() {
    let copy = workspace();
    let copy = copy.path();
    let inside = copy.join("generated/gateway/src");
    // An up-to-date copy passes, from any directory inside it.
    let output = check(&inside, None);
    assert!(output.status.success(), "{}", text(&output.stderr));

    // The copy's spec goes stale; the checkout the binary was built in does not.
    let spec = copy.join("spec/gateway.yaml");
    let mut yaml = std::fs::read_to_string(&spec).unwrap();
    yaml.push_str("# edited\n");
    std::fs::write(&spec, yaml).unwrap();
    for (cwd, root) in [
        (inside.as_path(), None),
        (repo().as_path(), Some(copy)),
        (Path::new("/"), Some(copy)),
    ] {
        let output = check(cwd, root);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{cwd:?} {root:?}: {stderr}");
        assert!(
            stderr.contains("spec/gateway.yaml is out of date"),
            "{cwd:?} {root:?}: {stderr}"
        );
    }
    // `--root` relative to the current directory.
    let output = check(
        copy.parent().unwrap(),
        Some(Path::new(copy.file_name().unwrap())),
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    // The checkout the binary was built in is up to date.
    let output = check(&repo(), None);
    assert!(output.status.success(), "{}", text(&output.stderr));

    // A --root that is no workspace is refused, not searched above.
    let output = check(&repo(), Some(&copy.join("spec")));
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a Cargo workspace root"), "{stderr}");
}

#[test]
fn outside_any_workspace_the_binary_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let output = check(dir.path(), None);
    let stderr = text(&output.stderr);
    // (This assumes the system's temporary directory is in no Cargo workspace.)
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pass --root"), "{stderr}");
}

/// README step 2 before a first release: the comparison with the last release says
/// there is none yet and what to run instead (exit status 2, an error, as for diff(1)).
#[test]
fn diff_against_a_release_that_does_not_exist_yet_says_what_to_do() {
    let copy = workspace_with(&["gateway"]);
    let output = xtask()
        .args(["diff", "spec/released/gateway.yaml", "spec/gateway.yaml"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("gateway has not been released yet"),
        "{stderr}"
    );
    assert!(stderr.contains("release gateway --dry-run"), "{stderr}");
}

/// An error's cause is printed once: a directory where a file is expected gave
/// "Is a directory (os error 21): Is a directory (os error 21)" when the cause was both
/// in the message and the error's source.
#[test]
fn causes_are_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().to_str().unwrap();
    let page = "spec/sources/potato/potato-bot-api.txt";
    let out = std::env::temp_dir().join("xtask-cli-causes.yaml");
    let out = out.to_str().unwrap();
    for args in [
        vec!["scrape", page, "--overrides", dir, "-o", out],
        vec!["scrape", dir, "-o", out],
        vec!["diff", dir, "spec/potato.yaml"],
        vec!["diff", "spec/potato.yaml", dir],
    ] {
        let output = xtask().args(&args).current_dir(repo()).output().unwrap();
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        assert!(!lines.is_empty(), "{args:?}: {stderr}");
        for line in lines {
            let parts: Vec<&str> = line.split(": ").collect();
            let mut seen = std::collections::BTreeSet::new();
            for part in parts.iter().skip(1) {
                assert!(seen.insert(part), "{args:?}: `{part}` twice in {line}");
            }
        }
    }
}

/// A regen of the pinned pages prints no warning that an override entry answers
/// (`accept_warning`), only their count; `--verbose` prints them with their entry.
#[test]
fn regen_is_quiet_about_answered_warnings_unless_verbose() {
    let quiet = xtask()
        .args(["regen", "--check"])
        .current_dir(repo())
        .output()
        .unwrap();
    let stderr = text(&quiet.stderr);
    assert!(quiet.status.success(), "{stderr}");
    assert!(
        !stderr.lines().any(|l| l.starts_with("warning")),
        "{stderr}"
    );
    assert!(stderr.contains("answered by override entries"), "{stderr}");

    let verbose = xtask()
        .args(["regen", "--check", "--verbose"])
        .current_dir(repo())
        .output()
        .unwrap();
    let stderr = text(&verbose.stderr);
    assert!(verbose.status.success(), "{stderr}");
    let warnings = stderr.lines().filter(|l| l.starts_with("warning")).count();
    let answers = stderr.matches("(answered by entry").count();
    assert!(warnings > 0 && warnings == answers, "{stderr}");
}
