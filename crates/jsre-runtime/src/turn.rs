//! The event-loop turn: the only place where callbacks run.
//!
//! `iosched.poll(timeout)` is one call of [`poll`]; `iosched.forever()` loops over it.
//! Each step is a function below, in the order the turn runs them.

use std::cell::{Cell, RefCell};
use std::os::fd::RawFd;
use std::rc::{Rc, Weak};
use std::time::{Duration, Instant};

use boa_engine::{Context, JsError, JsObject, JsResult, JsValue, js_string};
use jsre_reactor::{Interest, Readiness};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::host::{Host, host};
use crate::jobs::{JobQueue, take_unhandled};
use crate::modules::iosched::{Handler, handler_call};
use crate::net::object::State;

thread_local! {
    /// Non-zero while an iosched callback runs: a fresh number per callback, so that a
    /// connection can tell "drained earlier in this same callback".
    static CALLBACK_EPOCH: Cell<u64> = const { Cell::new(0) };
    static NEXT_EPOCH: Cell<u64> = const { Cell::new(1) };
    /// The fd whose READ event the running callback was called for, when epoll reported
    /// no hang-up or error with it (else -1): a short read from this fd empties it.
    static QUIET_FD: Cell<RawFd> = const { Cell::new(-1) };
    /// Fds read until empty since the last wait: the reactor need not re-arm them.
    static DRAINED: RefCell<Vec<RawFd>> = const { RefCell::new(Vec::new()) };
    /// Fds of TLS connections holding decrypted bytes the kernel will not signal again
    /// (`pending() > 0`), as of their last use: the turn counts them as readable.
    static BUFFERED: RefCell<FxHashSet<RawFd>> = RefCell::default();
}

/// A connection with queued output, and whether the reactor watches its fd for writing
/// on our behalf.
type PendingOut = (Weak<RefCell<State>>, bool);

thread_local! {
    /// Connections whose encrypted output waits for room in the socket.
    static PENDING_OUT: RefCell<FxHashMap<RawFd, PendingOut>> = RefCell::default();
}

thread_local! {
    /// Sockets closed by the script that wait for the peer's FIN (see [`linger`]).
    static LINGERING: RefCell<Vec<Lingering>> = const { RefCell::new(Vec::new()) };
}

/// A closed socket waiting for its peer's FIN.
struct Lingering {
    sock: jsre_net::Socket,
    /// When to close it anyway.
    deadline: Instant,
    /// Whether the reactor watches it for reading (so the wait wakes for the FIN).
    watched: bool,
}

/// How long a closed TLS socket waits for its peer's FIN before it is closed anyway.
const LINGER: Duration = Duration::from_secs(2);

/// Takes a socket the script has closed (its FIN already sent) and closes its fd once the
/// peer has sent everything it was going to (EOF), an error, or [`LINGER`] passes;
/// meanwhile whatever arrives is read and dropped, so the kernel never answers with RST.
pub fn linger(sock: jsre_net::Socket) {
    let mut sock = Some(sock);
    if let Some(s) = &sock
        && drain_closed(s)
    {
        sock = None;
    }
    let now = Instant::now();
    LINGERING.with(|l| {
        let mut l = l.borrow_mut();
        // A script that never polls still gets its sockets closed: each new close sweeps
        // the ones that are done (those the reactor watches are left to the turn).
        l.retain(|ling| ling.watched || !(drain_closed(&ling.sock) || now >= ling.deadline));
        if let Some(sock) = sock {
            l.push(Lingering {
                sock,
                deadline: now + LINGER,
                watched: false,
            });
        }
    });
}

/// Reads and drops what a closed socket has; true when it is over (EOF or error).
fn drain_closed(sock: &jsre_net::Socket) -> bool {
    let mut sink = [0u8; 4096];
    loop {
        match sock.read(&mut sink) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(_) => return true,
        }
    }
}

