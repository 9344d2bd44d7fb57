//! Replacing many files as one. Every output of a run (the specs and crate files of
//! every API a `regen` touches, the files of a release) is replaced, or none is,
//! whatever moment the process dies at, `kill -9` included.
//!
//! # How
//! A [`Changeset`] holds every file to write and every file to remove, by path
//! relative to the workspace root. [`commit`] then:
//! 1. **stages** each new file under `<root>/.regen/staged/` and syncs it. Nothing
//!    outside `.regen/` has been touched yet;
//! 2. **commits**: writes the journal (each destination with its staged file, length
//!    and hash; each removal) to `.regen/journal.tmp`, syncs it, renames it to
//!    `.regen/journal` and syncs the directory. That rename is the single instant at
//!    which the run takes effect: before it the previous state is whole and nothing
//!    refers to the staged files; after it the new state is decided;
//! 3. **applies** the journal: renames each staged file onto its destination (each
//!    rename is atomic) and removes the files to remove, syncs the directories, then
//!    deletes the journal and the staging directory.
//!
//! [`recover`] runs at the start of every command that writes. A journal left by a
//! run that died while applying is replayed to its end (roll forward); a staging
//! directory without a journal is deleted (roll back: nothing outside it was
//! touched). Replaying is idempotent: a staged file that is gone was already moved,
//! which the destination's length and hash confirm (anything else is an error,
//! never a guess), and removing a file already gone is done.
//!
//! So after a crash at any point, and the recovery that the next run starts with,
//! the tree is exactly the previous state or exactly the new one. Between the crash
//! and the recovery a tree with a journal is part-way; [`pending`] tells (and
//! `regen --check` fails on it).
//!
//! Nothing but final files is ever created in the output directories
//! ([`OUTPUT_DIRS`]), so a crash cannot leave temporary files there. Files that
//! look like another writer's temporary files (`.tmpXXXXXX`, as a `regen` of
//! earlier versions left when killed mid-write) are [`stray_temp_files`]: recovery
//! removes them, `regen --check` reports them.
//!
//! One run at a time per checkout: a second run that starts while one is staging
//! finds `.regen/` and stops with an error.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The directory of the staged files and the journal, under the workspace root.
pub const STAGING: &str = ".regen";
/// The directories this tool writes outputs in, under the workspace root.
pub const OUTPUT_DIRS: [&str; 2] = ["spec", "generated"];

const STAGED: &str = "staged";
const JOURNAL: &str = "journal";
const JOURNAL_TMP: &str = "journal.tmp";
/// Version of the journal's layout; a journal of another version is not replayed.
const FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum AtomicError {
    #[error("{path}: cannot {action}: {error}")]
    Io {
        action: &'static str,
        path: String,
        error: std::io::Error,
    },
    #[error("{path}: not a journal this tool can replay: {reason}; the files it names are part-way between two runs (see {STAGING}/)")]
    Journal { path: String, reason: String },
    #[error("{path}: the journal says it was replaced, but it holds other contents; something changed it during an interrupted run")]
    Mismatch { path: String },
    #[error("`{path}` is not a plain relative path inside the workspace")]
    BadPath { path: String },
    #[error("{path} is a directory, not a file")]
    IsDirectory { path: String },
    #[error("{path}: on another file system than {STAGING}/, so it cannot be replaced atomically")]
    CrossDevice { path: String },
    #[error("{path} exists: another run is writing in this checkout, or one was interrupted; run the command again once no other is running")]
    Busy { path: String },
    #[error("{0}\nthe run was committed but not completed; run the command again to complete it")]
    Incomplete(Box<AtomicError>),
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> AtomicError + 'a {
    move |error| AtomicError::Io {
        action,
        path: path.display().to_string(),
        error,
    }
}

/// Files to write and files to remove, by path relative to the workspace root
/// (`/`-separated). A path is either written or removed, whichever was asked last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changeset {
    changes: BTreeMap<String, Option<Vec<u8>>>,
}

