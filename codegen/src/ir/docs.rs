//! Spec descriptions (light Markdown, see [`crate::scrape::raw`]) → rustdoc Markdown:
//! links to items of the page become intra-doc links to the generated items, other page
//! anchors and site-relative links become absolute links, bare URLs get angle brackets,
//! and stray brackets are escaped, so that `cargo doc` has nothing to warn about.

use std::collections::BTreeMap;

use crate::spec::markup;

/// What rendering needs to know about the generated crate and the page.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// The documentation page, for `#anchor` and `/path` links.
    pub doc_url: Option<String>,
    /// Page anchor → Rust path of the generated item (`crate::types::Message`).
    pub anchors: BTreeMap<String, String>,
}

impl DocContext {
    /// The link to an item on the original page.
    pub fn page_link(&self, anchor: Option<&str>) -> Option<String> {
        Some(format!("{}#{}", self.doc_url.as_deref()?, anchor?))
    }

    /// Renders a description as rustdoc Markdown.
    pub fn render(&self, markdown: &str) -> String {
        let fenced = fence_as_text(markdown);
        separate_lists(&self.render_inline(&fenced))
    }

    fn render_inline(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 16);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '\\' if i + 1 < chars.len() => {
                    out.push(c);
                    out.push(chars[i + 1]);
                    i += 2;
                }
                '`' => match code_span(&chars, i) {
                    Some((content, end, count)) => {
                        let ticks = "`".repeat(count);
                        out.push_str(&ticks);
                        out.push_str(&unescape(&content));
                        out.push_str(&ticks);
                        i = end;
                    }
                    None => {
                        out.push_str("\\`");
                        i += 1;
                    }
                },
                '[' => match link(&chars, i) {
                    Some((label, target, end)) => {
                        let label = self.render_inline(&label);
                        match self.resolve(&target) {
                            Some(target) => {
                                out.push('[');
                                out.push_str(&label);
                                out.push_str("](");
                                out.push_str(&target);
                                out.push(')');
                            }
                            None => out.push_str(&label),
                        }
                        i = end;
                    }
                    None => {
                        out.push_str("\\[");
                        i += 1;
                    }
                },
                ']' => {
                    out.push_str("\\]");
                    i += 1;
                }
                '<' => {
                    out.push_str("\\<");
                    i += 1;
                }
                'h' if starts_url(&chars, i) => {
                    let end = url_end(&chars, i);
                    out.push('<');
                    out.extend(&chars[i..end]);
                    out.push('>');
                    i = end;
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }

    /// A link target as rustdoc should see it; `None` when it cannot be made absolute.
    fn resolve(&self, target: &str) -> Option<String> {
        if let Some(anchor) = target.strip_prefix('#') {
            if let Some(path) = self.anchors.get(anchor) {
                return Some(path.clone());
            }
            return Some(encode(&format!("{}{target}", self.doc_url.as_deref()?)));
        }
        if target.contains("://") || target.starts_with("mailto:") || target.starts_with("tg:") {
            return Some(encode(target));
        }
        let doc_url = self.doc_url.as_deref()?;
        if target.starts_with('/') {
            return Some(encode(&format!("{}{target}", origin(doc_url)?)));
        }
        let base = &doc_url[..doc_url.rfind('/').map_or(doc_url.len(), |at| at + 1)];
        Some(encode(&format!("{base}{target}")))
    }
}

/// `scheme://host` of a URL.
fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |at| after_scheme + at);
    Some(&url[..end])
}

/// Characters that would end or confuse a Markdown link destination.
fn encode(url: &str) -> String {
    url.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

/// Removes the scraper's backslash escapes (inside code spans, where Markdown shows
/// backslashes literally).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|&next| markup::is_escaped(next)) {
            continue;
        }
        out.push(c);
    }
    out
}

