//! `cargo xtask`: the developer commands. A thin layer over the `codegen` library:
//! argument parsing, file I/O and exit codes live here, everything else there.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use codegen::apis::{self, PinnedApi};
use codegen::diagnostics::Diagnostics;
use codegen::dialect::Dialect;
use codegen::diff::input::{self, Source};
use codegen::diff::{self, RenderOptions, SpecDiff};
use codegen::extract::KnownFacts;
use codegen::generate::{self, Difference};
use codegen::overrides::Overrides;
use codegen::release::{self, Publish};
use codegen::scrape::Scraped;
use codegen::spec::Spec;
use codegen::{scrape, specfile};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Scrape Bot API pages into specs and generate Rust crates"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scrape one documentation page into a YAML spec.
    Scrape {
        /// The page (HTML or text export).
        page: PathBuf,
        /// Page format; `auto` tells it from the contents.
        #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
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
    /// Regenerate every API from its pinned page, offline.
    Regen {
        /// Only this API (by key: telegram, letgram, potato, gateway).
        #[arg(long)]
        api: Option<String>,
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
        /// built dependencies).
        #[arg(long, default_value = "target/semver-check")]
        work: PathBuf,
        #[arg(long)]
        api: Option<String>,
    },
    /// Generate the Rust crate of every API from its committed spec.
    Codegen {
        /// Only this API (by key: telegram, …).
        #[arg(long)]
        api: Option<String>,
        /// Write nothing; fail if a generated file is out of date.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DialectArg {
    Auto,
    /// core.telegram.org-style HTML (Telegram Bot API, Gateway API).
    Telegram,
    /// Text export with pipe tables (Letgram).
    Letgram,
    /// Text export with flattened tables (Potato).
    Potato,
}

impl DialectArg {
    fn dialect(self) -> Option<Dialect> {
        match self {
            DialectArg::Auto => None,
            DialectArg::Telegram => Some(Dialect::TelegramHtml),
            DialectArg::Letgram => Some(Dialect::LetgramText),
            DialectArg::Potato => Some(Dialect::PotatoText),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `diff` reports errors with status 2, like diff(1): 1 means "differences".
    let failure = match cli.command {
        Command::Diff { .. } | Command::SemverCheck { .. } => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            failure
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Diff {
            old,
            new,
            format,
            descriptions,
            api,
        } => {
            let api = match api {
                Some(key) => {
                    Some(apis::find(&key).with_context(|| format!("no API named `{key}`"))?)
                }
                None => None,
            };
            let spec_diff = load_and_diff(&old, &new, api)?;
            let options = RenderOptions { descriptions };
            let text = match format {
                DiffFormat::Markdown => diff::markdown::render(&spec_diff, options),
                DiffFormat::Json => diff::json::render(&spec_diff, options)?,
            };
            print!("{text}");
            Ok(ExitCode::from(spec_diff.summary.exit_status()))
        }
        Command::SemverCheck {
            old,
            new,
            work,
            api,
        } => {
            let api = match api {
                Some(key) => {
                    Some(apis::find(&key).with_context(|| format!("no API named `{key}`"))?)
                }
                None => None,
            };
            let (spec_diff, old_spec, new_spec) = load_and_diff_specs(&old, &new, api)?;
            std::fs::create_dir_all(&work)
                .with_context(|| format!("cannot create {}", work.display()))?;
            let work = work.canonicalize()?;
            let report = diff::semver_checks::check_specs(&old_spec, &new_spec, &work)?;
            let agreement = diff::semver_checks::agree(&spec_diff, &report);
            print!(
                "{}",
                diff::semver_checks::render(&spec_diff, &report, &agreement)
            );
            Ok(ExitCode::from(u8::from(!agreement.holds())))
        }
        Command::Release {
            api,
            dry_run,
            publish,
        } => {
            let root = workspace_root();
            let pinned = apis::find(&api).with_context(|| format!("no API named `{api}`"))?;
            let target = release::Target::of(&root, pinned);
            if publish {
                let version = release::check_prepared(&target)?;
                eprintln!("publishing {} {version}", target.crate_dir.display());
                release::cargo_publish(&target.crate_dir, Publish::Real)?;
                return Ok(ExitCode::SUCCESS);
            }
            // The committed spec (and crate) must be what the pinned page generates.
            regen(Some(&api), true)?;
            let plan = release::plan(&target, &release::today())?;
            let name = plan.crate_name.as_deref().unwrap_or(&api);
            match plan.release {
                None => eprintln!("{name}: first release, {}", plan.next),
                Some(kind) if !plan.has_changes() => {
                    eprintln!(
                        "{name}: {} (the spec has not changed since {})",
                        kind.describe(),
                        plan.current
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                Some(kind) => eprintln!(
                    "{name}: {} → {}, {}",
                    plan.current,
                    plan.next,
                    kind.describe()
                ),
            }
            print!("{}", plan.entry);
            if plan.repository.is_none() {
                eprintln!(
                    "warning: {name} names no repository (crates.io will show no source link); \
                     set `repository` under [workspace.package] in Cargo.toml and run `cargo xtask regen`"
                );
            }
            if dry_run {
                eprintln!("dry run: nothing written; checking that the crate packages as it is");
            } else {
                for path in release::apply(&target, &plan)? {
                    eprintln!("wrote {}", path.display());
                }
            }
            release::cargo_publish(&target.crate_dir, Publish::DryRun)?;
            if !dry_run {
                eprintln!(
                    "review and commit, then publish with `cargo xtask release {api} --publish`"
                );
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
            let scraped = scrape_page(&page, dialect.dialect(), &known, &overrides)?;
            specfile::save(&output, &scraped.spec)?;
            eprintln!(
                "wrote {} ({} types, {} methods; {})",
                output.display(),
                scraped.spec.types.len(),
                scraped.spec.methods.len(),
                scraped.coverage.summary()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Regen { api, check } => {
            regen(api.as_deref(), check)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Codegen { api, check } => {
            let root = workspace_root();
            let mut stale = Vec::new();
            for api in selected(api.as_deref())? {
                let Some(dir) = api.generated else {
                    eprintln!("{}: no generated crate yet; skipped", api.key);
                    continue;
                };
                let spec = specfile::load(&root.join(api.spec))?;
                stale.extend(codegen_api(&root, dir, api, &spec, check)?);
            }
            if !stale.is_empty() {
                bail!(
                    "out of date:\n  {}\nrun `cargo xtask codegen`",
                    stale.join("\n  ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Scrapes every pinned API (or one), writes its spec and generates its crate; or
/// with `check` fails when a committed spec or crate differs from what its page gives.
fn regen(api: Option<&str>, check: bool) -> Result<()> {
    let root = workspace_root();
    let mut stale = Vec::new();
    let mut failed = Vec::new();
    for api in selected(api)? {
        let scraped = match regen_one(&root, api) {
            Ok(scraped) => scraped,
            Err(error) => {
                eprintln!("error: {error:#}");
                failed.push(api.key);
                continue;
            }
        };
        let spec = &scraped.spec;
        let path = root.join(api.spec);
        let text = specfile::to_yaml(spec)?;
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(api.spec.to_owned());
            }
        } else {
            specfile::write_atomic(&path, text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "{}: {} types, {} methods; {}",
                api.spec,
                spec.types.len(),
                spec.methods.len(),
                scraped.coverage.summary()
            );
        }
        if let Some(dir) = api.generated {
            stale.extend(codegen_api(&root, dir, api, spec, check)?);
        }
    }
    if !failed.is_empty() {
        bail!("failed: {}; nothing written for them", failed.join(", "));
    }
    if !stale.is_empty() {
        bail!(
            "out of date:\n  {}\nrun `cargo xtask regen` and review the diff",
            stale.join("\n  ")
        );
    }
    Ok(())
}

/// Scrapes one pinned API with its overrides, printing its diagnostics.
fn regen_one(root: &Path, api: &PinnedApi) -> Result<Scraped> {
    let (scraped, diags) = api.scrape(root);
    checked(scraped, &diags, api.source)
}

fn selected(key: Option<&str>) -> Result<Vec<&'static PinnedApi>> {
    Ok(match key {
        Some(key) => vec![apis::find(key).with_context(|| format!("no API named `{key}`"))?],
        None => apis::PINNED.iter().collect(),
    })
}

/// Generates one API's crate; in check mode returns what differs instead of writing.
fn codegen_api(
    root: &Path,
    dir: &str,
    api: &PinnedApi,
    spec: &Spec,
    check: bool,
) -> Result<Vec<String>> {
    let files = generate::generate(spec, &api.codegen_settings(root)?)?;
    let crate_dir = root.join(dir);
    let relative = |difference: &Difference| {
        difference
            .to_string()
            .replace(&format!("{}/", root.display()), "")
    };
    if check {
        let differences = generate::compare(&crate_dir, &files)?;
        return Ok(differences.iter().map(relative).collect());
    }
    let changed = generate::write(&crate_dir, &files)
        .with_context(|| format!("writing {}", crate_dir.display()))?;
    eprintln!(
        "{dir}: {} files, {} changed",
        files.files.len(),
        changed.len()
    );
    Ok(Vec::new())
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

/// [`load_and_diff`], keeping both specs.
fn load_and_diff_specs(
    old: &str,
    new: &str,
    api: Option<&PinnedApi>,
) -> Result<(SpecDiff, Spec, Spec)> {
    let here = std::env::current_dir().context("cannot tell the current directory")?;
    let loaded = input::load_pair(
        &Source::parse(old)?,
        &Source::parse(new)?,
        &here,
        &workspace_root(),
        api,
    )?;
    for diags in &loaded.diagnostics {
        report(diags);
    }
    let spec_diff = diff::diff(&loaded.old, &loaded.new)?;
    Ok((spec_diff, loaded.old, loaded.new))
}

/// Loads both sides of a diff (relative to the current directory) and compares them.
fn load_and_diff(old: &str, new: &str, api: Option<&PinnedApi>) -> Result<SpecDiff> {
    Ok(load_and_diff_specs(old, new, api)?.0)
}

fn report(diags: &Diagnostics) {
    for item in diags.items() {
        eprintln!("{item}");
    }
}

/// The workspace `cargo xtask` was run in. `cargo run` sets `CARGO_MANIFEST_DIR` at run
/// time too; that one wins over the compile-time path, because a binary shared through
/// one `CARGO_TARGET_DIR` by two checkouts must act on the one it was run from.
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}
