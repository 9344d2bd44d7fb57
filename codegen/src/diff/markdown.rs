//! The diff as a release note in Markdown.
//!
//! Layout: a title naming both versions, a one-paragraph verdict (counts and the
//! release it calls for), then one section per impact (breaking, compatible,
//! documentation), each with "API", "Types" and "Methods" groups. An item is one
//! bullet; its own changes (new, removed, renamed) follow its name, changes to its
//! fields and parameters are nested bullets. Breaking changes say why they break.
//! Description and detail changes are only counted unless
//! [`RenderOptions::descriptions`] asks for them; then each shows a word diff.

use std::fmt::Write;

use similar::{ChangeTag, TextDiff};

use crate::diff::model::{
    Change, ChangeKind, Impact, ItemKind, MemberKind, Release, SideInfo, SpecDiff,
};
use crate::diff::RenderOptions;

/// Words of unchanged text kept around each change in a description's word diff.
const CONTEXT_WORDS: usize = 4;

/// Renders the release note; ends with a newline.
pub fn render(diff: &SpecDiff, options: RenderOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", title(&diff.old, &diff.new));
    out.push_str(&verdict(diff));
    out.push_str(&sections(diff, options, 2));
    if !options.descriptions && diff.changes.iter().any(|c| c.kind.is_description()) {
        out.push_str("Pass `--descriptions` to list them.\n");
    }
    out
}

/// The sections of the note (one per impact, then API/Types/Methods groups), with
/// headings starting at `level` (2: `##`). Used as they are in changelog entries.
pub fn sections(diff: &SpecDiff, options: RenderOptions, level: usize) -> String {
    let mut out = String::new();
    let (h1, h2) = ("#".repeat(level), "#".repeat(level + 1));
    let folded = diff
        .changes
        .iter()
        .filter(|c| c.kind.is_description())
        .count();
    for impact in Impact::ALL {
        let shown: Vec<&Change> = diff
            .changes
            .iter()
            .filter(|c| c.impact == impact && (options.descriptions || !c.kind.is_description()))
            .collect();
        let mention_folded = impact == Impact::Docs && !options.descriptions && folded > 0;
        if shown.is_empty() && !mention_folded {
            continue;
        }
        let _ = writeln!(out, "\n{h1} {}", section_title(impact));
        for kind in [ItemKind::Api, ItemKind::Type, ItemKind::Method] {
            let group: Vec<&Change> = shown
                .iter()
                .copied()
                .filter(|c| c.location.item_kind == kind)
                .collect();
            if !group.is_empty() {
                let _ = writeln!(out, "\n{h2} {}\n", group_title(kind));
                render_group(&group, impact, &mut out);
            }
        }
        if mention_folded {
            let _ = writeln!(
                out,
                "\n{} in descriptions and details (defaults, ranges, lengths) not listed.",
                plural(folded, "change", "changes")
            );
        }
    }
    out
}

/// "Telegram Bot API 9.2 → 10.2", or both names in full when they differ.
fn title(old: &SideInfo, new: &SideInfo) -> String {
    if old.name == new.name {
        let version = |v: &Option<String>| v.clone().unwrap_or_else(|| "(no version)".to_owned());
        format!(
            "{} {} → {}",
            new.name,
            version(&old.version),
            version(&new.version)
        )
    } else {
        format!("{} → {}", side(old), side(new))
    }
}

fn side(info: &SideInfo) -> String {
    match &info.version {
        Some(version) => format!("{} {version}", info.name),
        None => info.name.clone(),
    }
}

/// One paragraph: the worst kind of change, the counts and the release they call for.
pub fn verdict(diff: &SpecDiff) -> String {
    let s = &diff.summary;
    let headline = match s.release {
        Release::None => return "No changes.\n".to_owned(),
        Release::Patch => "**Documentation only**",
        Release::Minor => "**Compatible**",
        Release::Major => "**Breaking**",
    };
    format!(
        "{headline}: {} breaking, {} compatible and {} documentation-only {}. \
         The generated crate needs {}.\n",
        s.breaking,
        s.compatible,
        s.docs,
        if s.docs == 1 { "change" } else { "changes" },
        s.release.describe()
    )
}

