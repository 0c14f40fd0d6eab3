//! `sightline demo --out DIR [--size small|medium|large] [--seed N]`: writes a
//! demo workspace, one CSV per dataset kind plus the matcher's ground truth.

use crate::args::Args;
use sightline::engine::demo::{default_as_of, Demo, DemoSize, DEMO_FILES, LABELS_FILE};
use std::fs::{self, File};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

pub fn run(mut args: Args) -> Result<(), String> {
    let out = args.required("--out")?;
    let size: DemoSize = args
        .optional("--size")?
        .as_deref()
        .unwrap_or("small")
        .parse()?;
    let seed: u64 = match args.optional("--seed")? {
        Some(seed) => seed
            .parse()
            .map_err(|_| format!("--seed must be a whole number, not '{seed}'"))?,
        None => 1,
    };
    args.finish()?;

    let dir = Path::new(&out);
    fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let demo = Demo::new(size, seed, default_as_of());
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut total_bytes = 0;
    let mut write = |file_name: &str,
                     body: &dyn Fn(&mut BufWriter<File>) -> std::io::Result<u64>|
     -> Result<(), String> {
        let path = dir.join(file_name);
        if progress {
            eprint!("writing {}…\r", path.display());
        }
        let file_started = Instant::now();
        let failed = |error: std::io::Error| format!("cannot write {}: {error}", path.display());
        let file = File::create(&path).map_err(failed)?;
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        let rows = body(&mut writer).map_err(failed)?;
        writer.flush().map_err(failed)?;
        let bytes = fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
        total_bytes += bytes;
        println!(
            "{:<34} {:>11} rows {:>10} bytes {:>7.2} s",
            file_name,
            rows,
            bytes,
            file_started.elapsed().as_secs_f64()
        );
        Ok(())
    };
    for (kind, file_name) in DEMO_FILES {
        write(file_name, &|writer| demo.write(kind, writer))?;
    }
    write(LABELS_FILE, &|writer| demo.write_match_labels(writer))?;
    println!(
        "demo workspace ({size}, seed {seed}, as of {}) in {}: {} bytes in {:.2} s",
        demo.as_of(),
        dir.display(),
        total_bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