impl Changeset {
    pub fn new() -> Changeset {
        Changeset::default()
    }

    pub fn write(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.changes.insert(path.into(), Some(contents.into()));
    }

    pub fn remove(&mut self, path: impl Into<String>) {
        self.changes.insert(path.into(), None);
    }

    pub fn len(&self) -> usize {
        self.changes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The paths, in order, each with whether it is written (`true`) or removed.
    pub fn paths(&self) -> impl Iterator<Item = (&str, bool)> {
        self.changes.iter().map(|(p, c)| (p.as_str(), c.is_some()))
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Entry {
    /// Move `staged` (a file under `.regen/staged/`) to `path`.
    Write {
        path: String,
        staged: String,
        len: u64,
        /// FNV-1a 64 of the contents, in hex: proof that a move already happened.
        fnv1a: String,
    },
    Remove {
        path: String,
    },
}

impl Entry {
    fn path(&self) -> &str {
        match self {
            Entry::Write { path, .. } | Entry::Remove { path } => path,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Journal {
    format: u32,
    entries: Vec<Entry>,
}

/// Counts the steps of a commit and stops at the chosen one, to test what a crash
/// there leaves. `None` runs to the end.
struct Steps {
    stop_at: Option<usize>,
    taken: usize,
}

impl Steps {
    fn to_the_end() -> Steps {
        Steps {
            stop_at: None,
            taken: 0,
        }
    }

    fn step(&mut self) -> Result<(), Halt> {
        if self.stop_at == Some(self.taken) {
            return Err(Halt::Stopped);
        }
        self.taken += 1;
        Ok(())
    }
}

/// Why a commit did not run to its end.
enum Halt {
    Failed(AtomicError),
    /// A simulated crash (tests only): everything stays as it is at that step.
    Stopped,
}

impl From<AtomicError> for Halt {
    fn from(error: AtomicError) -> Halt {
        Halt::Failed(error)
    }
}

/// Replaces the files of `changes` under `root` as one (see the module docs). The
/// caller runs [`recover`] first, and computes `changes` from the recovered tree.
pub fn commit(root: &Path, changes: &Changeset) -> Result<(), AtomicError> {
    match commit_steps(root, changes, &mut Steps::to_the_end()) {
        Ok(()) => Ok(()),
        Err(Halt::Failed(error)) => Err(error),
        // Only a test's `Steps` stops.
        Err(Halt::Stopped) => Ok(()),
    }
}

fn commit_steps(root: &Path, changes: &Changeset, steps: &mut Steps) -> Result<(), Halt> {
    if changes.is_empty() {
        return Ok(());
    }
    let staging = root.join(STAGING);
    check(root, changes)?;
    match std::fs::create_dir(&staging) {
        Ok(()) => {}
        // Someone else's: not ours to remove.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(AtomicError::Busy {
                path: staging.display().to_string(),
            }
            .into())
        }
        Err(error) => return Err(io("create", &staging)(error).into()),
    }
    let journal = match stage(root, &staging, changes, steps)
        .and_then(|journal| write_journal(&staging, &journal, steps).map(|()| journal))
    {
        Ok(journal) => journal,
        Err(halt) => {
            if let Halt::Failed(_) = halt {
                // Not committed, and nothing outside the staging directory touched.
                let _ = std::fs::remove_dir_all(&staging);
            }
            return Err(halt);
        }
    };
    // Committed: from here on, the new state is the outcome.
    apply(root, &staging, &journal, steps)
        .and_then(|()| finish(&staging, steps))
        .map_err(|halt| match halt {
            Halt::Failed(error) => Halt::Failed(AtomicError::Incomplete(Box::new(error))),
            Halt::Stopped => Halt::Stopped,
        })
}

/// Checks every destination before anything is written.
fn check(root: &Path, changes: &Changeset) -> Result<(), AtomicError> {
    for (path, contents) in &changes.changes {
        check_path(path)?;
        let dest = root.join(path);
        if contents.is_some() && dest.is_dir() {
            return Err(AtomicError::IsDirectory {
                path: dest.display().to_string(),
            });
        }
    }
    Ok(())
}

/// Writes every new file under `.regen/staged/` and returns the journal that will
/// move them.
fn stage(
    root: &Path,
    staging: &Path,
    changes: &Changeset,
    steps: &mut Steps,
) -> Result<Journal, Halt> {
    let staged_dir = staging.join(STAGED);
    std::fs::create_dir(&staged_dir).map_err(io("create", &staged_dir))?;
    for (path, _) in changes.paths().filter(|(_, write)| *write) {
        same_device(&staged_dir, &root.join(path))?;
    }
    let mut entries = Vec::new();
    for (index, (path, contents)) in changes.changes.iter().enumerate() {
        let Some(contents) = contents else {
            entries.push(Entry::Remove { path: path.clone() });
            continue;
        };
        steps.step()?;
        let staged = index.to_string();
        write_synced(&staged_dir.join(&staged), contents)?;
        entries.push(Entry::Write {
            path: path.clone(),
            staged,
            len: contents.len() as u64,
            fnv1a: fnv1a(contents),
        });
    }
    sync_dir(&staged_dir)?;
    Ok(Journal {
        format: FORMAT,
        entries,
    })
}

/// The commit point: the journal appears under its name in one rename.
fn write_journal(staging: &Path, journal: &Journal, steps: &mut Steps) -> Result<(), Halt> {
    let temp = staging.join(JOURNAL_TMP);
    let text = serde_json::to_vec_pretty(journal).map_err(|error| AtomicError::Journal {
        path: temp.display().to_string(),
        reason: error.to_string(),
    })?;
    steps.step()?;
    write_synced(&temp, &text)?;
    steps.step()?;
    let path = staging.join(JOURNAL);
    std::fs::rename(&temp, &path).map_err(io("rename into place", &path))?;
    Ok(sync_dir(staging)?)
}

/// Carries out a committed journal; safe to run again after a crash part-way.
fn apply(root: &Path, staging: &Path, journal: &Journal, steps: &mut Steps) -> Result<(), Halt> {
    let staged_dir = staging.join(STAGED);
    let mut dirs = BTreeSet::new();
    for entry in &journal.entries {
        steps.step()?;
        let dest = root.join(entry.path());
        if let Some(parent) = dest.parent() {
            dirs.insert(parent.to_path_buf());
        }
        match entry {
            Entry::Write {
                staged,
                len,
                fnv1a: hash,
                ..
            } => move_into_place(&staged_dir.join(staged), &dest, *len, hash)?,
            Entry::Remove { .. } => match std::fs::remove_file(&dest) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io("remove", &dest)(error).into())
                }
                _ => {}
            },
        }
    }
    for dir in dirs.iter().filter(|dir| dir.exists()) {
        sync_dir(dir)?;
    }
    Ok(())
}

