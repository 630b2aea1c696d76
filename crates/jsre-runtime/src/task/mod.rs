//! Tasks: each an OS thread with its own JS runtime, found by id in one process-wide
//! registry, and reached through its [`mailbox::Mailbox`].

pub mod mailbox;
pub mod message;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use mailbox::Mailbox;

/// The main task's id; ids count up from here and are never reused.
pub const MAIN_ID: u32 = 1;

/// What every task can know about another: its mailbox and flags.
pub struct TaskEntry {
    /// The creating task (0 for the main task).
    pub parent: u32,
    /// The script it runs, for reports.
    pub file: PathBuf,
    pub mailbox: Arc<Mailbox>,
    /// Set by `task.cancel()`; the task ends at its next poll, recv or sleep.
    pub cancel: Arc<AtomicBool>,
}

/// This task's own view: its id and entry.
#[derive(Clone)]
pub struct TaskSelf {
    pub id: u32,
    pub parent: u32,
    pub mailbox: Arc<Mailbox>,
    pub cancel: Arc<AtomicBool>,
}

fn registry() -> &'static Mutex<HashMap<u32, Arc<TaskEntry>>> {
    static TASKS: OnceLock<Mutex<HashMap<u32, Arc<TaskEntry>>>> = OnceLock::new();
    TASKS.get_or_init(Mutex::default)
}

static NEXT_ID: AtomicU32 = AtomicU32::new(MAIN_ID + 1);

/// Registers a task and returns its own view. `id` is [`MAIN_ID`] for the main task,
/// else a fresh id.
pub fn register(main: bool, parent: u32, file: PathBuf) -> std::io::Result<TaskSelf> {
    let id = if main {
        MAIN_ID
    } else {
        NEXT_ID.fetch_add(1, Ordering::Relaxed)
    };
    let entry = Arc::new(TaskEntry {
        parent,
        file,
        mailbox: Arc::new(Mailbox::new()?),
        cancel: Arc::new(AtomicBool::new(false)),
    });
    let me = TaskSelf {
        id,
        parent,
        mailbox: Arc::clone(&entry.mailbox),
        cancel: Arc::clone(&entry.cancel),
    };
    if let Ok(mut tasks) = registry().lock() {
        tasks.insert(id, entry);
    }
    Ok(me)
}

/// Removes a task that has ended.
pub fn unregister(id: u32) {
    if let Ok(mut tasks) = registry().lock() {
        tasks.remove(&id);
    }
}

/// A live task by id.
pub fn lookup(id: u32) -> Option<Arc<TaskEntry>> {
    registry().lock().ok()?.get(&id).cloned()
}

/// The ids of live tasks, ascending.
pub fn ids() -> Vec<u32> {
    let mut ids: Vec<u32> = registry()
        .lock()
        .map(|t| t.keys().copied().collect())
        .unwrap_or_default();
    ids.sort_unstable();
    ids
}
