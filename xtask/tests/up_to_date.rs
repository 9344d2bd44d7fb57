//! Every committed spec and generated crate (`spec/`, `generated/`, the golden crates of
//! `tests/golden/`) is what `cargo xtask regen` makes of its input. A stale check that
//! is also the fix: locally, the test has `regen` rewrite what is stale (as one atomic
//! run) and then fails naming those files, so that the next run passes and `git diff`
//! shows the change to review; under `CI` (`.ci/run` sets it) it only checks.

mod support;

use std::process::Output;

use support::{repo, xtask};

fn regen(args: &[&str]) -> Output {
    xtask()
        .arg("--root")
        .arg(repo())
        .arg("regen")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn committed_specs_and_crates_are_up_to_date() {
    let check = regen(&["--check"]);
    if check.status.success() {
        return;
    }
    let report = stderr(&check);
    if std::env::var_os("CI").is_some() {
        panic!("{report}(CI: nothing rewritten)");
    }
    let fix = regen(&[]);
    assert!(
        fix.status.success(),
        "{report}and `cargo xtask regen` failed:\n{}",
        stderr(&fix)
    );
    panic!(
        "{report}the test ran `cargo xtask regen`, which rewrote them: review and commit \
         the change (`git diff`); the next run passes"
    );
}