fn move_into_place(staged: &Path, dest: &Path, len: u64, hash: &str) -> Result<(), AtomicError> {
    match std::fs::symlink_metadata(staged) {
        Ok(_) => {
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).map_err(io("create", parent))?;
            }
            std::fs::rename(staged, dest).map_err(io("move into place", dest))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            // Moved by the run that was interrupted: the destination must prove it.
            let done = std::fs::read(dest)
                .map(|contents| contents.len() as u64 == len && fnv1a(&contents) == hash)
                .unwrap_or(false);
            if done {
                Ok(())
            } else {
                Err(AtomicError::Mismatch {
                    path: dest.display().to_string(),
                })
            }
        }
        Err(error) => Err(io("read", staged)(error)),
    }
}

/// After a complete apply: the journal goes first (the run is then over), then the
/// staging directory.
fn finish(staging: &Path, steps: &mut Steps) -> Result<(), Halt> {
    let journal = staging.join(JOURNAL);
    steps.step()?;
    match std::fs::remove_file(&journal) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(io("remove", &journal)(error).into())
        }
        _ => {}
    }
    sync_dir(staging)?;
    steps.step()?;
    std::fs::remove_dir_all(staging).map_err(io("remove", staging))?;
    Ok(())
}

/// What [`recover`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovered {
    /// An interrupted run's journal was replayed: the files it replaced or removed.
    pub completed: Option<Vec<String>>,
    /// An interrupted run's staging (never committed) was dropped.
    pub discarded: bool,
    /// Stray temporary files removed from the output directories.
    pub strays_removed: Vec<PathBuf>,
}

