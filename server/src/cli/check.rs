//! `chuding check FILE|-` and `chuding check --ndjson FILE|-`: verdicts from the command line.
//!
//! One profile: prints its verdict and exits 0 whatever the outcome; bad input exits 1 with one
//! line naming the field. NDJSON: one verdict per line; a bad line prints `{"line":N,"error":…}` in
//! its place (and on stderr), the rest are still checked, and the exit code is 1 if any line was bad.

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use shared::{evaluate, parse_profile, Round};

fn open(input: &Path) -> std::io::Result<Box<dyn BufRead>> {
    if input == Path::new("-") {
        Ok(Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            std::io::stdin(),
        )))
    } else {
        Ok(Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(input)?,
        )))
    }
}

pub fn run(input: &Path, ndjson: bool, round_file: Option<&Path>) -> ExitCode {
    let round = match crate::config::load_round(round_file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("chuding check: {e:#}");
            return ExitCode::from(2);
        }
    };
    let reader = match open(input) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("chuding check: cannot read {}: {e}", input.display());
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let ok = if ndjson {
        check_lines(reader, &round, &mut out)
    } else {
        check_one(reader, &round, &mut out)
    };
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    match ok {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("chuding check: {e}");
            ExitCode::from(2)
        }
    }
}

fn check_one(
    mut reader: Box<dyn BufRead>,
    round: &Round,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let mut text = String::new();
    if let Err(e) = reader.read_to_string(&mut text) {
        eprintln!("chuding check: the input is not UTF-8 text: {e}");
        return Ok(false);
    }
    match parse_profile(&text) {
        Ok(profile) => {
            serde_json::to_writer_pretty(&mut *out, &evaluate(&profile, round))?;
            out.write_all(b"\n")?;
            Ok(true)
        }
        Err(e) => {
            eprintln!("chuding check: invalid profile: {e}");
            Ok(false)
        }
    }
}

/// Checks every line; returns whether all were valid profiles.
pub fn check_lines(
    mut reader: impl BufRead,
    round: &Round,
    out: &mut impl Write,
) -> std::io::Result<bool> {
    let mut all_ok = true;
    let mut line = String::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let read = match reader.read_line(&mut line) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                number += 1;
                all_ok = false;
                report_bad_line(out, number, "", "the line is not UTF-8 text")?;
                // Skip the rest of the undecodable line.
                let mut skip = Vec::new();
                reader.read_until(b'\n', &mut skip)?;
                continue;
            }
            Err(e) => return Err(e),
        };
        if read == 0 {
            break;
        }
        number += 1;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        match parse_profile(text) {
            Ok(profile) => {
                serde_json::to_writer(&mut *out, &evaluate(&profile, round))?;
                out.write_all(b"\n")?;
            }
            Err(e) => {
                all_ok = false;
                report_bad_line(out, number, e.field(), &e.to_string())?;
            }
        }
    }
    Ok(all_ok)
}

fn report_bad_line(
    out: &mut impl Write,
    number: usize,
    field: &str,
    message: &str,
) -> std::io::Result<()> {
    eprintln!("line {number}: {message}");
    serde_json::to_writer(
        &mut *out,
        &serde_json::json!({ "line": number, "field": field, "error": message }),
    )?;
    out.write_all(b"\n")
}