fn section_title(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "Breaking changes",
        Impact::Compatible => "Compatible changes",
        Impact::Docs => "Documentation",
    }
}

fn group_title(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Api => "API",
        ItemKind::Type => "Types",
        ItemKind::Method => "Methods",
    }
}

/// One bullet per item, the item's own changes on its line, member changes nested.
fn render_group(changes: &[&Change], impact: Impact, out: &mut String) {
    let mut rest = changes;
    while let Some(first) = rest.first() {
        let item = &first.location.item;
        let len = rest.iter().take_while(|c| &c.location.item == item).count();
        let (own, members): (Vec<&Change>, Vec<&Change>) = rest[..len]
            .iter()
            .partition(|c| c.location.member.is_none());
        rest = &rest[len..];
        if first.location.item_kind == ItemKind::Api {
            for change in own {
                let _ = writeln!(out, "- `{item}`: {}", phrase(change, impact));
            }
            continue;
        }
        let own: Vec<String> = own.iter().map(|c| phrase(c, impact)).collect();
        if own.is_empty() {
            let _ = writeln!(out, "- **`{item}`**");
        } else {
            let _ = writeln!(out, "- **`{item}`**: {}", own.join("; "));
        }
        for change in members {
            let _ = writeln!(out, "  - {}", phrase(change, impact));
        }
    }
}

/// One change in words, without its item's name (the bullet it sits in has it).
fn phrase(change: &Change, impact: Impact) -> String {
    use ChangeKind as K;
    let member = match (&change.location.member_kind, &change.location.member) {
        (Some(MemberKind::Field), Some(name)) => format!("field `{name}`"),
        (Some(MemberKind::Param), Some(name)) => format!("parameter `{name}`"),
        (Some(MemberKind::Value), Some(name)) => format!("value `{name}`"),
        _ => String::new(),
    };
    // "field `x`: " before a change inside an item; nothing for the item itself.
    let at = if member.is_empty() {
        String::new()
    } else {
        format!("{member}: ")
    };
    let member_word = match change.location.member_kind {
        Some(MemberKind::Param) => "parameter",
        Some(MemberKind::Value) => "value",
        _ => "field",
    };
    let item_word = match change.location.item_kind {
        ItemKind::Method => "method",
        _ => "type",
    };
    let text = match &change.kind {
        K::Added { summary } => format!("new {item_word}, {summary}"),
        K::Removed { summary } => format!("removed (was: {summary})"),
        K::Renamed { from, evidence } => format!("renamed from `{from}` ({evidence})"),
        K::ShapeChanged { old, new } => format!("changed from {} to {}", old.name(), new.name()),
        K::MemberAdded { member: m } => format!(
            "new {} {member}: `{}`",
            if m.required { "required" } else { "optional" },
            m.ty
        ),
        K::MemberRemoved { member: m } => format!(
            "{member} removed (was `{}`, {})",
            m.ty,
            if m.required { "required" } else { "optional" }
        ),
        K::MemberRenamed { from, evidence } => {
            format!(
                "{member_word} `{from}` renamed to `{}` ({evidence})",
                name(change)
            )
        }
        K::TypeChanged { old, new } => format!("{member}: type `{old}` → `{new}`"),
        K::AttachmentChanged { new: true, .. } => {
            format!("{member} may now be a file uploaded with the request (`attach://…`)")
        }
        K::AttachmentChanged { new: false, .. } => {
            format!("{member} is no longer a file uploaded with the request")
        }
        K::RequiredChanged { new: true, .. } => format!("{member} is now required"),
        K::RequiredChanged { new: false, .. } => format!("{member} is now optional"),
        K::EnumIntroduced { values } => format!("{member} now takes one of {}", code_list(values)),
        K::EnumDropped { values } => format!("{member} no longer limited to {}", code_list(values)),
        K::EnumValueAdded { value } => format!("{at}new value `{value}`"),
        K::EnumValueRemoved { value } => format!("{at}value `{value}` removed"),
        K::ConstChanged { old, new } => {
            format!("{at}constant {} → {}", optional(old), optional(new))
        }
        K::VariantAdded { variant } => format!("new variant `{variant}`"),
        K::VariantRemoved { variant } => format!("variant `{variant}` removed"),
        K::DiscriminatorChanged { old, new } => {
            format!("tag field {} → {}", optional(old), optional(new))
        }
        K::ReturnsChanged { old, new } => format!("returns `{new}` instead of `{old}`"),
        K::HttpMethodChanged { old, new } => format!(
            "HTTP method {} → {}",
            old.as_deref()
                .map_or("default".to_owned(), |m| format!("`{m}`")),
            new.as_deref()
                .map_or("default".to_owned(), |m| format!("`{m}`"))
        ),
        K::FactChanged { old, new } => format!("{} → {}", optional(old), optional(new)),
        K::DetailChanged { detail, old, new } => format!(
            "{at}{} {} → {}",
            detail.name(),
            optional(old),
            optional(new)
        ),
        K::NoSpecChange => format!(
            "{at}unchanged in the spec, yet its generated Rust changes \
             (it follows from changes elsewhere, or from the generator): {}",
            change.reason
        ),
        K::DescriptionChanged { old, new } => {
            let at = if member.is_empty() {
                "description".to_owned()
            } else {
                format!("{member}, description")
            };
            format!("{at}: {}", word_diff(old, new))
        }
    };
    if impact == Impact::Breaking && change.kind != K::NoSpecChange {
        format!("{text} — _{}_", change.reason)
    } else {
        text
    }
}