impl Recovered {
    pub fn did_anything(&self) -> bool {
        self.completed.is_some() || self.discarded || !self.strays_removed.is_empty()
    }
}

/// Brings the tree under `root` to a whole state after an interrupted run, and
/// removes stray temporary files (see the module docs).
pub fn recover(root: &Path) -> Result<Recovered, AtomicError> {
    let staging = root.join(STAGING);
    let mut out = Recovered::default();
    match read_journal(&staging)? {
        Some(journal) => {
            let mut steps = Steps::to_the_end();
            match apply(root, &staging, &journal, &mut steps)
                .and_then(|()| finish(&staging, &mut steps))
            {
                Ok(()) | Err(Halt::Stopped) => {}
                Err(Halt::Failed(error)) => return Err(error),
            }
            out.completed = Some(
                journal
                    .entries
                    .iter()
                    .map(|e| e.path().to_owned())
                    .collect(),
            );
        }
        None => match std::fs::symlink_metadata(&staging) {
            Ok(_) => {
                std::fs::remove_dir_all(&staging).map_err(io("remove", &staging))?;
                out.discarded = true;
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(io("read", &staging)(error)),
        },
    }
    for stray in stray_temp_files(root)? {
        std::fs::remove_file(&stray).map_err(io("remove", &stray))?;
        out.strays_removed.push(stray);
    }
    Ok(out)
}

/// The files an interrupted, committed run has yet to finish with, when there is one
/// (the tree is then part-way between two states until [`recover`] runs).
pub fn pending(root: &Path) -> Result<Option<Vec<String>>, AtomicError> {
    Ok(read_journal(&root.join(STAGING))?.map(|journal| {
        journal
            .entries
            .iter()
            .map(|e| e.path().to_owned())
            .collect()
    }))
}

fn read_journal(staging: &Path) -> Result<Option<Journal>, AtomicError> {
    let path = staging.join(JOURNAL);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io("read", &path)(error)),
    };
    let bad = |reason: String| AtomicError::Journal {
        path: path.display().to_string(),
        reason,
    };
    let journal: Journal = serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
    if journal.format != FORMAT {
        return Err(bad(format!(
            "format {} (this tool replays format {FORMAT})",
            journal.format
        )));
    }
    for entry in &journal.entries {
        check_path(entry.path())?;
        if let Entry::Write { staged, .. } = entry {
            check_path(staged)?;
        }
    }
    Ok(Some(journal))
}

