//! `iosched`: IoEvents over the reactor, and poll/forever, which run the turn.
//!
//! An IoEvent is an object carrying `method`, `fd` and `arg`; its `callback` and
//! `errback` are held natively, beside `arg`'s value, so that the turn reaches all three
//! without a JS property lookup. Nothing is watched until it is passed to `add` or `once`.

use std::os::fd::RawFd;
use std::time::Duration;

use boa_engine::object::builtins::{JsArray, JsFunction};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsData, JsObject, JsResult, JsValue, js_string};
use boa_gc::{Finalize, Trace};
use jsre_reactor::Interest;

use crate::errno;
use crate::host::{Watch, host};
use crate::js;
use crate::turn::{self, ReadyFds};

/// The native part of an IoEvent: which event it is, and what its callbacks get.
#[derive(Debug, Trace, Finalize, JsData)]
struct IoEventData {
    id: u64,
    fd: RawFd,
    #[unsafe_ignore_trace]
    interest: Interest,
    callback: JsFunction,
    errback: Option<JsFunction>,
    /// The value of the `arg` accessor.
    arg: JsValue,
}

/// Which of an IoEvent's functions to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    Callback,
    Errback,
}

/// The IoEvent's `callback` or `errback` with the arguments it gets, `(arg, ioevent)`;
/// `None` when there is no errback (or `event` is not an IoEvent).
pub fn handler_call(event: &JsObject, which: Handler) -> Option<(JsFunction, [JsValue; 2])> {
    let data = event.downcast_ref::<IoEventData>()?;
    let f = match which {
        Handler::Callback => data.callback.clone(),
        Handler::Errback => data.errback.clone()?,
    };
    Some((f, [data.arg.clone(), event.clone().into()]))
}

/// Keys in `Host::prototypes` of the shared getter and setter of every IoEvent's `arg`.
const ARG_GET: &str = "ioevent.arg get";
const ARG_SET: &str = "ioevent.arg set";

/// The IoEvent `this` is, or inherits from (`Object.create(ev)` reads `arg` through the
/// prototype chain, as it did when `arg` was a data property).
fn event_of(this: &JsValue) -> Option<JsObject> {
    let mut next = this.as_object();
    while let Some(obj) = next {
        if obj.is::<IoEventData>() {
            return Some(obj);
        }
        next = obj.prototype();
    }
    None
}

/// The `arg` getter: the value kept in the IoEvent's native part.
fn arg_get(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let data = event_of(this).and_then(|o| o.downcast_ref::<IoEventData>().map(|d| d.arg.clone()));
    data.ok_or_else(|| js::type_error("IoEvent.arg", "this is not an IoEvent"))
}

/// The `arg` setter. On an object that only inherits from an IoEvent, the assignment
/// makes the object's own `arg`, as assigning over an inherited data property does.
fn arg_set(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let value = js::arg(args, 0).clone();
    let Some(obj) = this.as_object().filter(|_| event_of(this).is_some()) else {
        return Err(js::type_error("IoEvent.arg", "this is not an IoEvent"));
    };
    if let Some(mut data) = obj.downcast_mut::<IoEventData>() {
        data.arg = value;
        return Ok(JsValue::undefined());
    }
    let own = PropertyDescriptor::builder()
        .value(value)
        .writable(true)
        .enumerable(true)
        .configurable(true);
    obj.define_property_or_throw(js_string!("arg"), own, ctx)?;
    Ok(JsValue::undefined())
}

/// Builds the `iosched` object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let io = js::native_object(
        ctx,
        &[
            ("event", 5, event),
            ("add", 1, add),
            ("once", 1, once),
            ("remove", 1, remove),
            ("listening", 1, listening),
            ("fds", 1, fds),
            ("select", 2, select),
            ("poll", 1, poll),
            ("forever", 2, forever),
        ],
    );
    let getter = js::function(ctx, "get arg", 0, arg_get);
    let setter = js::function(ctx, "set arg", 1, arg_set);
    let host = host(ctx);
    let mut shared = host.prototypes.borrow_mut();
    shared.insert(ARG_GET, getter.into());
    shared.insert(ARG_SET, setter.into());
    drop(shared);
    for (name, value) in [
        ("READ", 0),
        ("WRITE", 1),
        ("EXCEPT", 2),
        ("ACCEPT", 0),
        ("CONNECT", 1),
    ] {
        js::set(&io, name, value, ctx);
    }
    Ok(io.into())
}

