//! The real pages, damaged or rendered differently in one known way each (the
//! transformation is made here; no copy is committed): a damaged page fails with an
//! error naming the file and the section, or is read with a warning naming what it
//! lost; a page rendered differently reads into the same spec.

use codegen::diagnostics::Diagnostics;
use codegen::pinned::{self, PinnedApi};
use codegen::spec::Spec;
use tests::workspace_root;

fn api(key: &str) -> &'static PinnedApi {
    pinned::find(key).expect("a pinned API")
}

fn pinned_page(key: &str) -> (String, String) {
    let root = workspace_root();
    let page = api(key).page(&root).expect("a pinned page");
    let source = std::fs::read_to_string(root.join(&page)).expect("the page reads");
    (page, source)
}

fn scrape(key: &str, page: &str, source: &str) -> (Option<Spec>, Diagnostics) {
    let (scraped, diags) = api(key).scrape_source(&workspace_root(), page, source);
    (scraped.map(|s| s.spec), diags)
}

/// `source` with the first occurrence of `from` after `after` replaced by `to`.
fn replace_after(source: &str, after: &str, from: &str, to: &str) -> String {
    let start = source.find(after).unwrap_or_else(|| panic!("no `{after}`"));
    let at = start
        + source[start..]
            .find(from)
            .unwrap_or_else(|| panic!("no `{from}` after `{after}`"));
    format!("{}{to}{}", &source[..at], &source[at + from.len()..])
}

/// The heading of OwnedGiftUnique, where most damage is made.
const OWNED_GIFT_UNIQUE: &str = "name=\"ownedgiftunique\"";

/// Scrapes a damaged Telegram page; it must fail, with an error that names the page
/// and `section` and contains `says`.
fn assert_fails(source: &str, section: &str, says: &str) {
    let (page, _) = pinned_page("telegram");
    let (_, diags) = scrape("telegram", &page, source);
    let text = diags.to_string();
    assert!(
        diags
            .errors()
            .any(|e| e.file == page && e.section == section && e.message.contains(says)),
        "expected an error in [{section}] saying `{says}`; got:\n{text}"
    );
}

#[test]
fn the_pinned_pages_read_without_errors() {
    for api in pinned::PINNED {
        let (page, source) = pinned_page(api.key);
        let (spec, diags) = scrape(api.key, &page, &source);
        assert!(spec.is_some() && !diags.has_errors(), "{page}:\n{diags}");
    }
}

#[test]
fn a_nested_table_at_the_end_of_a_cell_fails_naming_the_type() {
    // The end of `owned_gift_id`'s description in OwnedGiftUnique: an HTML parser closes
    // the outer table at the second `</table>`, and the 6 rows after it became loose text.
    let (_, source) = pinned_page("telegram");
    let cell = "business accounts only</td>\n</tr>\n<tr>\n<td>sender_user</td>";
    let damaged = replace_after(
        &source,
        OWNED_GIFT_UNIQUE,
        cell,
        &cell.replacen(
            "</td>",
            "<table><table><tr><td>x</td></tr></table></table></td>",
            1,
        ),
    );
    assert_fails(&damaged, "OwnedGiftUnique", "rows would be lost");
    assert_fails(&damaged, "OwnedGiftUnique", "a table inside a cell");
}

#[test]
fn a_table_nested_in_a_cell_is_an_error_naming_the_row() {
    let (_, source) = pinned_page("telegram");
    let damaged = replace_after(
        &source,
        OWNED_GIFT_UNIQUE,
        "<td>Date the gift was sent in Unix time</td>",
        "<td>Date the gift was sent in Unix time<table><tr><td>x</td></tr></table></td>",
    );
    assert_fails(
        &damaged,
        "OwnedGiftUnique",
        "row `send_date`: a table inside a cell",
    );
}

#[test]
fn swapped_name_and_description_cells_fail_naming_the_row() {
    let (_, source) = pinned_page("telegram");
    let row = "<td>can_join_groups</td>\n<td>Boolean</td>\n<td><em>Optional</em>. <em>True</em>, if the bot can be invited to groups. Returned only in <a href=\"#getme\">getMe</a>.</td>";
    let swapped = "<td><em>Optional</em>. <em>True</em>, if the bot can be invited to groups. Returned only in <a href=\"#getme\">getMe</a>.</td>\n<td>Boolean</td>\n<td>can_join_groups</td>";
    let damaged = replace_after(&source, "name=\"user\"", row, swapped);
    assert_fails(&damaged, "User", "field `Optional. True, if the bot");
}

#[test]
fn a_name_outside_the_grammar_fails_naming_the_row() {
    let (_, source) = pinned_page("telegram");
    let damaged = replace_after(
        &source,
        "name=\"chatadministratorrights\"",
        "<td>can_manage_topics</td>",
        "<td>can-manage-topics</td>",
    );
    assert_fails(&damaged, "ChatAdministratorRights", "`can-manage-topics`");
}

