//! The crate's `CHANGELOG.md`: one entry per release, newest first, written from the
//! diff between the last released spec and the one being released.

use semver::Version;

use crate::diff::markdown;
use crate::diff::{RenderOptions, SideInfo, SpecDiff};

/// The first lines of a changelog this tool creates.
pub const PREAMBLE: &str =
    "# Changelog\n\nEvery release of this crate, newest first. Entries are written by \
`cargo xtask release` from the changes in the API spec since the previous release.\n";

#[derive(Debug, thiserror::Error)]
pub enum ChangelogError {
    #[error("{path}: already has an entry for {version}")]
    Duplicate { path: String, version: Version },
}

/// What an entry is about.
pub struct Entry<'a> {
    pub version: &'a Version,
    /// Release date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The API the release is generated from.
    pub api: &'a SideInfo,
    /// The previous release and the changes since; `None` for the first release.
    pub since: Option<(&'a Version, &'a SpecDiff)>,
}

/// The Markdown of one entry: a `##` heading, a paragraph naming the versions (of
/// the crate and of the API, before and after), the diff's sections.
pub fn entry(entry: &Entry) -> String {
    let date = |info: &SideInfo| match &info.release_date {
        Some(date) => format!(" ({date})"),
        None => String::new(),
    };
    let api = format!("{}{}", side(entry.api), date(entry.api));
    let mut out = format!("## {} ({})\n\n", entry.version, entry.date);
    match entry.since {
        None => out.push_str(&format!("First release, generated from {api}.\n")),
        Some((previous, diff)) => {
            let apis = if diff.old.name == entry.api.name {
                let version =
                    |v: &Option<String>| v.as_deref().unwrap_or("(no version)").to_owned();
                format!(
                    "{} {} → {}{}",
                    entry.api.name,
                    version(&diff.old.version),
                    version(&entry.api.version),
                    date(entry.api)
                )
            } else {
                format!("{} → {api}", side(&diff.old))
            };
            out.push_str(&format!(
                "{previous} → {}: {apis}, {}: {}.\n",
                entry.version,
                diff.summary.release.noun(),
                markdown::counts(diff)
            ));
            out.push_str(&markdown::sections(diff, RenderOptions::default(), 3));
        }
    }
    out
}

fn side(info: &SideInfo) -> String {
    match &info.version {
        Some(version) => format!("{} {version}", info.name),
        None => info.name.clone(),
    }
}

/// The changelog with `entry` added above the newest entry; `existing` is the
/// current file, `None` when there is none yet. `path` names the file in errors.
pub fn insert(
    path: &str,
    existing: Option<&str>,
    version: &Version,
    entry: &str,
) -> Result<String, ChangelogError> {
    let existing = existing.unwrap_or(PREAMBLE);
    let heading = format!("## {version} ");
    if existing
        .lines()
        .any(|line| line.starts_with(&heading) || line == heading.trim_end())
    {
        return Err(ChangelogError::Duplicate {
            path: path.to_owned(),
            version: version.clone(),
        });
    }
    let at = existing
        .match_indices("\n## ")
        .next()
        .map_or(existing.len(), |(at, _)| at + 1);
    let (head, tail) = existing.split_at(at);
    let mut out = head.trim_end().to_owned();
    out.push_str("\n\n");
    out.push_str(entry.trim_end());
    out.push('\n');
    if !tail.is_empty() {
        out.push('\n');
        out.push_str(tail);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn entries_go_above_the_newest() {
        let first = insert(
            "CHANGELOG.md",
            None,
            &v("0.1.0"),
            "## 0.1.0 (2025-01-01)\n\nFirst.\n",
        )
        .unwrap();
        assert!(first.starts_with(PREAMBLE));
        assert!(
            first.ends_with("\n\n## 0.1.0 (2025-01-01)\n\nFirst.\n"),
            "{first}"
        );
        let second = insert(
            "CHANGELOG.md",
            Some(&first),
            &v("0.2.0"),
            "## 0.2.0 (2025-02-01)\n\nSecond.\n",
        )
        .unwrap();
        let at_second = second.find("## 0.2.0").unwrap();
        let at_first = second.find("## 0.1.0").unwrap();
        assert!(at_second < at_first);
        assert!(second.contains("Second.\n\n## 0.1.0"), "{second}");
    }

    #[test]
    fn a_version_is_released_once() {
        let text = insert("CHANGELOG.md", None, &v("0.1.0"), "## 0.1.0 (2025-01-01)\n").unwrap();
        let error = insert(
            "CHANGELOG.md",
            Some(&text),
            &v("0.1.0"),
            "## 0.1.0 (2025-01-02)\n",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "CHANGELOG.md: already has an entry for 0.1.0"
        );
    }

    #[test]
    fn first_entry_names_the_api() {
        let api = SideInfo {
            name: "Demo API".into(),
            version: Some("1.0".into()),
            release_date: Some("2024-05-06".into()),
        };
        let text = entry(&Entry {
            version: &v("0.1.0"),
            date: "2025-01-01",
            api: &api,
            since: None,
        });
        assert_eq!(
            text,
            "## 0.1.0 (2025-01-01)\n\nFirst release, generated from Demo API 1.0 (2024-05-06).\n"
        );
    }
}