/// Closes lingering sockets that are done; the rest stay watched for reading so that the
/// wait wakes for their FIN.
fn close_lingering(host: &Host) {
    LINGERING.with(|l| {
        let mut l = l.borrow_mut();
        if l.is_empty() {
            return;
        }
        let now = Instant::now();
        let mut reactor = host.reactor.borrow_mut();
        l.retain_mut(|ling| {
            let done = drain_closed(&ling.sock) || now >= ling.deadline;
            if done {
                reactor.forget(ling.sock.fd());
            } else if !ling.watched {
                ling.watched = reactor.watch(ling.sock.fd(), Interest::Read).is_ok();
            }
            !done
        });
    });
}

/// The earliest deadline of a lingering socket, to bound the wait.
fn linger_deadline() -> Option<Instant> {
    LINGERING.with(|l| l.borrow().iter().map(|x| x.deadline).min())
}

/// Registers a connection with output still queued; the turn writes it out.
pub fn note_pending_output(fd: RawFd, state: Weak<RefCell<State>>) {
    PENDING_OUT.with(|p| {
        let mut p = p.borrow_mut();
        match p.get_mut(&fd) {
            Some((known, _)) if Weak::ptr_eq(known, &state) => {}
            // Another connection had this fd number before (it was closed since): this
            // one takes its place (take_state normally removes the old entry first).
            Some(entry) => entry.0 = state,
            None => {
                p.insert(fd, (state, false));
            }
        }
    });
}

/// Drops `fd`'s registration for queued output: its connection is being closed or handed
/// away, and writes what it can itself.
pub fn forget_pending_output(fd: RawFd) {
    PENDING_OUT.with(|p| {
        p.borrow_mut().remove(&fd);
    });
}

/// Writes the queued output of every registered connection that is not in use right now,
/// without waiting: called before anything blocks, so that records callbacks' sends left
/// for the end of the turn's callbacks (see Conn::send) are not held back from a peer the
/// blocking call may be waiting on. Registrations stay for the turn to finish.
pub fn flush_pending_now() {
    crate::held::clear();
    let registered: Vec<(RawFd, Weak<RefCell<State>>)> = PENDING_OUT.with(|p| {
        p.borrow()
            .iter()
            .map(|(fd, (weak, _))| (*fd, weak.clone()))
            .collect()
    });
    for (fd, weak) in registered {
        flush_registered(fd, &weak);
    }
}

/// Writes queued output of registered connections; those still waiting get the reactor
/// watching their fd for writing (no JS callback runs for it).
fn flush_pending_outputs(host: &Host) {
    crate::held::clear();
    PENDING_OUT.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_empty() {
            return;
        }
        let mut reactor = host.reactor.borrow_mut();
        p.retain(|fd, (weak, watched)| {
            // In use right now (cannot happen between callbacks): next time.
            let done = flush_registered(*fd, weak).unwrap_or(false);
            if done && *watched {
                reactor.unwatch(*fd, Interest::Write);
            }
            if !done && !*watched {
                *watched = reactor.watch(*fd, Interest::Write).is_ok();
            }
            !done
        });
    });
}

/// Writes what a registered connection has queued, without waiting: `Some(true)` when
/// nothing is left to write for `fd` (also when the connection is gone, closed, or holds
/// another fd now), `Some(false)` when some waits for room, `None` when the connection is
/// in use right now.
fn flush_registered(fd: RawFd, weak: &Weak<RefCell<State>>) -> Option<bool> {
    let Some(state) = weak.upgrade() else {
        return Some(true);
    };
    let Ok(mut state) = state.try_borrow_mut() else {
        return None;
    };
    Some(match &mut *state {
        State::Connected(conn) if conn.socket().fd() == fd => conn.flush_pending(),
        _ => true,
    })
}

/// Records whether the TLS connection on `fd` holds decrypted bytes.
pub fn note_buffered(fd: RawFd, buffered: bool) {
    BUFFERED.with(|b| {
        let mut b = b.borrow_mut();
        if buffered {
            b.insert(fd);
        } else {
            b.remove(&fd);
        }
    });
}