#[test]
fn rows_with_a_cell_too_many_or_too_few_fail() {
    let (_, source) = pinned_page("telegram");
    let extra = replace_after(
        &source,
        OWNED_GIFT_UNIQUE,
        "<td>Date the gift was sent in Unix time</td>",
        "<td>Date the gift was sent in Unix time</td><td>more</td>",
    );
    assert_fails(&extra, "OwnedGiftUnique", "has 4 cells; the header has 3");
    let missing = replace_after(
        &source,
        OWNED_GIFT_UNIQUE,
        "<td>send_date</td>\n<td>Integer</td>",
        "",
    );
    assert_fails(&missing, "OwnedGiftUnique", "has 1 cells; the header has 3");
}

#[test]
fn text_between_rows_fails() {
    let (_, source) = pinned_page("telegram");
    let damaged = replace_after(
        &source,
        OWNED_GIFT_UNIQUE,
        "<tr>\n<td>send_date</td>",
        "lost words <tr>\n<td>send_date</td>",
    );
    assert_fails(&damaged, "OwnedGiftUnique", "outside any cell");
}

#[test]
fn a_table_that_ends_early_fails() {
    let (_, source) = pinned_page("telegram");
    // Rows after a stray `</table>` are loose text to an HTML parser.
    let damaged = replace_after(
        &source,
        OWNED_GIFT_UNIQUE,
        "<tr>\n<td>send_date</td>",
        "</table><tr>\n<td>send_date</td>",
    );
    assert_fails(&damaged, "OwnedGiftUnique", "ends early");
}

/// A page rendered another way.
type Transform = dyn Fn(&str) -> String;

