//! From a diff to the next version of the generated crate.
//!
//! The kind of release ([`Release`]) follows from the worst change: any breaking change
//! → major, else any compatible change → minor, else any documentation change → patch.
//! Versions follow Cargo's reading of semver, where the first non-zero component is the
//! "major" one: while the crate is at `0.x.y`, a major release bumps `x` and a minor or
//! patch release bumps `y` (`0.4.2` → `0.5.0` for a breaking change, `0.4.3` for a
//! compatible one); from `1.0.0` on, the usual major/minor/patch. A pre-release or
//! build suffix is dropped.

use crate::diff::model::{Impact, Release};

impl Release {
    /// The release a set of changes calls for.
    pub fn of(impacts: impl IntoIterator<Item = Impact>) -> Release {
        impacts
            .into_iter()
            .map(|impact| match impact {
                Impact::Breaking => Release::Major,
                Impact::Compatible => Release::Minor,
                Impact::Docs => Release::Patch,
            })
            .max()
            .unwrap_or(Release::None)
    }

    pub fn name(self) -> &'static str {
        match self {
            Release::None => "none",
            Release::Patch => "patch",
            Release::Minor => "minor",
            Release::Major => "major",
        }
    }

    /// The version after `current` for this kind of release; `current` itself for
    /// [`Release::None`].
    pub fn next(self, current: &semver::Version) -> semver::Version {
        let (major, minor, patch) = (current.major, current.minor, current.patch);
        let (major, minor, patch) = match (self, major) {
            (Release::None, _) => (major, minor, patch),
            (Release::Major, 0) => (0, minor + 1, 0),
            (Release::Minor | Release::Patch, 0) => (0, minor, patch + 1),
            (Release::Major, _) => (major + 1, 0, 0),
            (Release::Minor, _) => (major, minor + 1, 0),
            (Release::Patch, _) => (major, minor, patch + 1),
        };
        semver::Version::new(major, minor, patch)
    }

    /// The release in a few words: "a major release".
    pub fn noun(self) -> &'static str {
        match self {
            Release::None => "no release",
            Release::Patch => "a patch release",
            Release::Minor => "a minor release",
            Release::Major => "a major release",
        }
    }

    /// How the release moves a crate's version, in words, for both 0.x and later.
    pub fn describe(self) -> &'static str {
        match self {
            Release::None => "no release needed",
            Release::Patch => "a patch release (0.x.y → 0.x.y+1; x.y.z → x.y.z+1)",
            Release::Minor => "a minor release (0.x.y → 0.x.y+1 while at 0.x; x.y.z → x.y+1.0)",
            Release::Major => "a major release (0.x.y → 0.x+1.0 while at 0.x; x.y.z → x+1.0.0)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(release: Release, version: &str) -> String {
        release
            .next(&semver::Version::parse(version).unwrap())
            .to_string()
    }

    #[test]
    fn worst_change_decides() {
        assert_eq!(Release::of([]), Release::None);
        assert_eq!(Release::of([Impact::Docs]), Release::Patch);
        assert_eq!(
            Release::of([Impact::Docs, Impact::Compatible]),
            Release::Minor
        );
        assert_eq!(
            Release::of([Impact::Compatible, Impact::Breaking, Impact::Docs]),
            Release::Major
        );
    }

    #[test]
    fn zero_major_shifts_everything_down_one_place() {
        assert_eq!(next(Release::Major, "0.4.2"), "0.5.0");
        assert_eq!(next(Release::Minor, "0.4.2"), "0.4.3");
        assert_eq!(next(Release::Patch, "0.4.2"), "0.4.3");
        assert_eq!(next(Release::None, "0.4.2"), "0.4.2");
    }

    #[test]
    fn from_one_on_it_is_plain_semver() {
        assert_eq!(next(Release::Major, "1.4.2"), "2.0.0");
        assert_eq!(next(Release::Minor, "1.4.2"), "1.5.0");
        assert_eq!(next(Release::Patch, "1.4.2-rc.1"), "1.4.3");
    }
}