/// The current callback's epoch, or 0 outside iosched callbacks.
pub fn callback_epoch() -> u64 {
    CALLBACK_EPOCH.with(Cell::get)
}

/// Whether a read from `fd` that returned less than it asked for has emptied the socket:
/// true inside the callback of `fd`'s own READ event when epoll reported no hang-up or
/// error. (A FIN that came with the data is seen only by another read, so without that
/// knowledge only EAGAIN proves a socket empty; an event-less FIN after this point
/// raises a new edge.)
pub fn short_read_drains(fd: RawFd) -> bool {
    QUIET_FD.with(Cell::get) == fd && callback_epoch() != 0
}

/// Notes that a read found `fd` empty (see [`callback_epoch`]).
pub fn note_drained(fd: RawFd) {
    DRAINED.with(|d| d.borrow_mut().push(fd));
}

/// The fds that were ready in one turn, as iosched.poll returns them: read, write, except.
#[derive(Debug, Default)]
pub struct ReadyFds {
    pub read: Vec<RawFd>,
    pub write: Vec<RawFd>,
    pub except: Vec<RawFd>,
}

/// Runs one turn, waiting at most `timeout` (`None`: until something happens).
///
/// 1. the job queue (nextTick callbacks, then promise jobs);
/// 2. due timers;
/// 3. the wait for fds, timers and wake-ups, bounded by the next timer, and no wait at
///    all when a watched fd already holds buffered plaintext;
/// 4. timers that fell due during the wait;
/// 5. ready iosched callbacks, one at a time, re-reading the watch list after each
///    (callbacks add and remove events) and running the job queue after each; then the
///    TLS records their sends left queued are written (see [`dispatch`]);
/// 6. the job queue again.
///
/// An exception thrown by any callback ends the turn and propagates to the caller.
pub fn poll(ctx: &mut Context, timeout: Option<Duration>) -> JsResult<ReadyFds> {
    let host = host(ctx);
    check_cancel(&host)?;
    let jobs_ran = !jobs_empty(ctx) || !host.ticks.borrow().is_empty();
    guard(ctx, run_jobs)?;
    // A turn that already ran timers does not then sleep: its caller gets control back
    // (`while (count < n) iosched.poll()` must see what the timers did).
    let timers_ran = run_due_timers(ctx, &host)?;

    flush_pending_outputs(&host);
    close_lingering(&host);
    let buffered = buffered_readable(&host);
    let messages = want_messages(ctx, &host)?;
    let busy = timers_ran
        || jobs_ran
        || !buffered.is_empty()
        || !host.ticks.borrow().is_empty()
        || !jobs_empty(ctx)
        || (messages && !host.task.mailbox.is_empty());
    let mut wait_for = if busy { Some(Duration::ZERO) } else { timeout };
    if let Some(d) = linger_deadline() {
        let left = d.saturating_duration_since(Instant::now());
        wait_for = Some(wait_for.map_or(left, |w| w.min(left)));
    }
    let turn = {
        let mut reactor = host.reactor.borrow_mut();
        // Fds read until empty since the last wait keep no readiness to re-report:
        // epoll raises a fresh edge when more data comes.
        DRAINED.with(|d| reactor.skip_rearm(&std::mem::take(&mut *d.borrow_mut())));
        reactor.wait(wait_for).map_err(JsError::from_rust)?
    };
    check_cancel(&host)?;
    flush_pending_outputs(&host);
    close_lingering(&host);
    run_due_timers(ctx, &host)?;

    let mut ready: FxHashMap<RawFd, Readiness> = turn.ready.into_iter().collect();
    for fd in buffered {
        // Readiness of our own making says nothing of the kernel's queue: `hup` keeps a
        // short read from counting as proof that the socket is empty.
        let r = ready.entry(fd).or_insert(Readiness {
            hup: true,
            ..Readiness::default()
        });
        r.readable = true;
    }
    let fds = dispatch(ctx, &host, &ready)?;
    if messages {
        deliver_messages(ctx, &host)?;
    }
    guard(ctx, run_jobs)?;
    Ok(fds)
}