fn interest_of(method: i64) -> Interest {
    match method {
        0 => Interest::Read,
        1 => Interest::Write,
        _ => Interest::Except,
    }
}

/// Whether `fd` is an open descriptor.
pub fn fd_is_open(fd: RawFd) -> bool {
    // SAFETY: F_GETFD only reads the descriptor table.
    unsafe { libc::fcntl(fd, libc::F_GETFD) != -1 }
}

/// An fd argument: an integer, not negative; `check_open` also wants it open.
pub fn fd_arg(v: &JsValue, call: &str, check_open: bool) -> JsResult<RawFd> {
    let fd = js::req_int(v, call, "fd", 0, i32::MAX as i64)? as RawFd;
    // A socket of ours is open without asking the kernel (one system call less per
    // connection for the usual `iosched.event(READ, tls.sockFd, ...)`).
    if check_open && !crate::net::object::owned::is_owned(fd) && !fd_is_open(fd) {
        return Err(js::range_error(call, format!("fd {fd} is not open")));
    }
    Ok(fd)
}

/// `iosched.event(method, fd, callback[, errback][, arg])`: a function in fourth
/// place is the errback, anything else is the arg (`undefined, arg` as the tls
/// documentation writes it).
fn event(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "iosched.event";
    let method = js::req_int(js::arg(args, 0), CALL, "method", 0, 2)?;
    let fd = fd_arg(js::arg(args, 1), CALL, true)?;
    let callback = js::req_function(js::arg(args, 2), CALL, "callback")?;
    let fourth = js::arg(args, 3);
    let (errback, arg) = match fourth.as_object().and_then(JsFunction::from_object) {
        Some(f) => (Some(f), js::arg(args, 4).clone()),
        None if args.len() >= 5 => {
            if !js::is_absent(fourth) {
                return Err(js::type_error(CALL, "errback must be a function"));
            }
            (None, js::arg(args, 4).clone())
        }
        None => (None, fourth.clone()),
    };
    let host = host(ctx);
    let id = host.next_id();
    let proto = ctx.intrinsics().constructors().object().prototype();
    let data = IoEventData {
        id,
        fd,
        interest: interest_of(method),
        callback,
        errback,
        arg,
    };
    let obj = js::object_with_data(ctx, proto, data);
    let fixed = |v: JsValue| {
        PropertyDescriptor::builder()
            .value(v)
            .writable(false)
            .enumerable(true)
            .configurable(false)
    };
    obj.define_property_or_throw(js_string!("method"), fixed(method.into()), ctx)?;
    obj.define_property_or_throw(js_string!("fd"), fixed(fd.into()), ctx)?;
    // `arg` stays an own, enumerable, assignable property; the accessor keeps its value
    // natively (see IoEventData). Not configurable: deleting or redefining it would show
    // scripts a value the callbacks no longer get.
    let accessor = |key| host.prototypes.borrow().get(key).cloned();
    let (Some(get), Some(set)) = (accessor(ARG_GET), accessor(ARG_SET)) else {
        return Err(js::type_error(
            CALL,
            "iosched is not installed in this context",
        ));
    };
    obj.define_property_or_throw(
        js_string!("arg"),
        PropertyDescriptor::builder()
            .get(get)
            .set(set)
            .enumerable(true)
            .configurable(false),
        ctx,
    )?;
    Ok(obj.into())
}

/// The IoEvent behind `v`, or a TypeError naming `call`.
fn io_event(v: &JsValue, call: &str) -> JsResult<(JsObject, u64, RawFd, Interest)> {
    let obj = v
        .as_object()
        .ok_or_else(|| js::type_error(call, "ioevent must be an object made by iosched.event"))?;
    let (id, fd, interest) = {
        let data = obj.downcast_ref::<IoEventData>().ok_or_else(|| {
            js::type_error(call, "ioevent must be an object made by iosched.event")
        })?;
        (data.id, data.fd, data.interest)
    };
    Ok((obj, id, fd, interest))
}