/// Files under the output directories named like a temporary file (`.tmp` and six
/// letters or digits, `tempfile`'s pattern), outside `target/` directories.
pub fn stray_temp_files(root: &Path) -> Result<Vec<PathBuf>, AtomicError> {
    let mut out = Vec::new();
    let mut pending: Vec<PathBuf> = OUTPUT_DIRS.iter().map(|d| root.join(d)).collect();
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(io("list", &dir)(error)),
        };
        for entry in entries {
            let entry = entry.map_err(io("list", &dir))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(io("read", &path))?;
            if kind.is_dir() {
                if entry.file_name() != "target" {
                    pending.push(path);
                }
            } else if is_temp_name(&entry.file_name().to_string_lossy()) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn check_path(path: &str) -> Result<(), AtomicError> {
    let bad = || AtomicError::BadPath {
        path: path.to_owned(),
    };
    let as_path = Path::new(path);
    if path.is_empty()
        || !as_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        || as_path.starts_with(STAGING)
    {
        return Err(bad());
    }
    Ok(())
}

fn write_synced(path: &Path, contents: &[u8]) -> Result<(), AtomicError> {
    let mut file = std::fs::File::create(path).map_err(io("create", path))?;
    file.write_all(contents).map_err(io("write", path))?;
    file.sync_all().map_err(io("sync", path))
}

/// Makes the renames and removals in `dir` durable (a power cut, not only a kill).
fn sync_dir(dir: &Path) -> Result<(), AtomicError> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io("sync", dir))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// A rename is atomic only within one file system: checks that `dest` (or the
/// nearest directory above it that exists) is on the staging directory's.
fn same_device(staged_dir: &Path, dest: &Path) -> Result<(), AtomicError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let device = |path: &Path| std::fs::metadata(path).map(|m| m.dev());
        let staging = device(staged_dir).map_err(io("read", staged_dir))?;
        let mut at = dest.parent();
        while let Some(dir) = at {
            if let Ok(here) = device(dir) {
                if here != staging {
                    return Err(AtomicError::CrossDevice {
                        path: dest.display().to_string(),
                    });
                }
                break;
            }
            at = dir.parent();
        }
    }
    #[cfg(not(unix))]
    let _ = (staged_dir, dest);
    Ok(())
}

