//! `cargo xtask`: the developer commands. A thin layer over the `codegen` library:
//! argument parsing, file I/O and exit codes live here, everything else there.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use codegen::diagnostics::{Diagnostics, Report};
use codegen::diff::input::{self, Source};
use codegen::diff::{self, RenderOptions, SpecDiff};
use codegen::pinned;
use codegen::release::{self, Publish};
use codegen::scrape::dialect::Dialect;
use codegen::scrape::extract::KnownFacts;
use codegen::scrape::overrides::Overrides;
use codegen::scrape::Scraped;
use codegen::spec::yaml;
use codegen::spec::Spec;
use codegen::{scrape, workspace};

mod regen;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Scrape Bot API pages into specs and generate Rust crates"
)]
struct Cli {
    /// The checkout to act on; by default the Cargo workspace containing the current
    /// directory (the nearest `Cargo.toml` above it with a `[workspace]` table).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Print every diagnostic: warnings that an override entry answers, each one of
    /// a group with one cause, and beyond the first 50.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scrape one documentation page into a YAML spec.
    Scrape {
        /// The page (HTML or text export).
        page: PathBuf,
        /// Page format (`auto` tells it from the contents), or a dialect's name.
        #[arg(long, default_value = "auto", value_parser = dialect_arg)]
        dialect: DialectArg,
        /// Where to write the spec.
        #[arg(short, long)]
        output: PathBuf,
        /// Link target for generated docs (the page's published address).
        #[arg(long)]
        doc_url: Option<String>,
        /// Corrections to apply (a `spec/overrides/<api>.yaml` file).
        #[arg(long)]
        overrides: Option<PathBuf>,
    },
    /// Regenerate every spec and crate: each pinned API from its page, offline, and the
    /// golden crates of `tests/golden/`.
    Regen {
        /// Only this API (by key: telegram, letgram, potato, gateway, tdlib); no golden
        /// crate.
        #[arg(long)]
        api: Option<String>,
        /// Only the crates, from the committed specs, without reading the pages: what
        /// the generator makes of a spec edited by hand (the next full run rewrites it
        /// from its page).
        #[arg(long)]
        crates_only: bool,
        /// Write nothing; fail if a committed file is out of date.
        #[arg(long)]
        check: bool,
    },
    /// What changed between two versions of an API, and what it does to the generated
    /// crate. Each side is a spec (`.yaml`), a documentation page (scraped on the fly)
    /// or `git:<rev>:<path>`. Exit status: 0 no API change (documentation at most),
    /// 1 API changes, 2 error.
    Diff {
        old: String,
        new: String,
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// List description and detail changes (otherwise only counted).
        #[arg(long)]
        descriptions: bool,
        /// Scrape pages as this pinned API does (its overrides and known facts); by
        /// default told from the page's path or the other side's `doc_url`.
        #[arg(long)]
        api: Option<String>,
    },
    /// Prepares a release of a generated crate: next version from the diff against
    /// `spec/released/<api>.yaml`, a CHANGELOG.md entry, the version in Cargo.toml,
    /// the spec recorded as released; then `cargo publish --dry-run`.
    Release {
        /// The API (by key: telegram, …).
        api: String,
        /// Compute and show the release, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Publish a release prepared and committed before, for real.
        #[arg(long, conflicts_with = "dry_run")]
        publish: bool,
    },
    /// Checks the diff's verdict with cargo-semver-checks: generates both sides as
    /// crates (under `--work`), runs `cargo semver-checks` on them and compares its
    /// findings with the diff's breaking changes. Exit status: 0 they agree, 1 they
    /// disagree, 2 error.
    SemverCheck {
        old: String,
        new: String,
        /// Where to generate the crates and build them (kept, so later runs reuse the
        /// built dependencies); by default `target/semver-check` of the checkout.
        #[arg(long)]
        work: Option<PathBuf>,
        #[arg(long)]
        api: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

/// `--dialect`: `auto`, or one of [`Dialect::ALL`] by name.
#[derive(Clone, Copy)]
struct DialectArg(Option<Dialect>);

fn dialect_arg(name: &str) -> Result<DialectArg, String> {
    if name == "auto" {
        return Ok(DialectArg(None));
    }
    Dialect::from_name(name)
        .map(|d| DialectArg(Some(d)))
        .ok_or_else(|| {
            let known: Vec<_> = (Dialect::ALL.iter())
                .map(|d| format!("`{}`: {}", d.name(), d.front_end().about))
                .collect();
            format!(
                "`{name}` is not a dialect; one of `auto`: told from the contents; {}",
                known.join("; ")
            )
        })
}

/// `--verbose`, for [`report`] (set once, before any command runs).
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn main() -> ExitCode {
    let cli = Cli::parse();
    VERBOSE.store(cli.verbose, std::sync::atomic::Ordering::Relaxed);
    // `diff` reports errors with status 2, like diff(1): 1 means "differences".
    let failure = match cli.command {
        Command::Diff { .. } | Command::SemverCheck { .. } => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            note!("error: {error:#}");
            failure
        }
    }
}

/// A line on standard error. Unlike `eprintln!`, never panics: with stderr closed
/// (`2>&1 | head`) the message is lost, and the command goes on to its own exit status.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
use note;

/// Writes `text` to standard output. A closed pipe (`xtask diff … | head`) is not an
/// error: the reader wanted no more, so the output stops there and the command keeps
/// its own exit status. Any other failure to write is an error.
fn print_out(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let root = cli.root.as_deref();
    match cli.command {
        Command::Diff {
            old,
            new,
            format,
            descriptions,
            api,
        } => {
            let Diffed {
                diff: spec_diff,
                versions,
                ..
            } = load_and_diff(root, &old, &new, api.as_deref())?;
            let options = RenderOptions { descriptions };
            let versions = versions.as_ref();
            let text = match format {
                DiffFormat::Markdown => diff::markdown::render_for(&spec_diff, options, versions),
                DiffFormat::Json => diff::json::render_for(&spec_diff, options, versions)?,
            };
            print_out(&text)?;
            Ok(ExitCode::from(spec_diff.summary.exit_status()))
        }
        Command::SemverCheck {
            old,
            new,
            work,
            api,
        } => {
            let diffed = load_and_diff(root, &old, &new, api.as_deref())?;
            let work = match work {
                Some(work) => work,
                None => workspace_root(root)?.join("target/semver-check"),
            };
            std::fs::create_dir_all(&work)
                .with_context(|| format!("cannot create {}", work.display()))?;
            let work = work.canonicalize()?;
            let report = diff::semver_checks::check_specs(&diffed.old, &diffed.new, &work)?;
            let agreement = diff::semver_checks::agree(&diffed.diff, &report);
            print_out(&diff::semver_checks::render(
                &diffed.diff,
                &report,
                &agreement,
            ))?;
            Ok(ExitCode::from(u8::from(!agreement.holds())))
        }
        Command::Release {
            api,
            dry_run,
            publish,
        } => {
            let root = workspace_root(root)?;
            let pinned = pinned::find(&api).with_context(|| format!("no API named `{api}`"))?;
            let target = release::Target::of(&root, pinned);
            if publish {
                let version = release::check_prepared(&target)?;
                note!("publishing {} {version}", target.crate_dir.display());
                release::cargo_publish(&target.crate_dir, Publish::Real)?;
                return Ok(ExitCode::SUCCESS);
            }
            if !dry_run {
                regen::recover(&root)?;
            }
            // The committed spec (and crate) must be what the pinned page generates.
            let scope = regen::Scope {
                api: Some(&api),
                crates_only: false,
            };
            regen::regen(&root, &scope, true)?;
            let plan = release::plan(&target, &release::today())?;
            let name = plan.crate_name.as_deref().unwrap_or(&api);
            match plan.release {
                None => note!("{name}: first release, {}", plan.next),
                Some(kind) if !plan.has_changes() => {
                    note!(
                        "{name}: {} (the spec has not changed since {})",
                        kind.describe(),
                        plan.current
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                Some(kind) => note!("{name}: {} → {}, {}", plan.current, plan.next, kind.noun()),
            }
            print_out(&plan.entry)?;
            let target_dir = std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| root.join("target"), PathBuf::from);
            cross_check(&target, &plan, &target_dir)?;
            if plan.repository.is_none() {
                note!(
                    "warning: {name} names no repository (crates.io will show no source link); \
                     set `repository` under [workspace.package] in Cargo.toml and run `cargo xtask regen`"
                );
            }
            if dry_run {
                for (path, _) in release::writes(&target, &plan)? {
                    note!("would write {}", relative_to(&root, &path));
                }
                note!(
                    "dry run: nothing written; packaging a copy of the crate at {}",
                    plan.next
                );
                release::package_planned(&target, &plan, &target_dir)?;
            } else {
                for path in release::apply(&target, &plan)? {
                    note!("wrote {}", relative_to(&root, &path));
                }
                release::cargo_publish(&target.crate_dir, Publish::DryRun)?;
                note!("review and commit, then publish with `cargo xtask release {api} --publish`");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Scrape {
            page,
            dialect,
            output,
            doc_url,
            overrides,
        } => {
            let known = KnownFacts {
                doc_url,
                ..KnownFacts::default()
            };
            let overrides = match overrides {
                Some(path) => Overrides::load(&path)?,
                None => Overrides::default(),
            };
            let scraped = scrape_page(&page, dialect.0, &known, &overrides)?;
            yaml::save(&output, &scraped.spec)?;
            note!(
                "wrote {} ({} types, {} methods; {})",
                output.display(),
                scraped.spec.types.len(),
                scraped.spec.methods.len(),
                scraped.accounting.summary()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Regen {
            api,
            crates_only,
            check,
        } => {
            let scope = regen::Scope {
                api: api.as_deref(),
                crates_only,
            };
            regen::regen(&workspace_root(root)?, &scope, check)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Checks the planned release with cargo-semver-checks when it is installed: the
/// released crate against the current one ([`release::cross_check`]). Fails when the
/// tool asks for a bigger bump than planned, or names a broken item the release notes
/// do not.
fn cross_check(target: &release::Target, plan: &release::Plan, target_dir: &Path) -> Result<()> {
    if plan.diff.is_none() || !plan.has_changes() {
        return Ok(());
    }
    if !diff::semver_checks::installed() {
        note!(
            "warning: the bump is not checked by cargo-semver-checks, which is not installed \
             (`cargo install cargo-semver-checks --locked`)"
        );
        return Ok(());
    }
    note!("checking the release against the released crate with cargo-semver-checks…");
    let Some(check) = release::cross_check::run(target, plan, target_dir)? else {
        return Ok(());
    };
    match &check.baseline {
        release::cross_check::Baseline::Released { commit } => {
            note!(
                "baseline: {} at {commit}",
                relative_to(&target.root, &target.crate_dir)
            )
        }
        release::cross_check::Baseline::Regenerated => note!(
            "baseline: the released spec generated by today's generator (no commit has \
             written {}; changes of the generator since the release are not seen)",
            relative_to(&target.root, &target.released_spec)
        ),
    }
    let planned = plan.release.unwrap_or(diff::Release::None);
    if let Some(refusal) = check.refusal(planned) {
        bail!("refusing the release: cargo-semver-checks disagrees with the diff\n{refusal}");
    }
    note!(
        "cargo-semver-checks agrees: it asks for {} release at most; {} breaking changes only the diff sees",
        match check.required {
            diff::Release::Major => "a major",
            diff::Release::Minor => "a minor",
            _ => "a patch",
        },
        check.agreement.extra.len()
    );
    Ok(())
}

fn relative_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Reads and scrapes a page, printing its diagnostics; errors fail the command.
fn scrape_page(
    path: &Path,
    dialect: Option<Dialect>,
    known: &KnownFacts,
    overrides: &Overrides,
) -> Result<Scraped> {
    let source =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file = path.display().to_string();
    let (scraped, diags) = scrape::scrape_accounted(&source, &file, dialect, known, overrides);
    checked(scraped, &diags, &file)
}

/// Prints a scrape's diagnostics; errors fail the command and nothing is written.
fn checked(scraped: Option<Scraped>, diags: &Diagnostics, file: &str) -> Result<Scraped> {
    report(diags);
    match scraped {
        Some(scraped) if !diags.has_errors() => Ok(scraped),
        _ => bail!(
            "{file}: {} error(s); nothing written",
            diags.errors().count()
        ),
    }
}

/// A diff with both specs it compares.
struct Diffed {
    diff: SpecDiff,
    versions: Option<diff::CrateVersions>,
    old: Spec,
    new: Spec,
}

/// Loads both sides of a diff (relative to the current directory) and compares them;
/// with the versions of the generated crate a release of the changes makes, when that
/// can be told ([`release::crate_versions`]). The workspace provides the overrides of
/// a pinned API's pages and its crate, so outside of one the current directory stands
/// in for it. `api`: the key of the pinned API whose rules read the pages.
fn load_and_diff(root: Option<&Path>, old: &str, new: &str, api: Option<&str>) -> Result<Diffed> {
    let api = match api {
        Some(key) => Some(pinned::find(key).with_context(|| format!("no API named `{key}`"))?),
        None => None,
    };
    let here = current_dir()?;
    let root = match root {
        Some(_) => workspace_root(root)?,
        None => workspace::find_root(&here).unwrap_or_else(|_| here.clone()),
    };
    let (old, new) = (Source::parse(old)?, Source::parse(new)?);
    for side in [&old, &new] {
        if let Source::File(path) = side {
            let released = pinned::PINNED
                .iter()
                .find(|p| Path::new(&p.released_spec()) == path.as_path());
            if let (Some(api), false) = (released, here.join(path).exists()) {
                bail!(
                    "{}: {} has not been released yet (the first `cargo xtask release {}` \
                     writes this file); `cargo xtask release {} --dry-run` shows what that \
                     release will be, and `cargo xtask diff git:HEAD:{} {}` what changed \
                     since the last commit",
                    path.display(),
                    api.key,
                    api.key,
                    api.key,
                    api.spec,
                    api.spec
                );
            }
        }
    }
    let loaded = input::load_pair(&old, &new, &here, &root, api)?;
    for diags in &loaded.diagnostics {
        report(diags);
    }
    let spec_diff = diff::diff(&loaded.old, &loaded.new)?;
    let versions = match loaded.api {
        Some(api) => {
            release::crate_versions(&release::Target::of(&root, api), &loaded.old, &spec_diff)?
        }
        None => None,
    };
    Ok(Diffed {
        diff: spec_diff,
        versions,
        old: loaded.old,
        new: loaded.new,
    })
}

/// Prints diagnostics: each cause once, answered warnings and those past the limit
/// counted, unless `--verbose` ([`Report`]).
fn report(diags: &Diagnostics) {
    let verbose = VERBOSE.load(std::sync::atomic::Ordering::Relaxed);
    let text = diags.report(Report::new(verbose));
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// The checkout to act on: `--root <DIR>`, else the workspace around the current
/// directory (not the one this binary was built in).
fn workspace_root(explicit: Option<&Path>) -> Result<PathBuf> {
    let here = current_dir()?;
    Ok(match explicit {
        Some(dir) => workspace::check_root(&here.join(dir))?,
        None => workspace::find_root(&here)?,
    })
}

fn current_dir() -> Result<PathBuf> {
    std::env::current_dir().context("cannot tell the current directory")
}
