//! Which checkout a command acts on: the Cargo workspace around a directory (the
//! nearest `Cargo.toml` at or above it that has a `[workspace]` table), or a directory
//! named explicitly. Never the checkout the tool was compiled in: a binary built in one
//! clone and run in another must act on the one it runs in.

use std::path::{Path, PathBuf};

use crate::manifest::{manifest_in, ManifestError};

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(
        "no Cargo workspace at or above {start} (no Cargo.toml with a [workspace] table); \
         run inside a checkout or pass --root <DIR>"
    )]
    NotFound { start: String },
    #[error("{dir} is not a Cargo workspace root (its Cargo.toml has no [workspace] table)")]
    NotAWorkspace { dir: String },
    #[error(transparent)]
    Manifest(ManifestError),
}

/// The root of the workspace that contains `start` (a directory).
pub fn find_root(start: &Path) -> Result<PathBuf, WorkspaceError> {
    let mut dir = Some(start);
    while let Some(current) = dir {
        if is_workspace_root(current)? {
            return Ok(current.to_path_buf());
        }
        dir = current.parent();
    }
    Err(WorkspaceError::NotFound {
        start: start.display().to_string(),
    })
}

/// `dir` itself, when it is a workspace root (what `--root <DIR>` must name).
pub fn check_root(dir: &Path) -> Result<PathBuf, WorkspaceError> {
    if is_workspace_root(dir)? {
        Ok(dir.to_path_buf())
    } else {
        Err(WorkspaceError::NotAWorkspace {
            dir: dir.display().to_string(),
        })
    }
}

/// Whether `dir/Cargo.toml` exists and declares a workspace. A manifest that cannot be
/// read or parsed is an error, not a reason to keep looking further up.
fn is_workspace_root(dir: &Path) -> Result<bool, WorkspaceError> {
    let manifest = manifest_in(dir).map_err(WorkspaceError::Manifest)?;
    Ok(manifest.is_some_and(|m| m.is_workspace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_workspace_manifest_above_wins_over_package_manifests() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("checkout");
        let member = root.join("generated/telegram/src");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        std::fs::write(
            root.join("generated/telegram/Cargo.toml"),
            "[package]\nname = \"x\"\n",
        )
        .unwrap();
        assert_eq!(find_root(&member).unwrap(), root);
        assert_eq!(find_root(&root).unwrap(), root);
        assert_eq!(check_root(&root).unwrap(), root);
        let error = check_root(&root.join("generated/telegram")).unwrap_err();
        assert!(
            error.to_string().contains("not a Cargo workspace root"),
            "{error}"
        );
    }

    #[test]
    fn no_workspace_and_broken_manifests_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace\n").unwrap();
        let error = find_root(dir.path()).unwrap_err().to_string();
        assert!(error.contains("not valid TOML"), "{error}");
        // A package manifest is passed over; above the temporary directory there is
        // normally no workspace at all.
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        match find_root(dir.path()) {
            Err(error) => assert!(error.to_string().contains("pass --root"), "{error}"),
            Ok(found) => assert!(dir.path().starts_with(&found) && found != dir.path()),
        }
    }
}
