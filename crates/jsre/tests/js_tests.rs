//! The conformance suite: every `js-tests/<module>/<behaviour>.js` runs in its own
//! `jsre` process with a time limit. A script passes when it exits 0, or with the code
//! in a `.code` file beside it; where `.out` (stdout) or `.err` (stderr) files sit
//! beside it, the output must match them exactly, with `$DIR` standing for the
//! script's folder. Files under js-tests/lib/ are helpers, not tests.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use wait_timeout::ChildExt;

/// Long enough for the slowest scenario (TLS with timeouts) on a loaded 2-core machine.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../js-tests");
    let mut scripts = Vec::new();
    collect(&root, &mut scripts);
    scripts.sort();
    let trials = scripts
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            Trial::test(name, move || run(&path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n != "lib" && n != "fixtures")
            {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}

fn sidecar(script: &Path, ext: &str) -> Option<String> {
    std::fs::read_to_string(script.with_extension(ext)).ok()
}

fn run(script: &Path) -> Result<(), Failed> {
    let dir = script.parent().unwrap_or(Path::new("."));
    let mut child = Command::new(env!("CARGO_BIN_EXE_jsre"))
        .arg(script)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start jsre: {e}"))?;
    // Drain both pipes on threads so a chatty script never blocks on a full pipe.
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = match child.wait_timeout(TIME_LIMIT).map_err(|e| e.to_string())? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {TIME_LIMIT:?}").into());
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let dir_text = dir.canonicalize().unwrap_or(dir.to_path_buf());
    let normalise = |s: &str| s.replace(&*dir_text.to_string_lossy(), "$DIR");
    let want_code: i32 = sidecar(script, "code")
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    let report = |what: String| -> Failed {
        format!("{what}\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}").into()
    };
    if status.code() != Some(want_code) {
        return Err(report(format!(
            "exit status {status}, expected {want_code}"
        )));
    }
    if let Some(want) = sidecar(script, "out")
        && normalise(&stdout) != want
    {
        return Err(report(format!(
            "stdout differs from the .out file:\n{want}"
        )));
    }
    if let Some(want) = sidecar(script, "err")
        && normalise(&stderr) != want
    {
        return Err(report(format!(
            "stderr differs from the .err file:\n{want}"
        )));
    }
    Ok(())
}
