//! `jsre FILE [args...]`: runs FILE as the main task of a JSRE program.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: jsre FILE [ARGS...]

Runs FILE, a JSRE (EdgerOS JavaScript runtime) program, as the main task.
ARGS are passed to the script as require('process').argv.slice(2).

Options:
  -h, --help       print this help
  -V, --version    print the version

Exit codes: 0 when the script returns, 1 on an uncaught exception, 2 when FILE
cannot be read or does not compile, or the code given to process.exit().";

fn main() -> ExitCode {
    let mut parser = lexopt::Parser::from_env();
    // Only the first argument can be an option of jsre's: everything after FILE belongs
    // to the script, options included.
    let first = match parser.next() {
        Ok(first) => first,
        Err(e) => return usage_error(&e.to_string()),
    };
    let file = match first {
        None => return usage_error("missing FILE"),
        Some(lexopt::Arg::Short('h') | lexopt::Arg::Long("help")) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(lexopt::Arg::Short('V') | lexopt::Arg::Long("version")) => {
            println!("jsre {}", jsre_runtime::VERSION);
            return ExitCode::SUCCESS;
        }
        Some(lexopt::Arg::Value(v)) => PathBuf::from(v),
        Some(other) => return usage_error(&other.unexpected().to_string()),
    };
    let rest: Vec<String> = match parser.raw_args() {
        Ok(raw) => raw.map(|a| a.to_string_lossy().into_owned()).collect(),
        Err(e) => return usage_error(&e.to_string()),
    };
    let code = jsre_runtime::run_file(&file, rest);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("jsre: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
