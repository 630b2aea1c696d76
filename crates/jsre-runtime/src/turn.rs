//! The event-loop turn: the only place where callbacks run.
//!
//! `iosched.poll(timeout)` is one call of [`poll`]; `iosched.forever()` loops over it.
//! Each step is a function below, in the order the turn runs them.

use std::collections::HashMap;
use std::os::fd::RawFd;
use std::rc::Rc;
use std::time::{Duration, Instant};

use boa_engine::object::builtins::JsFunction;
use boa_engine::{Context, JsError, JsObject, JsResult, JsValue, js_string};
use jsre_reactor::{Interest, Readiness};

use crate::host::{Host, host};
use crate::jobs::{JobQueue, take_unhandled};

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
///    (callbacks add and remove events) and running the job queue after each;
/// 6. the job queue again.
///
/// An exception thrown by any callback ends the turn and propagates to the caller.
pub fn poll(ctx: &mut Context, timeout: Option<Duration>) -> JsResult<ReadyFds> {
    let host = host(ctx);
    run_jobs(ctx)?;
    run_due_timers(ctx, &host)?;

    let buffered = buffered_readable(&host);
    let busy = !buffered.is_empty() || !host.ticks.borrow().is_empty() || !jobs_empty(ctx);
    let wait_for = if busy { Some(Duration::ZERO) } else { timeout };
    let turn = {
        let mut reactor = host.reactor.borrow_mut();
        reactor
            .wait(wait_for)
            .map_err(|e| JsError::from_rust(e))?
    };
    run_due_timers(ctx, &host)?;

    let mut ready: HashMap<RawFd, Readiness> = turn.ready.into_iter().collect();
    for fd in buffered {
        ready.entry(fd).or_default().readable = true;
    }
    let fds = dispatch(ctx, &host, &ready)?;
    run_jobs(ctx)?;
    Ok(fds)
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

/// Runs every timer whose deadline has passed, in deadline order; an interval is
/// scheduled again before its callback runs, so the callback may clear it.
fn run_due_timers(ctx: &mut Context, host: &Host) -> JsResult<()> {
    let now = Instant::now();
    loop {
        let due = host.reactor.borrow_mut().timers().pop_due(now);
        let Some(reactor_id) = due else {
            return Ok(());
        };
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
        callback.call(&JsValue::undefined(), &args, ctx)?;
        run_jobs(ctx)?;
    }
}

/// Watched fds whose owner holds plaintext the kernel will not signal again.
fn buffered_readable(host: &Host) -> Vec<RawFd> {
    let probes: Vec<(RawFd, Rc<dyn Fn() -> bool>)> = {
        let watches = host.watches.borrow();
        let probes = host.readable_probes.borrow();
        watches
            .values()
            .filter(|w| w.interest == Interest::Read)
            .filter_map(|w| probes.get(&w.fd).map(|p| (w.fd, Rc::clone(p))))
            .collect()
    };
    probes
        .into_iter()
        .filter(|(_, probe)| probe())
        .map(|(fd, _)| fd)
        .collect()
}

/// Calls the callbacks of the ready watched events, in the order they were added.
fn dispatch(
    ctx: &mut Context,
    host: &Host,
    ready: &HashMap<RawFd, Readiness>,
) -> JsResult<ReadyFds> {
    let mut out = ReadyFds::default();
    if ready.is_empty() {
        return Ok(out);
    }
    let candidates: Vec<u64> = host
        .watches
        .borrow()
        .iter()
        .filter(|(_, w)| ready.get(&w.fd).is_some_and(|r| r.has(w.interest)))
        .map(|(id, _)| *id)
        .collect();
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
        let keep = call_event(ctx, &event, "callback")?;
        if keep.as_boolean() == Some(false) {
            call_event(ctx, &event, "errback")?;
            remove_watch(host, id);
        }
        run_jobs(ctx)?;
    }
    Ok(out)
}

/// Calls the IoEvent's `callback` or `errback` as `(arg, ioevent)`; a missing errback
/// is no call.
fn call_event(ctx: &mut Context, event: &JsObject, which: &str) -> JsResult<JsValue> {
    let key = if which == "callback" {
        js_string!("callback")
    } else {
        js_string!("errback")
    };
    let f = event.get(key, ctx)?;
    let Some(f) = f.as_object().and_then(JsFunction::from_object) else {
        return Ok(JsValue::undefined());
    };
    let arg = event.get(js_string!("arg"), ctx)?;
    f.call(&JsValue::undefined(), &[arg, event.clone().into()], ctx)
}

/// Takes a watched event out of the watch list and the reactor.
pub fn remove_watch(host: &Host, id: u64) -> bool {
    let removed = host.watches.borrow_mut().remove(&id);
    match removed {
        Some(w) => {
            host.watch_index.borrow_mut().remove(&w.event_id);
            host.reactor.borrow_mut().unwatch(w.fd, w.interest);
            true
        }
        None => false,
    }
}
