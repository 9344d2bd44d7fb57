//! The light Markdown of the spec's descriptions, as the scrape writes it and the
//! later stages read it: emphasis (`_x_`, `*x*`), code spans, `[text](target)` links,
//! and a backslash before any page character that would otherwise read as markup.
//! Kept here once: the dialects escape with it ([`escape`]), the prose readers strip
//! it ([`MARKERS`]), the IR's docs undo the escapes ([`is_escaped`]).

/// Whether a character of page text would read as Markdown or HTML markup in a
/// description; such characters are escaped with `\`.
pub const fn is_escaped(c: char) -> bool {
    matches!(c, '\\' | '*' | '[' | ']' | '<' | '>' | '`')
}

/// Appends page text to a description, escaping what would read as markup.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_escaped(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The bytes that mark up a description: the escape and the emphasis, code and link
/// markers (`<` and `>` are escaped but mark nothing up).
pub const MARKERS: &[u8] = b"\\*`_[]";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_nothing_else() {
        let mut out = String::new();
        escape("a*b [c] <d> `e` \\ f_g", &mut out);
        assert_eq!(out, "a\\*b \\[c\\] \\<d\\> \\`e\\` \\\\ f_g");
    }

    #[test]
    fn every_escaped_marker_is_a_marker_or_an_angle() {
        for &b in MARKERS {
            assert!(is_escaped(b as char) || b == b'_', "{}", b as char);
        }
    }
}