/// The pinned HTML pages rendered differently: each transformation keeps the content
/// and changes only typography or markup, and the spec must not change (quotes in
/// descriptions aside: a page with straight quotes describes with straight quotes).
#[test]
fn typography_and_markup_do_not_change_the_spec() {
    let straight_quotes = |s: &str| {
        // In text only: the pages have no curly quotes inside tags.
        s.replace(['“', '”'], "&quot;").replace(['‘', '’'], "&#39;")
    };
    let apostrophes = |s: &str| s.replace("&#39;", "'");
    let anchor_ids = |s: &str| {
        let re = regex::Regex::new(r#"<a class="anchor" name="([^"]*)""#).unwrap();
        re.replace_all(s, r#"<a id="$1" class="anchor" name="$1""#)
            .into_owned()
    };
    let attributes_reversed = |s: &str| {
        let tag = regex::Regex::new(r#"<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+="[^"]*")+)\s*>"#)
            .unwrap();
        let attribute = regex::Regex::new(r#"[a-zA-Z-]+="[^"]*""#).unwrap();
        tag.replace_all(s, |c: &regex::Captures<'_>| {
            let mut attributes: Vec<&str> =
                attribute.find_iter(&c[2]).map(|m| m.as_str()).collect();
            attributes.reverse();
            // Single quotes around values, as some renderers write them.
            let attributes: Vec<String> = attributes
                .iter()
                .map(|a| match a.split_once("=\"") {
                    Some((name, value)) if !value.contains('\'') => {
                        format!("{name}='{}'", value.trim_end_matches('"'))
                    }
                    _ => (*a).to_owned(),
                })
                .collect();
            format!("<{} {}>", &c[1], attributes.join(" "))
        })
        .into_owned()
    };
    let other_tags = |s: &str| {
        s.replace("<em>", "<i>")
            .replace("</em>", "</i>")
            .replace("<strong>", "<b>")
            .replace("</strong>", "</b>")
            .replace("<br>", "<br/>")
    };
    let rows_on_one_line = |s: &str| s.replace(">\n<t", "><t").replace(">\n</t", "></t");
    // Sentences end with a full stop and a no-break space, or a line break.
    let full_stops = |s: &str| {
        let stop = regex::Regex::new(r"\. ([A-Z])").unwrap();
        let mut index = 0;
        stop.replace_all(s, |c: &regex::Captures<'_>| {
            index += 1;
            let space = if index % 2 == 0 { "&nbsp;" } else { "\n" };
            format!(".{space}{}", &c[1])
        })
        .into_owned()
    };
    let transforms: [(&str, &Transform); 7] = [
        ("straight quotes", &straight_quotes),
        ("apostrophes not escaped", &apostrophes),
        ("id on every anchor", &anchor_ids),
        (
            "attributes reversed and single-quoted",
            &attributes_reversed,
        ),
        ("<i>, <b>, <br/>", &other_tags),
        ("table rows on one line", &rows_on_one_line),
        (
            "full stops followed by no-break spaces or line breaks",
            &full_stops,
        ),
    ];
    let normalise = |yaml: String| {
        (yaml.replace(['“', '”'], "\"").replace(['‘', '’'], "'")).replace(['\u{a0}'], " ")
    };
    for key in ["telegram", "gateway"] {
        let (page, source) = pinned_page(key);
        let (clean, diags) = scrape(key, &page, &source);
        assert!(!diags.has_errors(), "{diags}");
        let clean = normalise(codegen::spec::yaml::to_yaml(&clean.unwrap()).unwrap());
        for (name, transform) in transforms {
            let changed = transform(&source);
            if changed == source {
                // The Gateway page has no curly quotes.
                assert_ne!(key, "telegram", "{name} changes nothing");
                continue;
            }
            let (spec, diags) = scrape(key, &page, &changed);
            assert!(!diags.has_errors(), "{key}, {name}:\n{diags}");
            let yaml = normalise(codegen::spec::yaml::to_yaml(&spec.unwrap()).unwrap());
            if yaml != clean {
                let first = (clean.lines().zip(yaml.lines()))
                    .enumerate()
                    .find(|(_, (a, b))| a != b)
                    .map(|(i, (a, b))| format!("line {}:\n- {a}\n+ {b}", i + 1));
                panic!("{key}, {name}: the spec differs, first at {first:?}");
            }
        }
    }
}

/// Scrapes a damaged copy of a text export; it must fail with an error that names
/// the page and contains `says`.
fn assert_text_fails(key: &str, source: &str, says: &str) {
    let (page, _) = pinned_page(key);
    let (_, diags) = scrape(key, &page, source);
    assert!(
        diags
            .errors()
            .any(|e| e.file == page && e.message.contains(says)),
        "{key}: expected an error saying `{says}`; got:\n{diags}"
    );
}

/// `source` up to the end of the first line that starts with `line` (that line kept
/// when `keep`), or to `cut` bytes into it.
fn cut_at(source: &str, line: &str, keep: usize) -> String {
    let at = source
        .find(&format!("\n{line}"))
        .unwrap_or_else(|| panic!("no line `{line}`"))
        + 1;
    source[..at + keep].to_owned()
}

#[test]
fn a_letgram_export_cut_anywhere_fails() {
    let (_, source) = pinned_page("letgram");
    // At 50 line breaks spread over the page: each cut loses the footer.
    let breaks: Vec<usize> = source.match_indices('\n').map(|(at, _)| at).collect();
    for index in (0..50).map(|i| i * breaks.len() / 50) {
        let cut = &source[..breaks[index]];
        assert_text_fails("letgram", cut, "the export ends early");
    }
    // In a row's last cell: the row has no closing `|`.
    let row = "| text | String | Yes | Text of the message to be sent";
    let cut = cut_at(&source, row, row.len() - 10);
    assert_text_fails("letgram", &cut, "without its closing `|`");
    // After a table's header and rule.
    let cut = cut_at(&source, "sendMessage\n", 0) + "sendMessage\nUse this.\n| Parameter | Type | Required | Description |\n|---|---|---|---|\n";
    assert_text_fails("letgram", &cut, "a header and no rows");
}

#[test]
fn a_potato_export_cut_where_its_format_shows_it_fails() {
    let (_, source) = pinned_page("potato");
    // After a method's heading.
    let cut = cut_at(&source, "sendTextMessage\n", "sendTextMessage".len());
    assert_text_fails("potato", &cut, "nothing under it");
    // After a parameters label.
    let cut = cut_at(&source, "Request Parameter\nParameter Required Type Description\nchat_type Yes ChatType Type for the target chat\nchat_id Yes Integer Unique identifier for the target chat\ntext", "Request Parameter".len());
    assert_text_fails("potato", &cut, "`Request Parameter` has nothing under it");
    // After a table's header.
    let cut = cut_at(
        &source,
        "Parameter Required Type Description\nchat_type Yes ChatType Type for the target chat\nchat_id Yes Integer Unique identifier for the target chat\ntext",
        "Parameter Required Type Description".len(),
    );
    assert_text_fails("potato", &cut, "a header and no rows");
    // Inside a JSON example.
    let cut = cut_at(&source, "  \"chat_type\":1,", 10);
    assert_text_fails("potato", &cut, "inside a JSON example");
}

#[test]
fn a_method_whose_prose_speaks_of_parameters_needs_its_table() {
    // unbanChatMember's description says "use the parameter only_if_banned".
    let (_, source) = pinned_page("telegram");
    let heading = source.find("name=\"unbanchatmember\"").expect("the method");
    let start = heading + source[heading..].find("<table").expect("its table");
    let end = start + source[start..].find("</table>").expect("its end") + "</table>".len();
    let damaged = format!("{}{}", &source[..start], &source[end..]);
    assert_fails(
        &damaged,
        "unbanChatMember",
        "no parameters table follows it",
    );
}