/// Ends the task at this cancellation point when another task cancelled it.
fn check_cancel(host: &Host) -> JsResult<()> {
    if host.task.cancel.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(crate::modules::task::task_exit_error());
    }
    Ok(())
}

/// Whether this task has 'message' listeners; keeps the reactor watching the mailbox
/// exactly while it does.
fn want_messages(ctx: &mut Context, host: &Host) -> JsResult<bool> {
    let want = listener_count(ctx, host, "message")? > 0;
    if want != host.mailbox_watched.get() {
        let fd = host.task.mailbox.fd();
        let mut reactor = host.reactor.borrow_mut();
        if want {
            reactor
                .watch(fd, Interest::Read)
                .map_err(JsError::from_rust)?;
        } else {
            reactor.unwatch(fd, Interest::Read);
        }
        host.mailbox_watched.set(want);
    }
    Ok(want)
}

/// How many listeners the Task emitter has for `event` (0 before the module loads).
fn listener_count(ctx: &mut Context, host: &Host, event: &str) -> JsResult<usize> {
    let emitter = host.task_emitter.borrow().clone();
    let Some(emitter) = emitter else {
        return Ok(0);
    };
    let f = emitter.get(js_string!("listenerCount"), ctx)?;
    let Some(f) = f.as_callable() else {
        return Ok(0);
    };
    let n = f.call(&emitter.clone().into(), &[crate::js::string(event)], ctx)?;
    Ok(n.as_number().unwrap_or(0.0) as usize)
}

/// Emits each queued message to `Task.on('message', (msg, from) => ...)`.
fn deliver_messages(ctx: &mut Context, host: &Host) -> JsResult<()> {
    let emitter = host.task_emitter.borrow().clone();
    let Some(emitter) = emitter else {
        return Ok(());
    };
    while let Some((from, msg)) = host.task.mailbox.pop() {
        let value = msg.to_js(ctx)?;
        let emit = emitter.get(js_string!("emit"), ctx)?;
        if let Some(emit) = emit.as_callable() {
            let args = [crate::js::string("message"), value, JsValue::from(from)];
            let result = emit.call(&emitter.clone().into(), &args, ctx);
            guard_result(ctx, result)?;
        }
        guard(ctx, run_jobs)?;
        if listener_count(ctx, host, "message")? == 0 {
            break;
        }
    }
    Ok(())
}

/// Hands a catchable error to `Task.on('uncaughtException')` listeners when there are
/// any (the loop then goes on); otherwise returns it.
pub fn offer_uncaught(ctx: &mut Context, err: JsError) -> JsResult<()> {
    if err.as_engine().is_some() {
        return Err(err);
    }
    let host = host(ctx);
    if listener_count(ctx, &host, "uncaughtException")? == 0 {
        return Err(err);
    }
    let emitter = host.task_emitter.borrow().clone();
    let Some(emitter) = emitter else {
        return Err(err);
    };
    let value = err.into_opaque(ctx)?;
    let emit = emitter.get(js_string!("emit"), ctx)?;
    if let Some(emit) = emit.as_callable() {
        emit.call(
            &emitter.clone().into(),
            &[crate::js::string("uncaughtException"), value],
            ctx,
        )?;
    }
    Ok(())
}

fn guard(ctx: &mut Context, f: fn(&mut Context) -> JsResult<()>) -> JsResult<()> {
    let r = f(ctx);
    match r {
        Ok(()) => Ok(()),
        Err(e) => offer_uncaught(ctx, e),
    }
}

fn guard_result(ctx: &mut Context, r: JsResult<JsValue>) -> JsResult<JsValue> {
    match r {
        Ok(v) => Ok(v),
        Err(e) => offer_uncaught(ctx, e).map(|()| JsValue::undefined()),
    }
}

