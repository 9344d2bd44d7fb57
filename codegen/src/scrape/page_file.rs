//! What a page's file name says: the version of the docs it holds
//! (`botapi-7.10.html`, `td_api-1.8.66.tl`). [`crate::pinned`] takes the newest page of
//! a folder by it; a schema with no version of its own (TDLib's) takes it from here.

use std::path::Path;

/// The version a file name carries, as text (`td_api-1.8.66.tl` → `1.8.66`).
pub fn version_text_in_name(name: &str) -> Option<String> {
    let name = Path::new(name).file_name()?.to_str()?;
    version_in_name(name).map(|parts| {
        parts
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".")
    })
}

/// The last run of dot-separated numbers in a file name's stem, as numbers
/// (`botapi-7.10.html` → `[7, 10]`).
pub fn version_in_name(name: &str) -> Option<Vec<u64>> {
    let stem = Path::new(name).file_stem()?.to_str()?;
    let bytes = stem.as_bytes();
    let end = bytes.iter().rposition(u8::is_ascii_digit)? + 1;
    let start = bytes[..end]
        .iter()
        .rposition(|b| !(b.is_ascii_digit() || *b == b'.'))
        .map_or(0, |at| at + 1);
    stem[start..end]
        .split('.')
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_in_page_names() {
        assert_eq!(version_in_name("botapi-10.2.html"), Some(vec![10, 2]));
        assert_eq!(version_in_name("botapi-7.10.html"), Some(vec![7, 10]));
        assert_eq!(version_in_name("v2.html"), Some(vec![2]));
        assert_eq!(version_in_name("letgram-bot-api.txt"), None);
    }
    #[test]
    fn versions_as_text() {
        assert_eq!(
            version_text_in_name("td_api-1.8.66.tl").as_deref(),
            Some("1.8.66")
        );
        assert_eq!(version_text_in_name("td_api.tl"), None);
    }
}
