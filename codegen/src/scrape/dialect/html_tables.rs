//! The tables of an HTML page as its source writes them, to check them against the
//! tables the HTML parser builds.
//!
//! An HTML parser never fails: markup that breaks a table (a nested `<table>` not
//! closed where it should be, a cell outside a row, text between rows) is repaired by
//! moving or dropping it, and a table may end early with its remaining rows turned into
//! loose text. Counting the tags of each table in the source, and comparing with what
//! the parsed document holds, tells such a page from a sound one without knowing how
//! the parser repaired it.

/// One outermost table of the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceTable {
    /// 1-based line of its `<table>` tag.
    pub line: usize,
    /// `<tr>` tags inside it, nested tables' included.
    pub rows: usize,
    /// `<td>` and `<th>` tags inside it, nested tables' included.
    pub cells: usize,
    /// Tables nested inside it.
    pub nested: usize,
    /// The line of the first text or element written between its rows rather than in a
    /// cell, which a parser moves out of the table.
    pub stray: Option<usize>,
    /// The line of the first row or cell tag after its end and before the next table:
    /// the table ended early (a stray `</table>`), and a parser drops those tags.
    pub orphan: Option<usize>,
}

/// The outermost tables of `source`, in order. Tags inside comments and raw-text
/// elements (`script`, `style`, `textarea`, `title`) are not tags; escaped markup
/// (`&lt;table&gt;`) is text.
pub fn scan(source: &str) -> Vec<SourceTable> {
    let bytes = source.as_bytes();
    let mut tables = Vec::new();
    // Per open table: whether a cell is open in it.
    let mut open: Vec<bool> = Vec::new();
    let mut line = 1;
    let mut at = 0;
    // Where text since the last tag started, to count lines and spot stray text.
    let mut text_from = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + offset;
        check_text(&source[text_from..lt], &open, &mut tables, line);
        line += memchr::memchr_iter(b'\n', &bytes[at..lt]).count();
        let rest = &source[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(source.len(), |e| lt + e + 3);
            line += memchr::memchr_iter(b'\n', &bytes[lt..end]).count();
            at = end;
            text_from = end;
            continue;
        }
        let tag = match Tag::parse(rest) {
            Parsed::Tag(tag) => tag,
            // A `<` that opens no tag is text.
            Parsed::Text => {
                at = lt + 1;
                continue;
            }
            // No tag ends after this one either: the rest is text (and the scan stays
            // linear on a page of unclosed `<a`).
            Parsed::Unterminated => break,
        };
        let end = lt + tag.len;
        let tag_line = line;
        line += memchr::memchr_iter(b'\n', &bytes[lt..end]).count();
        at = end;
        text_from = end;
        if !tag.closing && matches!(tag.name.as_str(), "script" | "style" | "textarea" | "title") {
            let skip = closing_tag(&source[end..], &tag.name).map_or(source.len(), |e| end + e);
            line += memchr::memchr_iter(b'\n', &bytes[end..skip]).count();
            at = skip;
            text_from = skip;
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("table", false) => {
                if open.is_empty() {
                    tables.push(SourceTable {
                        line: tag_line,
                        ..SourceTable::default()
                    });
                } else if let Some(table) = tables.last_mut() {
                    table.nested += 1;
                }
                open.push(false);
            }
            ("table", true) => {
                open.pop();
            }
            ("tr" | "td" | "th", false) if open.is_empty() => {
                if let Some(table) = tables.last_mut() {
                    table.orphan.get_or_insert(tag_line);
                }
            }
            _ if open.is_empty() => {}
            ("tr", false) => {
                count(&mut tables, |t| t.rows += 1);
                set_cell(&mut open, false);
            }
            ("td" | "th", false) => {
                count(&mut tables, |t| t.cells += 1);
                set_cell(&mut open, true);
            }
            ("td" | "th" | "tr", true) => set_cell(&mut open, false),
            ("thead" | "tbody" | "tfoot" | "caption" | "colgroup" | "col", _) => {
                set_cell(&mut open, false)
            }
            // Any other element between rows is moved out of the table by a parser.
            (_, false) if open.last() == Some(&false) => {
                if let Some(table) = tables.last_mut() {
                    table.stray.get_or_insert(tag_line);
                }
            }
            _ => {}
        }
    }
    check_text(
        &source[text_from.min(source.len())..],
        &open,
        &mut tables,
        line,
    );
    tables
}

