//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};

/// The workspace root (tests run with the `tests` package directory as their cwd).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace root")
        .to_path_buf()
}
