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
    let mut file: Option<PathBuf> = None;
    let mut rest = Vec::new();
    loop {
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(e) => return usage_error(&e.to_string()),
        };
        match arg {
            lexopt::Arg::Short('h') | lexopt::Arg::Long("help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            lexopt::Arg::Short('V') | lexopt::Arg::Long("version") => {
                println!("jsre {}", jsre_runtime::VERSION);
                return ExitCode::SUCCESS;
            }
            lexopt::Arg::Value(v) => {
                file = Some(PathBuf::from(v));
                // Everything after FILE belongs to the script, options included.
                match parser.raw_args() {
                    Ok(raw) => rest.extend(raw.map(|a| a.to_string_lossy().into_owned())),
                    Err(e) => return usage_error(&e.to_string()),
                }
                break;
            }
            other => return usage_error(&other.unexpected().to_string()),
        }
    }
    let Some(file) = file else {
        return usage_error("missing FILE");
    };
    let code = jsre_runtime::run_file(&file, rest);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("jsre: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