/// Starts watching an event; false when it is already watched or the fd cannot be
/// watched (closed: errno set).
fn watch(args: &[JsValue], call: &str, once: bool, ctx: &mut Context) -> JsResult<JsValue> {
    let (event, event_id, fd, interest) = io_event(js::arg(args, 0), call)?;
    let host = host(ctx);
    if host.watch_index.borrow().contains_key(&event_id) {
        return Ok(false.into());
    }
    if let Err(e) = host.reactor.borrow_mut().watch(fd, interest) {
        errno::set_io(&e);
        return Ok(false.into());
    }
    let key = host.next_id();
    host.watch_index.borrow_mut().insert(event_id, key);
    host.watches_by_fd
        .borrow_mut()
        .entry(fd)
        .or_default()
        .push(key);
    host.watches.borrow_mut().insert(
        key,
        Watch {
            event_id,
            fd,
            interest,
            once,
            event,
        },
    );
    Ok(true.into())
}

fn add(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    watch(args, "iosched.add", false, ctx)
}

fn once(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    watch(args, "iosched.once", true, ctx)
}

/// `iosched.remove([ioevent | array])`: no argument removes all. Returns whether
/// anything was removed.
fn remove(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "iosched.remove";
    let host = host(ctx);
    let target = js::arg(args, 0);
    if js::is_absent(target) {
        let keys: Vec<u64> = host.watches.borrow().keys().copied().collect();
        let any = !keys.is_empty();
        for key in keys {
            turn::remove_watch(&host, key);
        }
        return Ok(any.into());
    }
    let events: Vec<JsValue> = match target.as_object().filter(|o| o.is_array()) {
        Some(arr) => {
            let arr = JsArray::from_object(arr)?;
            let len = arr.length(ctx)?;
            (0..len).map(|i| arr.get(i, ctx)).collect::<JsResult<_>>()?
        }
        None => vec![target.clone()],
    };
    let mut any = false;
    for ev in &events {
        let (_, event_id, _, _) = io_event(ev, CALL)?;
        let key = host.watch_index.borrow().get(&event_id).copied();
        if let Some(key) = key {
            any |= turn::remove_watch(&host, key);
        }
    }
    Ok(any.into())
}

fn listening(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let (_, event_id, _, _) = io_event(js::arg(args, 0), "iosched.listening")?;
    Ok(host(ctx)
        .watch_index
        .borrow()
        .contains_key(&event_id)
        .into())
}

/// Reads a user fd set `[[read], [write], [except]]`.
fn fd_sets(v: &JsValue, call: &str, ctx: &mut Context) -> JsResult<[Vec<RawFd>; 3]> {
    let mut out: [Vec<RawFd>; 3] = Default::default();
    if js::is_absent(v) {
        return Ok(out);
    }
    let bad = || js::type_error(call, "fds must be [[read fds], [write fds], [except fds]]");
    let outer = v.as_object().filter(|o| o.is_array()).ok_or_else(bad)?;
    let outer = JsArray::from_object(outer)?;
    for (i, set) in out.iter_mut().enumerate() {
        let inner = outer.get(i as u32, ctx)?;
        if js::is_absent(&inner) {
            continue;
        }
        let inner = inner.as_object().filter(|o| o.is_array()).ok_or_else(bad)?;
        let inner = JsArray::from_object(inner)?;
        for j in 0..inner.length(ctx)? {
            set.push(fd_arg(&inner.get(j, ctx)?, call, false)?);
        }
    }
    Ok(out)
}

fn sets_to_js(sets: [Vec<RawFd>; 3], ctx: &mut Context) -> JsValue {
    let arrays: Vec<JsValue> = sets
        .into_iter()
        .map(|s| JsArray::from_iter(s.into_iter().map(JsValue::from), ctx).into())
        .collect();
    JsArray::from_iter(arrays, ctx).into()
}

