//! Diagnostics of damaged pages, made by transforming the real pinned pages: each
//! problem is placed at `file:line`, follow-on errors are counted under their cause,
//! and a page with thousands of problems prints a bounded report.

use codegen::diagnostics::{Diagnostics, Report};
use codegen::pinned;
use codegen::scrape;
use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;
use tests::workspace_root;

fn pinned(key: &str) -> (String, String) {
    let root = workspace_root();
    let api = pinned::find(key).unwrap();
    let page = api.page(&root).unwrap();
    (std::fs::read_to_string(root.join(&page)).unwrap(), page)
}

fn scrape(source: &str, dialect: Dialect) -> Diagnostics {
    let (spec, diags) = scrape::scrape(source, "page", Some(dialect), &KnownFacts::default());
    assert!(spec.is_some());
    diags
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(source: &str, needle: &str) -> usize {
    let at = source
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` on the page"));
    source[..at].matches('\n').count() + 1
}

#[test]
fn a_mangled_heading_is_one_error_with_its_line_not_dozens() {
    let (page, _) = pinned("telegram");
    let damaged = page.replacen(">Message</h4>", ">Mess age</h4>", 1);
    assert_ne!(damaged, page);
    let diags = scrape(&damaged, Dialect::TELEGRAM_HTML);
    let undefined: Vec<_> = (diags.errors())
        .filter(|d| d.message.contains("undefined type `Message`"))
        .collect();
    assert!(undefined.len() > 20, "a cascade to group: {diags}");
    let heading = line_of(&damaged, ">Mess age</h4>");
    for error in &undefined {
        assert!(error.location.is_some(), "placed: {error}");
        let cause = error.cause.as_deref().unwrap();
        assert!(
            cause.contains(&format!("`Mess age` (line {heading})")),
            "{cause}"
        );
    }
    let report = diags.report(Report::default());
    let printed = report.matches("undefined type `Message`").count();
    assert_eq!(printed, 1, "{report}");
    let more = format!("… and {} more errors caused by", undefined.len() - 1);
    assert!(report.contains(&more), "{report}");
    // Verbose lists every one.
    let verbose = diags.report(Report::new(true));
    assert_eq!(
        verbose.matches("undefined type `Message`").count(),
        undefined.len()
    );
}

#[test]
fn problems_of_rows_are_placed_on_their_row() {
    // A cell removed from one row of `User`: the row, by its line and column.
    let (page, _) = pinned("telegram");
    let row = "<tr>\n<td>is_bot</td>\n<td>Boolean</td>";
    let damaged = page.replacen(row, "<tr>\n<td>is_bot</td>", 1);
    let diags = scrape(&damaged, Dialect::TELEGRAM_HTML);
    let error = (diags.errors())
        .find(|d| d.section == "User" && d.message.contains("has 2 cells"))
        .unwrap_or_else(|| panic!("{diags}"));
    let location = error.location.unwrap();
    assert_eq!(location.line, line_of(&damaged, "<tr>\n<td>is_bot</td>"));
    assert_eq!(location.column, Some(1));
    assert!(
        error
            .to_string()
            .starts_with(&format!("error: page:{}:1: [User] row", location.line)),
        "{error}"
    );

    // Letgram: a row with a cell too few.
    let (page, _) = pinned("letgram");
    let row = page
        .lines()
        .find(|l| l.starts_with("| chat_id |"))
        .expect("a chat_id row");
    let cells: Vec<&str> = row.split('|').collect();
    let damaged_row = cells[..cells.len() - 2].join("|") + "|";
    let damaged = page.replacen(row, &damaged_row, 1);
    let diags = scrape(&damaged, Dialect::LETGRAM_TEXT);
    let error = (diags.errors())
        .find(|d| d.message.contains("cells; the header has"))
        .unwrap_or_else(|| panic!("{diags}"));
    assert_eq!(
        error.location.map(|l| l.line),
        Some(line_of(&damaged, &damaged_row))
    );
}

#[test]
fn a_page_with_thousands_of_problems_prints_a_bounded_report() {
    // Every `Integer` type cell misspelt: thousands of errors.
    let (page, _) = pinned("telegram");
    let damaged = page.replace("<td>Integer</td>", "<td>Integr</td>");
    let diags = scrape(&damaged, Dialect::TELEGRAM_HTML);
    let errors = diags.errors().count();
    assert!(errors > 100, "{errors}");
    let report = diags.report(Report::default());
    // One cause (`Integr` undefined), printed once: far fewer lines than errors.
    assert!(report.lines().count() <= Report::LIMIT + 2, "{report}");
    assert!(
        report.contains("more errors caused by `Integr` being undefined"),
        "{report}"
    );
    // Every printed problem is placed.
    for line in report.lines().filter(|l| l.starts_with("error: page")) {
        let place = line["error: page:".len()..].split(':').next().unwrap();
        assert!(place.parse::<usize>().is_ok(), "no line: {line}");
    }
}

#[test]
fn the_report_stops_at_its_limit_and_counts_the_rest() {
    // Every row of every table loses a cell: one error each, with no shared cause.
    let (page, _) = pinned("telegram");
    let damaged = page
        .replace("<td>Yes</td>", "")
        .replace("<td>Optional</td>", "");
    let diags = scrape(&damaged, Dialect::TELEGRAM_HTML);
    let errors = diags.errors().count();
    assert!(errors > 2 * Report::LIMIT, "{errors}");
    let report = diags.report(Report::default());
    let shown = report.lines().filter(|l| l.starts_with("error:")).count();
    assert_eq!(shown, Report::LIMIT, "{report}");
    let rest = format!("… and {} more error(s)", errors - Report::LIMIT);
    assert!(report.contains(&rest), "{report}");
}

#[test]
fn the_pinned_pages_give_no_warning_an_override_does_not_answer() {
    let root = workspace_root();
    for api in pinned::PINNED {
        let (_, diags) = api.scrape(&root);
        let report = diags.report(Report::default());
        assert!(
            !report.lines().any(|l| l.starts_with("warning")),
            "{}: {report}",
            api.key
        );
        // Each answered warning is still there, for --verbose.
        for warning in diags.warnings() {
            assert!(warning.answered_by.is_some(), "{warning}");
        }
    }
}
