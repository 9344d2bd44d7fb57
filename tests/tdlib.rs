//! TDLib's schema through the pipeline: every constructor, class and function of the
//! pinned `td_api.tl` is in the spec (counted from the text with a regex, independently
//! of the front-end); every optional field rests on a phrase listed in `spec/README.md`
//! or is reported; the older schemas of the diff tests read without errors.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::diff::input::{load_pair, Source};
use codegen::diff::{self, Release, RenderOptions};
use codegen::pinned;
use codegen::scrape::dialect::tdlib_tl::{HEDGE_PHRASES, NULL_PHRASES};
use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;
use codegen::scrape::scrape;
use codegen::spec::Spec;
use regex::Regex;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

/// The schema's items by a line regex: `//@class Name` lines, and declaration lines
/// (`name … = Type;`) after the built-ins' prologue (which ends at the first doc
/// comment), constructors before `---functions---` and functions after it.
#[derive(Debug, Default)]
struct Items {
    classes: Vec<String>,
    constructors: Vec<String>,
    functions: Vec<String>,
}

fn items_in_text(source: &str) -> Items {
    let class = Regex::new(r"^//@class (\w+)").unwrap();
    let declaration = Regex::new(r"^([a-z]\w*)\b[^=]*= [A-Z]\w*;$").unwrap();
    let mut items = Items::default();
    let mut documented = false;
    let mut functions = false;
    for line in source.lines() {
        if line.starts_with("//@") {
            documented = true;
        }
        if line == "---functions---" {
            functions = true;
        }
        if let Some(c) = class.captures(line) {
            items.classes.push(c[1].to_owned());
        } else if let Some(d) = declaration.captures(line).filter(|_| documented) {
            let list = if functions {
                &mut items.functions
            } else {
                &mut items.constructors
            };
            list.push(d[1].to_owned());
        }
    }
    items
}

fn scrape_schema(path: &Path) -> (Spec, codegen::diagnostics::Diagnostics) {
    let source = std::fs::read_to_string(path).unwrap();
    let file = path.file_name().unwrap().to_string_lossy();
    let (spec, diags) = scrape(
        &source,
        &file,
        Some(Dialect::TDLIB_TL),
        &KnownFacts::default(),
    );
    (spec.expect("the dialect is given"), diags)
}

fn pinned() -> (String, Spec, codegen::diagnostics::Diagnostics) {
    let api = pinned::find("tdlib").expect("tdlib is pinned");
    let page = api.page(&root()).unwrap();
    let (scraped, diags) = api.scrape(&root());
    assert!(!diags.has_errors(), "{diags}");
    (page, scraped.expect("a spec").spec, diags)
}

#[test]
fn every_constructor_class_and_function_is_in_the_spec() {
    let (page, spec, _) = pinned();
    assert!(page.ends_with("td_api-1.8.66.tl"), "{page}");
    let source = std::fs::read_to_string(root().join(&page)).unwrap();
    let items = items_in_text(&source);
    // The schema's size, as a reader of the file sees it.
    assert_eq!(items.classes.len(), 211);
    assert!(
        items.constructors.len() > 2000,
        "{}",
        items.constructors.len()
    );
    assert!(items.functions.len() > 900, "{}", items.functions.len());

    let tags: BTreeSet<&str> = spec
        .types
        .iter()
        .flat_map(|t| t.fields())
        .filter(|f| f.name == "@type")
        .filter_map(|f| f.const_value.as_deref())
        .collect();
    for constructor in &items.constructors {
        assert!(
            tags.contains(constructor.as_str()),
            "constructor `{constructor}`"
        );
    }
    for class in &items.classes {
        let ty = spec
            .find_type(class)
            .unwrap_or_else(|| panic!("class `{class}`"));
        assert!(ty.is_union(), "class `{class}` is a union");
    }
    let methods: BTreeSet<&str> = spec.methods.iter().map(|m| m.name.as_str()).collect();
    for function in &items.functions {
        assert!(methods.contains(function.as_str()), "function `{function}`");
    }
    assert_eq!(
        spec.types.len(),
        items.classes.len() + items.constructors.len(),
        "nothing else is a type"
    );
    assert_eq!(spec.methods.len(), items.functions.len());
    // Page order: the functions as the schema lists them.
    let names: Vec<&str> = spec.methods.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, items.functions);
}

