//! The real pages, damaged or rendered differently in one known way each (the
//! transformation is made here; no copy is committed): a damaged page fails with an
//! error naming the file and the section, or is read with a warning naming what it
//! lost; a page rendered differently reads into the same spec.

use codegen::apis::{self, PinnedApi};
use codegen::diagnostics::Diagnostics;
use codegen::spec::Spec;
use tests::workspace_root;

fn api(key: &str) -> &'static PinnedApi {
    apis::find(key).expect("a pinned API")
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
    for api in apis::PINNED {
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
