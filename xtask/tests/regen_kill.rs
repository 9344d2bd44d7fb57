//! `kill -9` of `xtask regen` at random moments, on a copy of this workspace in which
//! the Telegram page is another version (9.2 instead of 10.2), so that the spec and
//! every file of the crate change. After each kill the outputs (`spec/`, `generated/`)
//! must be exactly the old tree or exactly the new one once the next run's recovery
//! has run (before it, a tree that is neither must have a committed journal), with no
//! stray file at any time.
//!
//! Half of the kills fall anywhere in a run (uniformly over a little more than its
//! length, so some runs finish); the other half just after the run says it starts
//! replacing files, where staging, the commit point and the renames are. The seed is
//! fixed; the moments still depend on the machine's speed, so the assertions hold
//! for any moment.

mod support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use codegen::atomic;
use support::{outputs, workspace_with, xtask};

const RUNS: usize = 24;

/// xorshift64*: a fixed sequence without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..max` microseconds.
    fn micros(&mut self, max: Duration) -> Duration {
        Duration::from_micros(self.next() % (max.as_micros() as u64).max(1))
    }
}

/// A copy of the workspace that pins the Telegram 9.2 page (the Telegram crate only:
/// the run touches nothing else).
fn old_workspace() -> tempfile::TempDir {
    let dir = workspace_with(&["telegram"]);
    let sources = dir.path().join("spec/sources/telegram");
    std::fs::remove_file(sources.join("botapi-10.2.html")).unwrap();
    std::fs::copy(
        support::repo().join("tests/fixtures/telegram/botapi-9.2.html"),
        sources.join("botapi-9.2.html"),
    )
    .unwrap();
    dir
}

fn regen(root: &std::path::Path) -> std::process::Child {
    xtask()
        .args(["--root"])
        .arg(root)
        .args(["regen", "--api", "telegram"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_regen_leaves_the_old_or_the_new_tree() {
    let base = old_workspace();
    let old = outputs(base.path());

    // The new tree: an uninterrupted run, timed as a whole and from the moment it
    // starts replacing files.
    let finished = old_workspace();
    let started = Instant::now();
    let mut child = regen(finished.path());
    let mut replacing = None;
    let mut messages = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if line.starts_with("replacing ") {
            replacing = Some(Instant::now());
        }
        messages.push_str(&line);
        messages.push('\n');
    }
    let status = child.wait().unwrap();
    let length = started.elapsed();
    assert!(status.success(), "{messages}");
    let window = replacing
        .expect("the run says when it replaces files")
        .elapsed();
    let new = outputs(finished.path());
    let changed = new.iter().filter(|(p, c)| old.get(*p) != Some(c)).count();
    assert!(changed > 30, "only {changed} files changed");

    let mut rng = Rng(0x005e_ed0f_a70c);
    let (mut saw_old, mut saw_new, mut part_way) = (0, 0, 0);
    let mut checked_part_way = false;
    for run in 0..RUNS {
        let dir = old_workspace();
        let root = dir.path();
        let mut child = regen(root);
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Reads the run's messages (so it never blocks on them) and tells when it
        // starts replacing files.
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.starts_with("replacing ") {
                    let _ = tx.send(());
                }
            }
        });
        if run % 2 == 0 {
            std::thread::sleep(rng.micros(length + length / 5));
        } else {
            let _ = rx.recv_timeout(length * 10);
            std::thread::sleep(rng.micros(window + window / 2));
        }
        let _ = child.kill();
        child.wait().unwrap();
        reader.join().unwrap();

        let now = outputs(root);
        let strays: Vec<&String> = now
            .keys()
            .filter(|p| !old.contains_key(*p) && !new.contains_key(*p))
            .collect();
        assert!(strays.is_empty(), "run {run}: stray files {strays:?}");
        let pending = atomic::pending(root).unwrap();
        if pending.is_none() {
            assert!(now == old || now == new, "run {run}: neither old nor new");
        } else if !checked_part_way {
            // `regen --check` fails on a part-way tree, and says why.
            checked_part_way = true;
            let check = xtask()
                .arg("--root")
                .arg(root)
                .args(["regen", "--check", "--api", "telegram"])
                .output()
                .unwrap();
            assert!(!check.status.success());
            let message = String::from_utf8_lossy(&check.stderr);
            assert!(message.contains("part-way"), "{message}");
        }
        // What the next run starts with.
        let recovered = atomic::recover(root).unwrap();
        assert_eq!(recovered.completed.is_some(), pending.is_some());
        assert!(recovered.strays_removed.is_empty());
        let after = outputs(root);
        assert!(!root.join(atomic::STAGING).exists());
        if pending.is_some() {
            assert!(after == new, "run {run}: recovery did not complete the run");
            part_way += 1;
        } else if after == old {
            saw_old += 1;
        } else {
            assert!(
                after == new,
                "run {run}: neither old nor new after recovery"
            );
            saw_new += 1;
        }
    }
    eprintln!(
        "{RUNS} kills in runs of {length:?} (replacing files: {window:?}): {saw_old} old, \
         {saw_new} new, {part_way} part-way and completed by recovery"
    );
    assert!(saw_old > 0, "no kill landed before the commit point");
    assert!(saw_new + part_way > 0, "no run got past the commit point");
}
