//! The per-task host state behind the Boa context: reactor, timers, watched iosched
//! events, module caches. One `Host` per task thread, reached with [`host`].

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::os::fd::RawFd;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use boa_engine::object::builtins::JsFunction;
use boa_engine::{Context, JsObject, JsValue};
use jsre_reactor::{Interest, Reactor, TimerId};
use rustc_hash::FxHashMap;

/// Everything a task's modules share. Interior mutability throughout, because native
/// functions reach it through a shared `Rc` while the context is borrowed mutably; no
/// borrow is ever held while JavaScript runs.
pub struct Host {
    /// The fd watcher and timer queue of this task.
    pub reactor: RefCell<Reactor>,
    /// Live timers by their JS id.
    pub timers: RefCell<FxHashMap<u64, Timer>>,
    /// Reactor timer id -> JS timer id, to find the callback when a deadline passes.
    pub timer_owner: RefCell<FxHashMap<TimerId, u64>>,
    /// The next JS timer id; ids are never reused, so a stale clearTimeout is harmless.
    pub next_timer: Cell<u64>,
    /// iosched events currently watched, in the order they were added.
    pub watches: RefCell<BTreeMap<u64, Watch>>,
    /// IoEvent id -> its key in `watches`, to find and remove an event by object.
    pub watch_index: RefCell<FxHashMap<u64, u64>>,
    /// The next key in `watches` (add order) and the next IoEvent id.
    pub next_watch: Cell<u64>,
    /// `Task.nextTick` callbacks, run with the job queue.
    pub ticks: RefCell<VecDeque<(JsFunction, Vec<JsValue>)>>,
    /// Keys in `watches` by fd, so a turn finds the events of its ready fds directly.
    pub watches_by_fd: RefCell<FxHashMap<RawFd, Vec<u64>>>,
    /// Built-in module exports, created on first `require`.
    pub builtins: RefCell<HashMap<&'static str, JsValue>>,
    /// Objects native code needs by name: prototypes (`buffer`, so it can hand out
    /// Buffers; `tcp`, `tls`, and net.js's helpers) and the IoEvent `arg` accessors.
    pub prototypes: RefCell<HashMap<&'static str, JsObject>>,
    /// Values a script assigned to a lazy global (`console = ...`).
    pub global_overrides: RefCell<HashMap<&'static str, JsValue>>,
    /// File modules by absolute path (the `module` objects), for caching and cycles.
    pub files: RefCell<HashMap<PathBuf, JsObject>>,
    /// Promises rejected with no handler yet; reported after the job queue drains.
    pub rejections: Rc<RefCell<Vec<JsObject>>>,
    /// This task: its id, parent, mailbox and cancel flag.
    pub task: crate::task::TaskSelf,
    /// The `Task` emitter (`Task.on('message')`), once the task module is loaded.
    pub task_emitter: RefCell<Option<JsObject>>,
    /// Whether the reactor watches the mailbox (only while 'message' listeners exist, so
    /// that unread messages do not keep waking an idle loop).
    pub mailbox_watched: Cell<bool>,
    /// `Task.cleanup` callbacks, run last-in first-out when the task ends normally.
    pub cleanups: RefCell<Vec<(JsFunction, Vec<JsValue>)>>,
    /// The folder of the main script (relative Task paths resolve against it).
    pub main_dir: PathBuf,
    /// The process arguments as `process.argv` shows them.
    pub argv: Vec<String>,
}

/// One JS timer.
pub struct Timer {
    /// The reactor's id for the current deadline.
    pub reactor_id: TimerId,
    /// The function to call.
    pub callback: JsFunction,
    /// Extra arguments given to setTimeout/setInterval.
    pub args: Vec<JsValue>,
    /// Set for setInterval: the period.
    pub interval: Option<Duration>,
}

/// One watched iosched event.
pub struct Watch {
    /// The IoEvent's id.
    pub event_id: u64,
    /// The watched fd.
    pub fd: RawFd,
    /// READ, WRITE or EXCEPT.
    pub interest: Interest,
    /// Added with `iosched.once`: removed before its first callback.
    pub once: bool,
    /// The IoEvent object: callback, errback and arg are read from it at dispatch.
    pub event: JsObject,
}

impl Host {
    /// A fresh host for a task whose main script lives in `main_dir`.
    pub fn new(
        main_dir: PathBuf,
        argv: Vec<String>,
        task: crate::task::TaskSelf,
    ) -> std::io::Result<Self> {
        Ok(Self {
            task,
            task_emitter: RefCell::default(),
            mailbox_watched: Cell::new(false),
            cleanups: RefCell::default(),
            reactor: RefCell::new(Reactor::new()?),
            timers: RefCell::default(),
            timer_owner: RefCell::default(),
            next_timer: Cell::new(1),
            watches: RefCell::default(),
            watch_index: RefCell::default(),
            next_watch: Cell::new(1),
            ticks: RefCell::default(),
            watches_by_fd: RefCell::default(),
            builtins: RefCell::default(),
            global_overrides: RefCell::default(),
            prototypes: RefCell::default(),
            files: RefCell::default(),
            rejections: Rc::default(),
            main_dir,
            argv,
        })
    }

    /// A fresh id, for IoEvents and watch keys alike (both only need to be unique and
    /// increasing).
    pub fn next_id(&self) -> u64 {
        let id = self.next_watch.get();
        self.next_watch.set(id + 1);
        id
    }

    /// Drops every JS value the host holds, so the context can be torn down cleanly.
    pub fn clear(&self) {
        self.timers.borrow_mut().clear();
        self.watches.borrow_mut().clear();
        self.watch_index.borrow_mut().clear();
        self.ticks.borrow_mut().clear();
        self.builtins.borrow_mut().clear();
        self.files.borrow_mut().clear();
        self.global_overrides.borrow_mut().clear();
        self.prototypes.borrow_mut().clear();
        self.task_emitter.borrow_mut().take();
        self.cleanups.borrow_mut().clear();
        self.rejections.borrow_mut().clear();
        self.watches_by_fd.borrow_mut().clear();
    }
}

/// The host of the context's task.
///
/// # Panics
/// Never in practice: [`crate::Runtime::new`] inserts the host before any script runs,
/// and nothing removes it.
pub fn host(ctx: &Context) -> Rc<Host> {
    #[allow(clippy::expect_used)]
    ctx.get_data::<Rc<Host>>()
        .cloned()
        .expect("the runtime installs the host before any script runs")
}
