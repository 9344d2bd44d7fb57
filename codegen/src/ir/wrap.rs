//! Wrapping rendered docs to a width, without changing what rustdoc renders. A line is
//! only ever split, never joined with the next (a line break may be a hard break of the
//! page's `<br>`), and only at a space that rendering treats as a space:
//! - never inside a code span (`` `a b` ``) or a link's target;
//! - never before a word that would start a block when it begins a line (`- x`, `+`,
//!   `* x`, `# x`, `> x`, `| x`, `1. x`, `=`, `<`, a fence): the word stays on the line
//!   before, which may then be longer than the width;
//! - a list item's continuation lines are indented under its text, so they stay in
//!   the item;
//! - fenced code, tables, headings and indented lines (code or a list's own
//!   continuation, already laid out) are left alone.

/// `text` with its long lines split to at most `width` columns where that is safe.
pub fn wrap_markdown(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut fenced = false;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let is_fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if is_fence {
            fenced = !fenced;
        }
        if fenced || is_fence || line.chars().count() <= width || left_alone(line) {
            out.push_str(line);
            continue;
        }
        wrap_line(line, width, &mut out);
    }
    out
}

/// Lines whose layout is their meaning: tables, headings, indented lines.
fn left_alone(line: &str) -> bool {
    let trimmed = line.trim_start();
    line.starts_with(' ') || trimmed.starts_with('|') || trimmed.starts_with('#')
}

fn wrap_line(line: &str, width: usize, out: &mut String) {
    let indent = " ".repeat(list_marker_width(line));
    let words = words(line);
    let mut column = 0;
    for (n, word) in words.iter().enumerate() {
        let length = word.chars().count();
        if n == 0 {
            out.push_str(word);
            column = length;
        } else if column + 1 + length > width && !starts_block(word) {
            out.push('\n');
            out.push_str(&indent);
            out.push_str(word);
            column = indent.len() + length;
        } else {
            out.push(' ');
            out.push_str(word);
            column += 1 + length;
        }
    }
    // Trailing spaces may be a hard line break.
    out.push_str(&line[line.trim_end_matches(' ').len()..]);
}

/// The width of a list item's marker (`- `, `12. `), 0 for a line that is no item.
fn list_marker_width(line: &str) -> usize {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return 2;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
        digits + 2
    } else {
        0
    }
}

/// A word that starts a block (a list item, a quote, a heading, …) when it begins a
/// line, or that underlines the line before as a heading.
fn starts_block(word: &str) -> bool {
    if ["-", "+", "*", "#", ">", "|", "=", "<", "```", "~~~"]
        .iter()
        .any(|start| word.starts_with(start))
    {
        return true;
    }
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(word[digits..].chars().next(), Some('.' | ')'))
}

/// The line split at spaces outside code spans and link targets; a run of spaces
/// counts as one (they render as one).
fn words(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                start.get_or_insert(i);
                i += 2;
            }
            b'`' => {
                start.get_or_insert(i);
                let ticks = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &line[i..i + ticks];
                // The span runs to the same number of backquotes; unclosed, they are
                // literal.
                i = match line[i + ticks..].find(fence) {
                    Some(at) => i + ticks + at + ticks,
                    None => i + ticks,
                };
            }
            b'(' if i > 0 && bytes[i - 1] == b']' => {
                start.get_or_insert(i);
                i = line[i..].find(')').map_or(bytes.len(), |at| i + at + 1);
            }
            b' ' => {
                if let Some(from) = start.take() {
                    words.push(&line[from..i]);
                }
                i += 1;
            }
            _ => {
                start.get_or_insert(i);
                i += 1;
            }
        }
    }
    if let Some(from) = start {
        words.push(&line[from..]);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_split_at_spaces_short_ones_stay() {
        let text = "one two three four five six";
        assert_eq!(wrap_markdown(text, 13), "one two three\nfour five six");
        assert_eq!(wrap_markdown("short\nlines", 13), "short\nlines");
    }

    #[test]
    fn code_spans_and_link_targets_stay_whole() {
        let text = "see `a b c d` and [the x](https://x.org/a_(b)) now";
        assert_eq!(
            wrap_markdown(text, 8),
            "see\n`a b c d`\nand [the\nx](https://x.org/a_(b))\nnow"
        );
        // An escaped backquote opens no span.
        assert_eq!(wrap_markdown(r"a \` b c \` d", 5), "a \\`\nb c\n\\` d");
    }

    #[test]
    fn no_line_starts_a_block() {
        // "- 10" or "2." at a line's start would make a list item of the rest.
        let text = "costs 5 - 10 stars, up to 2. Then";
        assert_eq!(
            wrap_markdown(text, 7),
            "costs 5 -\n10\nstars,\nup to 2.\nThen"
        );
        assert_eq!(wrap_markdown("a b # c", 3), "a b #\nc");
    }

    #[test]
    fn list_items_continue_under_their_text() {
        assert_eq!(wrap_markdown("- one two three", 8), "- one\n  two\n  three");
        assert_eq!(wrap_markdown("12. one two", 7), "12. one\n    two");
    }

    #[test]
    fn code_blocks_tables_and_headings_are_left_alone() {
        let text =
            "```\nlet a = b + c + d;\n```\n| a long | table |\n# A long heading\n    indented code";
        assert_eq!(wrap_markdown(text, 5), text);
    }

    #[test]
    fn runs_of_spaces_render_as_one_but_a_hard_break_stays() {
        assert_eq!(wrap_markdown("a  b   c", 3), "a b\nc");
        assert_eq!(wrap_markdown("a b c  ", 3), "a b\nc  ");
    }
}
