//! Diff speed: `codegen::diff::diff` of two whole Telegram specs (scraped once, before
//! timing), for consecutive pairs and for the widest one (5.0 → 10.2), and the
//! rendering of the widest diff as Markdown and JSON. The goal is well under 100 ms
//! per diff.

use std::path::PathBuf;

use codegen::diff::{self, RenderOptions};
use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;
use codegen::spec::Spec;
use criterion::{criterion_group, criterion_main, Criterion};

const PAIRS: &[(&str, &str)] = &[("8.3", "9.2"), ("9.2", "10.2"), ("5.0", "10.2")];

fn spec(version: &str) -> Option<Spec> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates = [
        root.join(format!("spec/sources/telegram/botapi-{version}.html")),
        root.join(format!("tests/fixtures/telegram/botapi-{version}.html")),
    ];
    let source = candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())?;
    let (spec, diags) = codegen::scrape::scrape(
        &source,
        "page.html",
        Some(Dialect::TELEGRAM_HTML),
        &KnownFacts::default(),
    );
    spec.filter(|_| !diags.has_errors())
}

fn bench(c: &mut Criterion) {
    for (old, new) in PAIRS {
        let (Some(old_spec), Some(new_spec)) = (spec(old), spec(new)) else {
            eprintln!("skipping {old} → {new}: page not found or not scraped");
            continue;
        };
        let mut group = c.benchmark_group(format!("diff-{old}-{new}"));
        group.bench_function("diff", |b| {
            b.iter(|| {
                diff::diff(
                    std::hint::black_box(&old_spec),
                    std::hint::black_box(&new_spec),
                )
            })
        });
        if (*old, *new) == ("5.0", "10.2") {
            let Ok(spec_diff) = diff::diff(&old_spec, &new_spec) else {
                continue;
            };
            let all = RenderOptions { descriptions: true };
            group.bench_function("markdown", |b| {
                b.iter(|| diff::markdown::render(std::hint::black_box(&spec_diff), all))
            });
            group.bench_function("json", |b| {
                b.iter(|| diff::json::render(std::hint::black_box(&spec_diff), all))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
