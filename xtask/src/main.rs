//! `cargo xtask`: the developer commands. A thin layer over the `codegen` library:
//! argument parsing, file I/O and exit codes live here, everything else there.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use codegen::apis::{self, PinnedApi};
use codegen::diagnostics::Diagnostics;
use codegen::dialect::Dialect;
use codegen::extract::KnownFacts;
use codegen::overrides::Overrides;
use codegen::scrape::Scraped;
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
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
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
            Ok(())
        }
        Command::Regen { api, check } => {
            let root = workspace_root();
            let selected: Vec<&PinnedApi> = match &api {
                Some(key) => {
                    vec![apis::find(key).with_context(|| format!("no API named `{key}`"))?]
                }
                None => apis::PINNED.iter().collect(),
            };
            let mut stale = Vec::new();
            let mut failed = Vec::new();
            for api in selected {
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
                        stale.push(api.spec);
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
            }
            if !failed.is_empty() {
                bail!("failed: {}; nothing written for them", failed.join(", "));
            }
            if !stale.is_empty() {
                bail!("out of date: {}; run `cargo xtask regen`", stale.join(", "));
            }
            Ok(())
        }
    }
}

/// Scrapes one pinned API with its overrides, printing its diagnostics.
fn regen_one(root: &Path, api: &PinnedApi) -> Result<Scraped> {
    let (scraped, diags) = api.scrape(root);
    checked(scraped, &diags, api.source)
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

fn report(diags: &Diagnostics) {
    for item in diags.items() {
        eprintln!("{item}");
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}