/// Every optional field or parameter says it may be null in one of the listed phrases,
/// or is named by a warning; no required one says so.
#[test]
fn optional_fields_rest_on_listed_phrases_or_are_reported() {
    let (_, spec, diags) = pinned();
    let warnings: Vec<String> = diags.warnings().map(|d| d.to_string()).collect();
    let reported = |owner: &str, field: &str| {
        warnings.iter().any(|w| {
            w.contains(&format!("[{owner}]"))
                && w.contains(&format!("`{field}`: taken as optional"))
        })
    };
    let says_null = |text: &str| {
        let text = text.to_ascii_lowercase();
        NULL_PHRASES.iter().any(|p| text.contains(p))
    };
    let mut optional = 0;
    let members = spec
        .types
        .iter()
        .flat_map(|t| {
            let owner = t.anchor.as_deref().unwrap_or(&t.name);
            t.fields().iter().map(move |f| (owner, f))
        })
        .chain(
            spec.methods
                .iter()
                .flat_map(|m| m.params.iter().map(move |p| (m.name.as_str(), p))),
        );
    for (owner, field) in members {
        if field.required {
            // A required list may say its elements may be null: then its type says so.
            assert!(
                !says_null(&field.description) || field.ty.ends_with(" or null"),
                "{owner}.{} is required but says it may be null",
                field.name
            );
        } else {
            optional += 1;
            assert!(
                says_null(&field.description) || reported(owner, &field.name),
                "{owner}.{} is optional without a listed phrase or a report",
                field.name
            );
        }
    }
    assert!(optional > 500, "{optional}");
    // Lists whose elements may be null, against the schema's text read here: a doc
    // clause "<field> may be null" of a field named <field>.
    let null_elements: Vec<String> = spec
        .types
        .iter()
        .flat_map(|t| t.fields().iter().map(move |f| (t, f)))
        .filter(|(_, f)| f.ty.ends_with(" or null"))
        .map(|(t, f)| format!("{}.{}", t.anchor.as_deref().unwrap_or(&t.name), f.name))
        .collect();
    let source =
        std::fs::read_to_string(root().join("spec/sources/tdlib/td_api-1.8.66.tl")).unwrap();
    let field_tag = regex::Regex::new(r"@(\w+) ([^@]*)").unwrap();
    let mut in_text = Vec::new();
    let mut doc = String::new();
    for line in source.lines() {
        if let Some(comment) = line.strip_prefix("//") {
            doc.push_str(comment.trim_start_matches('-'));
            doc.push(' ');
            continue;
        }
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        for tag in field_tag.captures_iter(&doc) {
            let clause = format!("; {} may be null", tag[1].replace('_', " "));
            if tag[2].to_ascii_lowercase().contains(&clause) {
                in_text.push(format!("{name}.{}", &tag[1]));
            }
        }
        doc.clear();
    }
    assert_eq!(null_elements, in_text);
    assert_eq!(null_elements.len(), 2, "{null_elements:?}");
    // Each phrase the front-end relies on is listed in the spec format's docs.
    let readme = std::fs::read_to_string(root().join("spec/README.md")).unwrap();
    for phrase in NULL_PHRASES.iter().chain(HEDGE_PHRASES) {
        assert!(
            readme.contains(&format!("“{phrase}”")),
            "spec/README.md lists “{phrase}”"
        );
    }
}

#[test]
fn older_schemas_read_without_errors() {
    for version in ["1.8.55", "1.8.60", "1.8.65"] {
        let path = root().join(format!("tests/fixtures/tdlib/td_api-{version}.tl"));
        let source = std::fs::read_to_string(&path).unwrap();
        let (spec, diags) = scrape_schema(&path);
        assert!(!diags.has_errors(), "{version}: {diags}");
        assert_eq!(spec.api.version.as_deref(), Some(version));
        let items = items_in_text(&source);
        assert_eq!(
            spec.types.len(),
            items.classes.len() + items.constructors.len(),
            "{version}"
        );
        assert_eq!(spec.methods.len(), items.functions.len(), "{version}");
    }
}

#[test]
fn the_license_is_beside_each_copy_of_the_schemas() {
    // The license of the schemas goes with them, wherever they are copied.
    for dir in ["spec/sources/tdlib", "tests/fixtures/tdlib"] {
        let license = std::fs::read_to_string(root().join(dir).join("LICENSE_1_0.txt")).unwrap();
        assert!(
            license.starts_with("Boost Software License - Version 1.0"),
            "{dir}"
        );
    }
}

/// The release notes of 1.8.65 → 1.8.66: breaking entries checked by hand against the
/// two schemas (the declarations are quoted beside each).
#[test]
fn diff_of_two_schemas_reads_as_release_notes() {
    let loaded = load_pair(
        &Source::File("tests/fixtures/tdlib/td_api-1.8.65.tl".into()),
        &Source::File("spec/sources/tdlib/td_api-1.8.66.tl".into()),
        &root(),
        &root(),
        None,
    )
    .unwrap();
    let spec_diff = diff::diff(&loaded.old, &loaded.new).unwrap();
    assert_eq!(spec_diff.summary.release, Release::Major);
    let notes = diff::markdown::render(&spec_diff, RenderOptions::default());
    assert!(
        notes.starts_with("# TDLib API 1.8.65 → 1.8.66\n"),
        "{notes}"
    );
    let (breaking, compatible) = notes
        .split_once("## Compatible changes")
        .expect("both kinds of change");
    for entry in [
        // botCommand command:string description:string [is_ephemeral:Bool] = BotCommand;
        "- **`BotCommand`**\n  - new required field `is_ephemeral`: `Boolean`",
        // chatJoinResultGuardBotApprovalRequired bot_user_id:int53 url:webAppUrl
        // query_id:int53 → … bot_user_id:int53 query_id:int64
        "  - field `query_id`: type `Integer` → `Int64`",
        "  - field `url` removed (was `WebAppUrl`, required)",
        // giftResalePriceTon toncoin_cent_count:int53 → giftResalePriceGram gram_cent_count:int53
        "- **`GiftResalePriceTon`**: removed",
        // inputMessageVoiceNote voice_note:InputFile duration:int32 waveform:bytes …
        //   → voice_note:inputVoiceNote …
        "  - field `voice_note`: type `InputFile` → `InputVoiceNote`",
        "  - field `waveform` removed (was `Bytes`, required)",
        // getTonWithdrawalUrl → getGramWithdrawalUrl, same parameter
        "- **`getGramWithdrawalUrl`**: renamed from `getTonWithdrawalUrl`",
    ] {
        assert!(breaking.contains(entry), "breaking: {entry}\n{breaking}");
    }
    // New constructors and functions only add.
    for entry in [
        "- **`GiftResalePriceGram`**: new type",
        "- **`sendEphemeralMessage`**: new method, returns `Message`",
    ] {
        assert!(compatible.contains(entry), "compatible: {entry}");
    }
}
