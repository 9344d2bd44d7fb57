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
use codegen::generate::{self, Difference};
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
    },
    /// Regenerate every API from its pinned page, offline.
    Regen {
        /// Only this API (by key: telegram, …).
        #[arg(long)]
        api: Option<String>,
        /// Write nothing; fail if a committed file is out of date.
        #[arg(long)]
        check: bool,
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
enum DialectArg {
    Auto,
    Telegram,
}

impl DialectArg {
    fn dialect(self) -> Option<Dialect> {
        match self {
            DialectArg::Auto => None,
            DialectArg::Telegram => Some(Dialect::TelegramHtml),
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
        } => {
            let spec = scrape_page(&page, dialect.dialect(), &KnownFacts { doc_url })?;
            specfile::save(&output, &spec)?;
            eprintln!(
                "wrote {} ({} types, {} methods)",
                output.display(),
                spec.types.len(),
                spec.methods.len()
            );
            Ok(())
        }
        Command::Regen { api, check } => {
            let root = workspace_root();
            let mut stale = Vec::new();
            for api in selected(api.as_deref())? {
                let spec = scrape_page(
                    &root.join(api.source),
                    Some(api.dialect),
                    &api.known_facts(),
                )?;
                let path = root.join(api.spec);
                let text = specfile::to_yaml(&spec)?;
                if check {
                    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                        stale.push(api.spec.to_owned());
                    }
                } else {
                    specfile::write_atomic(&path, text.as_bytes())
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!(
                        "{}: {} types, {} methods",
                        api.spec,
                        spec.types.len(),
                        spec.methods.len()
                    );
                }
                stale.extend(codegen_api(&root, api, &spec, check)?);
            }
            if !stale.is_empty() {
                bail!("out of date: {}; run `cargo xtask regen`", stale.join(", "));
            }
            Ok(())
        }
        Command::Codegen { api, check } => {
            let root = workspace_root();
            let mut stale = Vec::new();
            for api in selected(api.as_deref())? {
                let spec = specfile::load(&root.join(api.spec))?;
                stale.extend(codegen_api(&root, api, &spec, check)?);
            }
            if !stale.is_empty() {
                bail!(
                    "out of date:\n  {}\nrun `cargo xtask codegen`",
                    stale.join("\n  ")
                );
            }
            Ok(())
        }
    }
}

fn selected(key: Option<&str>) -> Result<Vec<&'static PinnedApi>> {
    Ok(match key {
        Some(key) => vec![apis::find(key).with_context(|| format!("no API named `{key}`"))?],
        None => apis::PINNED.iter().collect(),
    })
}

/// Generates one API's crate; in check mode returns what differs instead of writing.
fn codegen_api(root: &Path, api: &PinnedApi, spec: &Spec, check: bool) -> Result<Vec<String>> {
    let files = generate::generate(spec, &api.codegen_settings())?;
    let dir = root.join(api.generated);
    let relative = |difference: &Difference| {
        difference
            .to_string()
            .replace(&format!("{}/", root.display()), "")
    };
    if check {
        let differences = generate::compare(&dir, &files)?;
        return Ok(differences.iter().map(relative).collect());
    }
    let changed =
        generate::write(&dir, &files).with_context(|| format!("writing {}", dir.display()))?;
    eprintln!(
        "{}: {} files, {} changed",
        api.generated,
        files.files.len(),
        changed.len()
    );
    Ok(Vec::new())
}

/// Reads and scrapes a page, printing its diagnostics; errors fail the command.
fn scrape_page(path: &Path, dialect: Option<Dialect>, known: &KnownFacts) -> Result<Spec> {
    let source =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (spec, diags) = scrape::scrape(&source, &path.display().to_string(), dialect, known);
    report(&diags);
    match spec {
        Some(spec) if !diags.has_errors() => Ok(spec),
        _ => bail!(
            "{}: {} error(s); nothing written",
            path.display(),
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