/// FNV-1a, 64 bits, as 16 hex digits: stable across builds and platforms (unlike
/// `std`'s hasher), which a journal read by the next build needs.
fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Writes a file so that readers see either the old or the new contents, never a
/// half-written file: a temporary file in the same directory, then a rename.
pub fn write_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.yaml");
        write_file(&path, b"one").unwrap();
        write_file(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Every file under `dir` (hidden ones too), with its contents.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            for entry in std::fs::read_dir(&current).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative = path.strip_prefix(dir).unwrap().to_string_lossy();
                    out.insert(relative.replace('\\', "/"), std::fs::read(&path).unwrap());
                }
            }
        }
        out
    }

    fn setup(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        dir
    }

    const OLD: [(&str, &str); 4] = [
        ("spec/a.yaml", "a1"),
        ("generated/a/src/lib.rs", "lib1"),
        ("generated/a/src/gone.rs", "gone"),
        ("generated/a/README.md", "hand-written"),
    ];

    fn changes() -> Changeset {
        let mut changes = Changeset::new();
        changes.write("spec/a.yaml", "a2");
        changes.write("generated/a/src/lib.rs", "lib2");
        changes.write("generated/a/src/new/mod.rs", "new");
        changes.remove("generated/a/src/gone.rs");
        changes
    }

    fn expected_new() -> BTreeMap<String, Vec<u8>> {
        let mut new = tree(setup(&OLD).path());
        new.insert("spec/a.yaml".into(), b"a2".to_vec());
        new.insert("generated/a/src/lib.rs".into(), b"lib2".to_vec());
        new.insert("generated/a/src/new/mod.rs".into(), b"new".to_vec());
        new.remove("generated/a/src/gone.rs");
        new
    }

    #[test]
    fn a_commit_replaces_everything_and_leaves_nothing_behind() {
        let dir = setup(&OLD);
        commit(dir.path(), &changes()).unwrap();
        assert_eq!(tree(dir.path()), expected_new());
        assert!(!dir.path().join(STAGING).exists());
        assert_eq!(recover(dir.path()).unwrap(), Recovered::default());
    }

    /// A crash after every single step of a commit, then the next run's recovery:
    /// the tree is the old one or the new one, the new one exactly when the journal
    /// had been committed, and no temporary file is ever in the output directories.
    #[test]
    fn a_crash_at_any_step_leaves_the_old_or_the_new_tree() {
        let old = tree(setup(&OLD).path());
        let new = expected_new();
        let mut saw = (false, false);
        for stop_at in 0.. {
            let dir = setup(&OLD);
            let mut steps = Steps {
                stop_at: Some(stop_at),
                taken: 0,
            };
            let finished = match commit_steps(dir.path(), &changes(), &mut steps) {
                Ok(()) => true,
                Err(Halt::Stopped) => false,
                Err(Halt::Failed(error)) => panic!("step {stop_at}: {error}"),
            };
            let outputs = |t: &BTreeMap<String, Vec<u8>>| {
                t.iter()
                    .filter(|(p, _)| !p.starts_with(STAGING))
                    .map(|(p, c)| (p.clone(), c.clone()))
                    .collect::<BTreeMap<_, _>>()
            };
            let committed = pending(dir.path()).unwrap().is_some();
            if !committed {
                // Before the commit point nothing changed; after the end, all did.
                let now = outputs(&tree(dir.path()));
                assert!(now == old || now == new, "step {stop_at}: {now:?}");
            }
            assert!(stray_temp_files(dir.path()).unwrap().is_empty());
            let recovered = recover(dir.path()).unwrap();
            assert_eq!(recovered.completed.is_some(), committed);
            let after = tree(dir.path());
            assert!(!dir.path().join(STAGING).exists(), "step {stop_at}");
            if after == old {
                saw.0 = true;
            } else {
                assert_eq!(after, new, "step {stop_at}");
                saw.1 = true;
            }
            // Recovering again changes nothing.
            assert!(!recover(dir.path()).unwrap().did_anything());
            if finished {
                break;
            }
        }
        assert_eq!(saw, (true, true));
    }

    #[test]
    fn a_destination_changed_behind_an_interrupted_run_is_an_error() {
        let dir = setup(&OLD);
        let mut steps = Steps {
            // The journal (2 steps after 3 staged files), then 2 of the 4 moves.
            stop_at: Some(3 + 2 + 2),
            taken: 0,
        };
        assert!(matches!(
            commit_steps(dir.path(), &changes(), &mut steps),
            Err(Halt::Stopped)
        ));
        // The second entry in path order was moved; someone edits it.
        let moved = dir.path().join("generated/a/src/lib.rs");
        assert_eq!(std::fs::read(&moved).unwrap(), b"lib2");
        std::fs::write(&moved, "edited").unwrap();
        let error = recover(dir.path()).unwrap_err().to_string();
        assert!(error.contains("holds other contents"), "{error}");
    }

    #[test]
    fn recovery_removes_stray_temp_files_and_uncommitted_staging() {
        let dir = setup(&[
            ("spec/.tmpAb12Cd", "x"),
            ("generated/a/src/.tmp000000", "x"),
            ("generated/a/target/.tmpAb12Cd", "build output, not ours"),
            ("generated/a/src/.tmpfile.rs", "not a temp name"),
            (".regen/staged/0", "half-staged"),
        ]);
        let strays = stray_temp_files(dir.path()).unwrap();
        assert_eq!(strays.len(), 2, "{strays:?}");
        let recovered = recover(dir.path()).unwrap();
        assert!(recovered.discarded);
        assert_eq!(recovered.strays_removed, strays);
        assert!(stray_temp_files(dir.path()).unwrap().is_empty());
        assert!(dir.path().join("generated/a/src/.tmpfile.rs").exists());
        assert!(!dir.path().join(STAGING).exists());
    }

    #[test]
    fn a_second_run_while_one_is_staging_is_refused_and_bad_paths_too() {
        let dir = setup(&[(".regen/staged/0", "another run")]);
        let error = commit(dir.path(), &changes()).unwrap_err().to_string();
        assert!(error.contains("another run"), "{error}");
        assert!(dir.path().join(".regen/staged/0").exists());
        for path in ["../x", "/abs", "", ".regen/journal", "a/../b"] {
            let mut bad = Changeset::new();
            bad.write(path, "x");
            let dir = setup(&[]);
            assert!(
                matches!(commit(dir.path(), &bad), Err(AtomicError::BadPath { .. })),
                "{path}"
            );
        }
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), "cbf29ce484222325");
        assert_eq!(fnv1a(b"a"), "af63dc4c8601ec8c");
    }
}