/// A code span starting at `start` (a backtick): its content, the index after it and
/// the number of backticks around it.
fn code_span(chars: &[char], start: usize) -> Option<(String, usize, usize)> {
    let ticks = chars[start..].iter().take_while(|&&c| c == '`').count();
    let mut i = start + ticks;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            i += 2;
            continue;
        }
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if run == ticks {
                let content: String = chars[start + ticks..i].iter().collect();
                return Some((content, i + run, ticks));
            }
            i += run;
            continue;
        }
        i += 1;
    }
    None
}

/// A link `[label](target)` starting at `start`: label, target and the index after it.
fn link(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut depth = 0usize;
    let mut i = start;
    let close = loop {
        match chars.get(i)? {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break i;
                }
            }
            _ => {}
        }
        i += 1;
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let target_end = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
    let label = chars[start + 1..close].iter().collect();
    let target: String = chars[close + 2..target_end].iter().collect();
    if target.is_empty() || target.contains(char::is_whitespace) {
        return None;
    }
    Some((label, target, target_end + 1))
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    word_start && (rest.starts_with("http://") || rest.starts_with("https://"))
}

/// The end of a bare URL: whitespace, or trailing punctuation that belongs to the prose.
fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | '\\')
    {
        end += 1;
    }
    while end > start
        && matches!(
            chars[end - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | '”' | '»' | '"' | '\''
        )
    {
        end -= 1;
    }
    end
}

/// Puts blank lines around lists, so that the line after a list is not read as a
/// continuation of its last item.
fn separate_lists(text: &str) -> String {
    let is_item = |line: &str| {
        let line = line.trim_start();
        line.starts_with("- ")
            || line.starts_with("* ")
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let mut out: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if let Some(previous) = out.last() {
            let boundary =
                !previous.is_empty() && !line.is_empty() && is_item(previous) != is_item(line);
            if boundary {
                out.push("");
            }
        }
        out.push(line);
    }
    out.join("\n")
}

/// Fenced code blocks without a language would be compiled as doctests: mark them text.
fn fence_as_text(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut open = false;
    for line in markdown.split('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if !open && trimmed.trim_start_matches('`').trim().is_empty() {
                out.push(format!("{line}text"));
            } else {
                out.push(line.to_owned());
            }
            open = !open;
        } else {
            out.push(line.to_owned());
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> DocContext {
        DocContext {
            doc_url: Some("https://example.org/bots/api".into()),
            anchors: BTreeMap::from([("message".into(), "crate::types::Message".into())]),
        }
    }

    #[test]
    fn links_to_items_become_intra_doc_links() {
        let out = context().render("A [Message](#message) or [inline mode](#inline-mode).");
        assert_eq!(
            out,
            "A [Message](crate::types::Message) or [inline mode](https://example.org/bots/api#inline-mode)."
        );
    }

    #[test]
    fn site_relative_links_become_absolute() {
        let out = context().render("See [privacy](/bots/features#privacy-mode).");
        assert_eq!(
            out,
            "See [privacy](https://example.org/bots/features#privacy-mode)."
        );
    }

    #[test]
    fn bare_urls_get_angle_brackets_but_code_stays_code() {
        let out =
            context().render("Open https://t.me/x. Or `https://api.example.org/bot\\<token\\>`.");
        assert_eq!(
            out,
            "Open <https://t.me/x>. Or `https://api.example.org/bot<token>`."
        );
    }

    #[test]
    fn stray_brackets_and_angles_are_escaped() {
        let out = context().render("Values \\[1, 2\\] and \\<name\\>; a [lone bracket");
        assert_eq!(out, "Values \\[1, 2\\] and \\<name\\>; a \\[lone bracket");
    }

    #[test]
    fn links_without_a_page_keep_their_text() {
        let out = DocContext::default().render("See [Message](#message) and [faq](/faq).");
        assert_eq!(out, "See Message and faq.");
    }

    #[test]
    fn lists_are_set_apart_from_the_text_around_them() {
        assert_eq!(
            context().render("Limits:\n- one\n- two\nReturns it."),
            "Limits:\n\n- one\n- two\n\nReturns it."
        );
    }

    #[test]
    fn fenced_blocks_are_not_doctests() {
        assert_eq!(context().render("```\nx\n```"), "```text\nx\n```");
    }
}
