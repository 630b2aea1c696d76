//! The jsre composition root: one Boa context per task, CommonJS `require`, the
//! ordered list of built-in modules, and the event-loop turn.
//!
//! A script runs with [`run_main`]; nothing loops behind its back. Callbacks run only
//! inside `iosched.poll()`/`iosched.forever()` ([`turn::poll`]).

pub mod blocking;
pub mod errno;
pub mod held;
pub mod host;
pub mod jobs;
pub mod js;
pub mod modules;
pub mod nesting;
pub mod net;
pub mod report;
pub mod require;
pub mod task;
pub mod turn;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::Context;
use boa_engine::context::ContextBuilder;

use crate::host::Host;
use crate::jobs::{Hooks, JobQueue};

/// The version printed by `jsre --version` and returned by `sys.version()`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Stack size for a thread that runs JavaScript: deep recursion through builtins must
/// meet Boa's recursion limit long before it meets the end of the Rust stack.
pub const JS_STACK_SIZE: usize = 64 * 1024 * 1024;

/// Boa's recursion limit, matched to [`JS_STACK_SIZE`].
const RECURSION_LIMIT: usize = 4096;

/// Boa's value-stack limit (in values): room for [`RECURSION_LIMIT`] frames of a
/// function with a dozen locals. Boa's default (10,240) stops at a few hundred frames.
const VALUE_STACK_LIMIT: usize = 256 * 1024;

/// How a script run ended, and so the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The script returned: exit 0.
    Normal,
    /// An uncaught exception (printed): exit 1.
    Uncaught,
    /// The file was missing, unreadable or did not compile (printed): exit 2.
    Load,
    /// `process.exit(code)`.
    Code(i32),
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            Exit::Normal => 0,
            Exit::Uncaught => 1,
            Exit::Load => 2,
            Exit::Code(c) => c,
        }
    }
}

/// A task's JavaScript runtime: the context and its host.
pub struct Runtime {
    /// The Boa context; not `Send`, so a runtime lives on one thread.
    pub context: Context,
    host: Rc<Host>,
}

impl Runtime {
    /// Builds a context with our job queue, rejection tracker, host and globals.
    pub fn new(main_dir: PathBuf, argv: Vec<String>, task: task::TaskSelf) -> Result<Self, String> {
        let host = Rc::new(Host::new(main_dir, argv, task).map_err(|e| format!("reactor: {e}"))?);
        let hooks = Rc::new(Hooks {
            rejections: Rc::clone(&host.rejections),
        });
        let mut context = ContextBuilder::new()
            .job_executor(Rc::new(JobQueue::default()))
            .host_hooks(hooks)
            .build()
            .map_err(|e| format!("engine: {e}"))?;
        let limits = context.runtime_limits_mut();
        limits.set_recursion_limit(RECURSION_LIMIT);
        limits.set_stack_size_limit(VALUE_STACK_LIMIT);
        context.insert_data(Rc::clone(&host));
        modules::install_globals(&mut context).map_err(|e| format!("globals: {e}"))?;
        Ok(Self { context, host })
    }

    /// Runs `path` as the main module and reports how it ended; prints any error.
    pub fn run_main(&mut self, path: &Path) -> Exit {
        let source = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("jsre: cannot read {}: {e}", path.display());
                return Exit::Load;
            }
        };
        let function = match require::compile(&mut self.context, path, &source) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{}", e.message);
                return Exit::Load;
            }
        };
        let result = require::run_main(&mut self.context, path, function)
            .and_then(|_| turn::run_jobs(&mut self.context))
            .or_else(|err| turn::offer_uncaught(&mut self.context, err));
        let exit = match result {
            Ok(()) => Exit::Normal,
            Err(err) if modules::task::is_task_exit(&err) => Exit::Normal,
            Err(err) => report::uncaught(&err, &mut self.context),
        };
        if exit == Exit::Normal {
            modules::task::run_cleanups(&mut self.context);
        }
        exit
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Release every JS value the host holds before the context goes.
        self.host.clear();
    }
}

/// Runs the script at `path` with `args` (its process.argv tail) on a thread with a
/// large stack, and returns the exit code.
pub fn run_file(path: &Path, args: Vec<String>) -> i32 {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut argv = vec!["jsre".to_string(), path.to_string_lossy().into_owned()];
    argv.extend(args);
    let worker = std::thread::Builder::new()
        .name("main".into())
        .stack_size(JS_STACK_SIZE)
        .spawn(move || {
            match task::register(true, 0, path.clone())
                .map_err(|e| e.to_string())
                .and_then(|me| Runtime::new(dir, argv, me))
            {
                Ok(mut rt) => {
                    let exit = rt.run_main(&path).code();
                    // The process ends with the main task (other tasks are torn down), so
                    // there is nothing to gain by dropping the context first.
                    std::mem::forget(rt);
                    exit
                }
                Err(e) => {
                    eprintln!("jsre: {e}");
                    Exit::Load.code()
                }
            }
        });
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => {
            eprintln!("jsre: internal error: the main task panicked");
            70
        }
        Err(e) => {
            eprintln!("jsre: cannot start the main task: {e}");
            70
        }
    }
}