/// Where `</name` starts in `text`, in any case.
fn closing_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"</").find(|&at| {
        let after = &bytes[at + 2..];
        after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
    })
}

fn count(tables: &mut [SourceTable], add: impl FnOnce(&mut SourceTable)) {
    if let Some(table) = tables.last_mut() {
        add(table);
    }
}

fn set_cell(open: &mut [bool], in_cell: bool) {
    if let Some(top) = open.last_mut() {
        *top = in_cell;
    }
}

/// Text inside a table but outside its cells is stray.
fn check_text(text: &str, open: &[bool], tables: &mut [SourceTable], line: usize) {
    if open.last() == Some(&false) && !text.trim_ascii().is_empty() {
        if let Some(table) = tables.last_mut() {
            let leading = text.len() - text.trim_ascii_start().len();
            let line = line + text[..leading].matches('\n').count();
            table.stray.get_or_insert(line);
        }
    }
}

/// A start or end tag.
struct Tag {
    /// Lower-case.
    name: String,
    closing: bool,
    /// Bytes from `<` to `>` included.
    len: usize,
}

enum Parsed {
    Tag(Tag),
    Text,
    /// A tag's start with no `>` after it.
    Unterminated,
}

impl Tag {
    /// The tag at the start of `text` (which starts with `<`), if it is one: `<` or
    /// `</` then a letter. Quoted attribute values may hold `>`.
    fn parse(text: &str) -> Parsed {
        let bytes = text.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let start = if closing { 2 } else { 1 };
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            return Parsed::Text;
        }
        let name_end = start
            + bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        let mut quote = None;
        let mut at = name_end;
        while let Some(&byte) = bytes.get(at) {
            match (quote, byte) {
                (None, b'>') => {
                    return Parsed::Tag(Tag {
                        name: text[start..name_end].to_ascii_lowercase(),
                        closing,
                        len: at + 1,
                    })
                }
                (None, b'"' | b'\'') => quote = Some(byte),
                (Some(q), _) if q == byte => quote = None,
                _ => {}
            }
            at += 1;
        }
        Parsed::Unterminated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_rows_and_cells_of_outermost_tables() {
        let source = "<p>x</p>\n<table><tr><th>a</th></tr>\n<tr><td>1</td><td title='<td>'>2</td></tr></table>\
                      <!-- <table><tr><td> --><pre>&lt;table&gt;</pre>\n<table>\n<tr><td><table><tr><td>n</td></tr></table></td></tr></table>";
        let tables = scan(source);
        assert_eq!(
            tables,
            [
                SourceTable {
                    line: 2,
                    rows: 2,
                    cells: 3,
                    nested: 0,
                    stray: None,
                    orphan: None,
                },
                SourceTable {
                    line: 4,
                    rows: 2,
                    cells: 2,
                    nested: 1,
                    stray: None,
                    orphan: None,
                }
            ]
        );
    }

    #[test]
    fn raw_text_elements_hold_no_tags() {
        let tables = scan("<SCRIPT>x = '<table><tr>';</Script><table><tr><td>a</td></tr></table>");
        assert_eq!((tables.len(), tables[0].rows), (1, 1));
    }

    #[test]
    fn finds_text_and_elements_between_rows() {
        let tables = scan("<table><tr><td>a</td></tr>\nlost <tr><td>b</td></tr></table>");
        assert_eq!(tables[0].stray, Some(2));
        let tables = scan("<table><tr><td>a</td></tr>\n\n<p>x</p><tr><td>b</td></tr></table>");
        assert_eq!(tables[0].stray, Some(3));
        let tables = scan("<table><tr><td>a</td></tr>\n</table>\n<tr><td>b</td></tr></table>");
        assert_eq!((tables[0].stray, tables[0].orphan), (None, Some(3)));
        // Whitespace between rows, and markup inside cells, are not stray.
        let tables = scan("<table>\n <tr><td><em>a</em></td></tr>\n</table> after");
        assert_eq!(tables[0].stray, None);
    }
}