/// Runs `Task.nextTick` callbacks and promise jobs until both queues are empty, then
/// reports a promise rejected with no handler as an uncaught error.
pub fn run_jobs(ctx: &mut Context) -> JsResult<()> {
    let host = host(ctx);
    let queue: Option<Rc<JobQueue>> = ctx.downcast_job_executor::<JobQueue>();
    loop {
        let tick = host.ticks.borrow_mut().pop_front();
        if let Some((callback, args)) = tick {
            callback.call(&JsValue::undefined(), &args, ctx)?;
            continue;
        }
        match &queue {
            Some(q) if !q.is_empty() => q.drain(ctx)?,
            _ => break,
        }
    }
    if let Some(reason) = take_unhandled(&host.rejections) {
        return Err(JsError::from_opaque(reason));
    }
    Ok(())
}

fn jobs_empty(ctx: &Context) -> bool {
    ctx.downcast_job_executor::<JobQueue>()
        .is_none_or(|q| q.is_empty())
}

/// Runs every timer whose deadline has passed (true when any ran), in deadline order; an interval is
/// scheduled again before its callback runs, so the callback may clear it.
fn run_due_timers(ctx: &mut Context, host: &Host) -> JsResult<bool> {
    let now = Instant::now();
    let mut ran = false;
    loop {
        let due = host.reactor.borrow_mut().timers().pop_due(now);
        let Some(reactor_id) = due else {
            return Ok(ran);
        };
        ran = true;
        let Some(js_id) = host.timer_owner.borrow_mut().remove(&reactor_id) else {
            continue;
        };
        let (callback, args) = {
            let mut timers = host.timers.borrow_mut();
            let Some(timer) = timers.get_mut(&js_id) else {
                continue;
            };
            let call = (timer.callback.clone(), timer.args.clone());
            match timer.interval {
                Some(period) => {
                    let next = host.reactor.borrow_mut().timers().add(now + period);
                    timer.reactor_id = next;
                    host.timer_owner.borrow_mut().insert(next, js_id);
                }
                None => {
                    timers.remove(&js_id);
                }
            }
            call
        };
        let result = callback.call(&JsValue::undefined(), &args, ctx);
        guard_result(ctx, result)?;
        guard(ctx, run_jobs)?;
    }
}

/// Watched (for READ) fds whose TLS connection holds plaintext the kernel will not
/// signal again.
fn buffered_readable(host: &Host) -> Vec<RawFd> {
    let fds: Vec<RawFd> = BUFFERED.with(|b| b.borrow().iter().copied().collect());
    if fds.is_empty() {
        return fds;
    }
    let by_fd = host.watches_by_fd.borrow();
    let watches = host.watches.borrow();
    fds.into_iter()
        .filter(|fd| {
            by_fd.get(fd).is_some_and(|keys| {
                keys.iter()
                    .any(|k| watches.get(k).is_some_and(|w| w.interest == Interest::Read))
            })
        })
        .collect()
}

/// Calls the callbacks of the ready watched events, in the order they were added, then
/// writes what their sends left queued.
///
/// The records of a callback's TLS sends wait (see `Conn::send`) until every ready
/// callback of the turn has run, as Redis writes its replies just before it sleeps: the
/// writes then leave back to back, and a peer woken by the first finds the rest already
/// there, instead of being woken once per reply. Against a 50-connection ping-pong load
/// the client's wake-ups fell from ~0.15 to ~0.02 per round trip and the server's CPU per
/// round trip by ~7% (docs/benchmarks.md). A record waits no longer than the turn's
/// other callbacks (and the errbacks, promise jobs and nextTicks run after each) take,
/// and never across a wait: anything that blocks writes it first (`crate::blocking`). A
/// callback that ends with 256 KiB held, or 1 ms after the first of them was, has the
/// turn write them before the next callback (`crate::held`). Writes made outside
/// callbacks (errbacks, jobs) are not held, so they can reach the wire before records a
/// callback sent earlier on another connection.
fn dispatch(
    ctx: &mut Context,
    host: &Host,
    ready: &FxHashMap<RawFd, Readiness>,
) -> JsResult<ReadyFds> {
    let result = run_ready_callbacks(ctx, host, ready);
    // Also when a callback threw: the bytes its predecessors sent were accepted.
    flush_pending_outputs(host);
    result
}