fn name(change: &Change) -> &str {
    change
        .location
        .member
        .as_deref()
        .unwrap_or(&change.location.item)
}

fn optional(value: &Option<String>) -> String {
    match value {
        Some(value) => format!("`{value}`"),
        None => "none".to_owned(),
    }
}

fn code_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The changed words of a description: deletions as `~~…~~`, insertions as `**…**`,
/// unchanged runs cut down to a few words of context.
pub fn word_diff(old: &str, new: &str) -> String {
    let old = old.split_whitespace().collect::<Vec<_>>().join(" ");
    let new = new.split_whitespace().collect::<Vec<_>>().join(" ");
    if old.is_empty() {
        return format!("added “{new}”");
    }
    if new.is_empty() {
        return format!("removed “{old}”");
    }
    let diff = TextDiff::from_words(old.as_str(), new.as_str());
    // Runs of (tag, text), merging neighbours with the same tag.
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match runs.last_mut() {
            Some((tag, run)) if *tag == change.tag() => run.push_str(text),
            _ => runs.push((change.tag(), text.to_owned())),
        }
    }
    let last = runs.len().saturating_sub(1);
    let mut out = String::new();
    for (index, (tag, text)) in runs.iter().enumerate() {
        match tag {
            ChangeTag::Equal => out.push_str(&context(text, index == 0, index == last)),
            ChangeTag::Delete => mark(&mut out, "~~", text),
            ChangeTag::Insert => mark(&mut out, "**", text),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Wraps the words of `text` in a marker, as a word of its own.
fn mark(out: &mut String, marker: &str, text: &str) {
    let trimmed = text.trim();
    if !trimmed.is_empty() {
        let _ = write!(out, " {marker}{trimmed}{marker} ");
    }
}

/// An unchanged run, shortened: the last words before a change, the first words
/// after one, both sides in the middle.
fn context(text: &str, first: bool, last: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 2 * CONTEXT_WORDS + 1 {
        return format!(" {text} ");
    }
    let head = words[..CONTEXT_WORDS].join(" ");
    let tail = words[words.len() - CONTEXT_WORDS..].join(" ");
    match (first, last) {
        (true, true) => format!(" {text} "),
        (true, false) => format!("… {tail} "),
        (false, true) => format!(" {head} …"),
        (false, false) => format!(" {head} … {tail} "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_changes_and_trims_context() {
        assert_eq!(word_diff("a b c", "a x c"), "a ~~b~~ **x** c");
        let long = "one two three four five six seven eight nine ten eleven twelve";
        let changed = long.replace("twelve", "dozen");
        assert_eq!(
            word_diff(long, &changed),
            "… eight nine ten eleven ~~twelve~~ **dozen**"
        );
        assert_eq!(word_diff("", "new"), "added “new”");
        assert_eq!(word_diff("old", ""), "removed “old”");
    }
}
