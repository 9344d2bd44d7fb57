//! One small HTML fragment per page quirk (`tests/fixtures/quirks/telegram/*.html`),
//! scraped as a page; the snapshot holds the diagnostics and the spec. The fragment's
//! first line, an HTML comment, says which quirk it shows.

use codegen::scrape;
use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;
use codegen::spec::yaml;

/// Wraps a fragment in the page shell every Telegram page has, with the request URL
/// sentence that the API facts come from.
fn page(fragment: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><title>Test Bot API</title></head><body>
<div id="dev_page_content">
<p>All queries must be made like this: <code>https://api.example.org/bot&lt;token&gt;/METHOD_NAME</code>.</p>
{fragment}
</div></body></html>"#
    )
}

#[test]
fn telegram_quirks() {
    insta::glob!("fixtures/quirks/telegram/*.html", |path| {
        let fragment = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let (spec, diags) = scrape::scrape(
            &page(&fragment),
            &name,
            Some(Dialect::TELEGRAM_HTML),
            &KnownFacts::default(),
        );
        let expect_errors = name.starts_with("error-");
        assert_eq!(
            diags.has_errors(),
            expect_errors,
            "{name}: errors are expected exactly in error-* fixtures\n{diags}"
        );
        let yaml = yaml::to_yaml(&spec.expect("the dialect is given")).unwrap();
        insta::assert_snapshot!(format!("# diagnostics\n{diags}\n{yaml}"));
    });
}