/// The callbacks of [`dispatch`].
fn run_ready_callbacks(
    ctx: &mut Context,
    host: &Host,
    ready: &FxHashMap<RawFd, Readiness>,
) -> JsResult<ReadyFds> {
    let mut out = ReadyFds::default();
    if ready.is_empty() {
        return Ok(out);
    }
    let mut candidates: Vec<u64> = {
        let by_fd = host.watches_by_fd.borrow();
        let watches = host.watches.borrow();
        ready
            .iter()
            .filter_map(|(fd, r)| by_fd.get(fd).map(|keys| (keys, r)))
            .flat_map(|(keys, r)| {
                keys.iter()
                    .copied()
                    .filter(|k| watches.get(k).is_some_and(|w| r.has(w.interest)))
            })
            .collect()
    };
    // In the order the events were added, as before.
    candidates.sort_unstable();
    for id in candidates {
        // Re-read the watch list: an earlier callback may have removed this event.
        let (event, once, fd, interest) = {
            let watches = host.watches.borrow();
            let Some(w) = watches.get(&id) else {
                continue;
            };
            (w.event.clone(), w.once, w.fd, w.interest)
        };
        if once {
            remove_watch(host, id);
        }
        let list = match interest {
            Interest::Read => &mut out.read,
            Interest::Write => &mut out.write,
            Interest::Except => &mut out.except,
        };
        if !list.contains(&fd) {
            list.push(fd);
        }
        let epoch = NEXT_EPOCH.with(|n| {
            let e = n.get();
            n.set(e + 1);
            e
        });
        CALLBACK_EPOCH.with(|c| c.set(epoch));
        let quiet = interest == Interest::Read && ready.get(&fd).is_some_and(|r| !r.hup);
        QUIET_FD.with(|q| q.set(if quiet { fd } else { -1 }));
        let result = call_event(ctx, &event, Handler::Callback);
        QUIET_FD.with(|q| q.set(-1));
        CALLBACK_EPOCH.with(|c| c.set(0));
        if crate::held::overdue() {
            flush_pending_outputs(host);
        }
        let keep = guard_result(ctx, result)?;
        if keep.as_boolean() == Some(false) {
            let result = call_event(ctx, &event, Handler::Errback);
            remove_watch(host, id);
            guard_result(ctx, result)?;
        }
        guard(ctx, run_jobs)?;
    }
    Ok(out)
}

/// Calls the IoEvent's `callback` or `errback` as `(arg, ioevent)`; a missing errback
/// is no call.
fn call_event(ctx: &mut Context, event: &JsObject, which: Handler) -> JsResult<JsValue> {
    match handler_call(event, which) {
        Some((f, args)) => f.call(&JsValue::undefined(), &args, ctx),
        None => Ok(JsValue::undefined()),
    }
}

/// Takes a watched event out of the watch list and the reactor.
pub fn remove_watch(host: &Host, id: u64) -> bool {
    let removed = host.watches.borrow_mut().remove(&id);
    match removed {
        Some(w) => {
            host.watch_index.borrow_mut().remove(&w.event_id);
            let mut by_fd = host.watches_by_fd.borrow_mut();
            if let Some(keys) = by_fd.get_mut(&w.fd) {
                keys.retain(|k| *k != id);
                if keys.is_empty() {
                    by_fd.remove(&w.fd);
                }
            }
            drop(by_fd);
            host.reactor.borrow_mut().unwatch(w.fd, w.interest);
            true
        }
        None => false,
    }
}
