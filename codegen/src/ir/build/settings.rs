//! What the spec does not say: packaging and where the crate comes from.

/// Choices that are not in the spec: packaging facts and where the crate comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Cargo package name; derived from the API's name when `None`.
    pub crate_name: Option<String>,
    pub version: String,
    pub license: String,
    pub repository: Option<String>,
    /// The spec's path relative to the workspace root (named in generated headers).
    pub spec_path: String,
    /// The command that regenerates the crate (named in generated headers).
    pub command: String,
    /// References to items estimated larger than these sizes are boxed.
    pub box_thresholds: crate::ir::Thresholds,
    /// Objects keep the fields the spec does not define in a map, and write them back.
    pub keep_unknown_fields: bool,
    /// Whether the crate may be published (`false`: `publish = false`, for the golden
    /// crates that exist only to be compiled and tested).
    pub publish: bool,
}

impl Settings {
    pub fn new(spec_path: impl Into<String>) -> Self {
        Settings {
            crate_name: None,
            version: "0.1.0".to_owned(),
            license: "MIT OR Apache-2.0".to_owned(),
            repository: None,
            spec_path: spec_path.into(),
            command: "cargo xtask regen".to_owned(),
            box_thresholds: crate::ir::Thresholds {
                required: 128,
                optional: 64,
            },
            keep_unknown_fields: true,
            publish: true,
        }
    }

    pub fn with_crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    pub fn with_repository(mut self, repository: impl Into<String>) -> Self {
        self.repository = Some(repository.into());
        self
    }

    /// A crate that is never published (`publish = false` in its manifest).
    pub fn unpublished(mut self) -> Self {
        self.publish = false;
        self
    }

    pub fn with_unknown_fields_kept(mut self, keep: bool) -> Self {
        self.keep_unknown_fields = keep;
        self
    }
}