/// `iosched.fds([fdsUser])`: the user sets merged with the watched events' fds.
fn fds(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let mut sets = fd_sets(js::arg(args, 0), "iosched.fds", ctx)?;
    for w in host(ctx).watches.borrow().values() {
        let set = &mut sets[w.interest as usize];
        if !set.contains(&w.fd) {
            set.push(w.fd);
        }
    }
    Ok(sets_to_js(sets, ctx))
}

/// `iosched.select([fds,] timeout)`: select(2) over the given fds (the watched ones
/// when none are given); returns the ready ones without running any callback.
fn select(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "iosched.select";
    let (sets_arg, timeout_arg) = match js::arg(args, 0) {
        v if v.is_number() && args.len() == 1 => (&JsValue::undefined(), v),
        v => (v, js::arg(args, 1)),
    };
    let mut sets = fd_sets(sets_arg, CALL, ctx)?;
    if js::is_absent(sets_arg) {
        for w in host(ctx).watches.borrow().values() {
            sets[w.interest as usize].push(w.fd);
        }
    }
    let timeout = js::opt_timeout(timeout_arg, CALL)?;
    let mut pollfds: Vec<libc::pollfd> = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        let events = [libc::POLLIN, libc::POLLOUT, libc::POLLPRI][i];
        for &fd in set {
            pollfds.push(libc::pollfd {
                fd,
                events,
                revents: 0,
            });
        }
    }
    let ms = timeout.map_or(-1, |d| d.as_millis().min(i32::MAX as u128) as i32);
    let n = crate::blocking::poll(&mut pollfds, ms);
    let mut ready: [Vec<RawFd>; 3] = Default::default();
    if n < 0 {
        errno::set_io(&std::io::Error::last_os_error());
        return Ok(sets_to_js(ready, ctx));
    }
    if let Some(p) = pollfds.iter().find(|p| p.revents & libc::POLLNVAL != 0) {
        return Err(js::range_error(CALL, format!("fd {} is not open", p.fd)));
    }
    for p in &pollfds {
        let hit = |mask: libc::c_short| p.revents & mask != 0;
        let err = libc::POLLERR | libc::POLLHUP;
        let slot = if p.events == libc::POLLIN {
            hit(libc::POLLIN | err).then_some(0)
        } else if p.events == libc::POLLOUT {
            hit(libc::POLLOUT | err).then_some(1)
        } else {
            hit(libc::POLLPRI).then_some(2)
        };
        if let Some(i) = slot {
            ready[i].push(p.fd);
        }
    }
    Ok(sets_to_js(ready, ctx))
}

fn ready_to_js(r: ReadyFds, ctx: &mut Context) -> JsValue {
    sets_to_js([r.read, r.write, r.except], ctx)
}

/// `iosched.poll([timeout])`: one turn of the event loop.
fn poll(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let timeout = js::opt_timeout(js::arg(args, 0), "iosched.poll")?;
    let ready = turn::poll(ctx, timeout)?;
    Ok(ready_to_js(ready, ctx))
}

/// `iosched.forever([check[, timeout]])`: turns until `check.quit` is truthy (or the
/// function `check` returns truthy); a number first is the timeout.
fn forever(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "iosched.forever";
    let (check, timeout) = match js::arg(args, 0) {
        v if v.is_number() => (JsValue::undefined(), js::opt_timeout(v, CALL)?),
        v => (v.clone(), js::opt_timeout(js::arg(args, 1), CALL)?),
    };
    let check_fn = check.as_object().and_then(JsFunction::from_object);
    if !js::is_absent(&check) && !check.is_object() {
        return Err(js::type_error(
            CALL,
            "check must be an object with quit, or a function",
        ));
    }
    loop {
        let quit = match (&check_fn, check.as_object()) {
            (Some(f), _) => f.call(&JsValue::undefined(), &[], ctx)?.to_boolean(),
            (None, Some(obj)) => obj.get(js_string!("quit"), ctx)?.to_boolean(),
            _ => false,
        };
        if quit {
            return Ok(JsValue::undefined());
        }
        turn::poll(
            ctx,
            timeout
                .or(Some(Duration::MAX))
                .filter(|d| *d != Duration::MAX),
        )?;
    }
}
