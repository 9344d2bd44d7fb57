//! One call from a page's text to a checked spec.

use crate::analyze::analyze;
use crate::diagnostics::Diagnostics;
use crate::dialect::Dialect;
use crate::extract::{extract, KnownFacts};
use crate::spec::Spec;

/// Scrapes a page. `file` names the page in diagnostics; `dialect` is detected from the
/// contents when `None`. The spec is `None` only when the dialect cannot be told.
pub fn scrape(
    source: &str,
    file: &str,
    dialect: Option<Dialect>,
    known: &KnownFacts,
) -> (Option<Spec>, Diagnostics) {
    let mut diags = Diagnostics::new(file);
    let Some(dialect) = dialect.or_else(|| Dialect::detect(source)) else {
        let names: Vec<_> = Dialect::ALL.iter().map(|d| d.name()).collect();
        diags.error(
            "",
            format!(
                "cannot tell the page's format; pass --dialect (one of: {})",
                names.join(", ")
            ),
        );
        return (None, diags);
    };
    let page = dialect.read(source, &mut diags);
    let mut spec = extract(&page, known, &mut diags);
    analyze(&mut spec, &mut diags);
    (Some(spec), diags)
}
