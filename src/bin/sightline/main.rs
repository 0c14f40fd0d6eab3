//! `sightline`: the native command line over the same engine as the page
//! (`docs/command-line.md`). Every failure is a one-line message on standard error and exit
//! status 2; nothing panics.

#[cfg(not(target_arch = "wasm32"))]
mod accounts;
#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod bench;
#[cfg(not(target_arch = "wasm32"))]
mod demo;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod inspect;
#[cfg(not(target_arch = "wasm32"))]
mod lens;
#[cfg(not(target_arch = "wasm32"))]
mod matching;
#[cfg(not(target_arch = "wasm32"))]
mod usage;

/// mimalloc rather than glibc's allocator: matching a large company database
/// allocates and frees millions of small records, which glibc's spent half
/// its time coalescing (see Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // `sightline bench match DIR | head`: when the reader goes away, stop
    // as other command-line tools do, not with a panic on the closed pipe
    // (Rust starts programs ignoring SIGPIPE).
    #[cfg(unix)]
    // SAFETY: restoring a signal's default action, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let words: Vec<String> = std::env::args().skip(1).collect();
    if let Err(error) = run(words) {
        eprintln!("sightline: {error}");
        std::process::exit(2);
    }
}

/// The command line is native only; trunk never builds this binary for the page.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage: sightline <command> [options]

commands:
  demo --out DIR [--size small|medium|large] [--seed N]
      write a demo workspace (every dataset kind, with match labels)
  inspect FILE --kind KIND [--json]
      read a file as the page does: encoding, delimiter, mapping, quarantine
      (KIND: accounts, companies, people, seats, activity, signals, opportunities)
  bench ingest [--rows N] [--seed N]
      print ingest throughput on a generated accounts export
  bench load DIR
      read every dataset of a demo workspace; print throughput and memory
  match --accounts FILE --companies FILE [--threshold SCORE] [--review-floor SCORE]
        --out FILE
      match every account to its company; write the match export (below the
      review floor, default 2, an account is unmatched rather than in review)
  enrich --accounts FILE [--companies FILE] --people FILE [--personas FILE.json]
         [--sizing-persona NAME] [--price AMOUNT] [--threshold SCORE] --out FILE
      the account report: every account with its company's data and persona counts
  whitespace --accounts FILE --companies FILE --people FILE [--personas FILE.json]
             [--format plain|salesforce-insert] [--threshold SCORE] --out FILE
      the companies no account is matched to
  alerts --accounts FILE [--companies FILE] [--people FILE] [--signals FILE]
         [--as-of YYYY-MM-DD] --out FILE
      the alerts: signals, decision-maker moves, passive signals, newest first
  lens --accounts FILE [--companies FILE] [--people FILE] [--signals FILE]
       [--opportunities FILE] [--as-of YYYY-MM-DD] [--prize lam|learned]
       [--personas FILE.json] [--sizing-persona NAME] [--price AMOUNT]
       --out FILE [--backtest FILE.json]
      the accounts ranked by Temperature, with Size of Prize, tiers and points;
      --backtest: how well the Temperature 90 days before each close told won
      from lost deals (AUC, won rate per tier)
  usage --seats FILE --activity FILE [--range RANGE] [--as-of YYYY-MM-DD]
        [--group NAME]... [--user ID]... [--opportunities FILE] [--tz ZONE]
        [--accounts FILE [--threshold SCORE]]
        [--purchased-seats N] --out FILE [--summary FILE.json]
      the usage report: one row per seat; --summary writes the team figures;
      --accounts places deals that name their company instead of its account id
      (RANGE: last-7, last-30 (default), last-90, last-month, YYYY-MM-DD..YYYY-MM-DD)
  bench usage DIR
      index a demo workspace's activity log; print the time of the first
      build and of a recompute after a range or filter change
  bench match DIR
      match a demo workspace's accounts (or a labelled set laid out as the
      corpus's: crm_accounts.csv, companies.csv, truth.csv); print the time
      and the quality against its labels
  bench unseen [--accounts N] [--companies N] [--seed N] [--out DIR]
      the same on a labelled set from a second generator, never tuned on
      (other habits than the demo's); --out writes it as the corpus lays out

Run `sightline <command> --help` for a command's options.";

#[cfg(not(target_arch = "wasm32"))]
fn run(words: Vec<String>) -> Result<(), String> {
    let Some((command, rest)) = words.split_first() else {
        return Err(format!("no command given\n{USAGE}"));
    };
    let rest = rest.to_vec();
    match command.as_str() {
        "demo" => demo::run(args::Args::parse(rest)?),
        "inspect" => inspect::run(args::Args::parse(rest)?),
        "match" => matching::run(args::Args::parse(rest)?),
        "enrich" => accounts::enrich(args::Args::parse(rest)?),
        "whitespace" => accounts::whitespace_command(args::Args::parse(rest)?),
        "alerts" => lens::alerts_command(args::Args::parse(rest)?),
        "lens" => lens::lens_command(args::Args::parse(rest)?),
        "usage" => usage::run(args::Args::parse(rest)?),
        "bench" => bench::run(args::Args::parse(rest)?),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "-V" | "--version" => {
            println!("sightline {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n{USAGE}")),
    }
}
