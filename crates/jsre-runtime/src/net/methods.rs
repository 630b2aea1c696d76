//! The I/O methods of tcp and tls objects: accept, send, recv, pending, error, close,
//! flyAway, isEOF, sockName, peerName, getState, mports, shutdown, and the steps the
//! async forms (in net.js) drive from iosched callbacks.

use std::net::SocketAddr;
use std::time::Instant;

use boa_engine::object::builtins::{JsArray, JsFunction};
use boa_engine::{Context, JsObject, JsResult, JsValue};
use jsre_net::Shutdown;

use super::addr;
use super::conn::{Conn, Failure, Received};
use super::object::{Kind, Net, State, new_object, take_state};
use crate::errno::{self, code};
use crate::host::host;
use crate::js::{self, Bytes};

/// The methods every tcp and tls object has, for the prototypes.
pub const METHODS: &[(&str, usize, js::NativeFn)] = &[
    ("acceptSync", 2, accept_sync),
    ("acceptReady", 1, accept_ready),
    ("listenFds", 0, listen_fds),
    ("step", 0, step),
    ("send", 4, send),
    ("recv", 4, recv),
    ("pending", 0, pending),
    ("error", 0, error),
    ("close", 0, close),
    ("flyAway", 0, fly_away),
    ("isEOF", 0, is_eof),
    ("sockName", 0, sock_name),
    ("peerName", 0, peer_name),
    ("getState", 0, get_state),
    ("mportsNative", 1, mports),
    ("shutdown", 1, shutdown),
    ("expireHandshake", 0, expire_handshake),
];

/// Makes the object for a connection just accepted on a listener.
fn accepted(
    net: &Net,
    sock: jsre_net::Socket,
    peer: SocketAddr,
    ctx: &mut Context,
) -> JsResult<JsObject> {
    let server = match &*net.state.borrow() {
        State::Listening { server, .. } => server.clone(),
        _ => None,
    };
    let Some(server) = server else {
        let conn = Conn::plain(sock).with_peer(peer);
        return new_object(ctx, net.kind, State::Connected(Box::new(conn)));
    };
    // The local address only matters for ipcert; skip the system call otherwise.
    let local_ip = if server.ipcert() {
        sock.local_addr().ok().map(|a| a.ip())
    } else {
        None
    };
    let session = server.new_session(local_ip);
    let limit = server.handshake_timeout();
    let conn = Conn::tls(sock, session, Instant::now() + limit).with_peer(peer);
    let obj = new_object(ctx, net.kind, State::Connected(Box::new(conn)))?;
    // A client that never speaks produces no event to notice the deadline by, so a timer
    // shuts it down (a no-op when the handshake is done or the fd has flown away). One
    // shared function serves every connection, which is passed as the timer's argument:
    // a closure per connection would cost a function object each.
    let expire = handshake_expirer(ctx);
    let timer =
        crate::modules::timers::schedule_native(ctx, limit, expire, vec![obj.clone().into()]);
    let made = Net::of(&obj.clone().into(), "accept")?;
    if let State::Connected(conn) = &mut *made.state.borrow_mut() {
        conn.set_expire_timer(timer);
    }
    Ok(obj)
}

/// The function the handshake timers call with the connection as their argument, made
/// once per realm.
fn handshake_expirer(ctx: &mut Context) -> JsFunction {
    let cached = host(ctx).prototypes.borrow().get("net.expire").cloned();
    if let Some(f) = cached.and_then(JsFunction::from_object) {
        return f;
    }
    let f = js::function(ctx, "expireHandshake", 1, |_, args, ctx| {
        expire_handshake(js::arg(args, 0), &[], ctx)
    });
    host(ctx)
        .prototypes
        .borrow_mut()
        .insert("net.expire", f.clone().into());
    f
}

/// Cancels an accepted connection's handshake timer once its handshake is over.
fn settle_handshake_timer(net: &Net, ctx: &mut Context) {
    let timer = match &mut *net.state.borrow_mut() {
        State::Connected(conn) => conn.take_finished_expire_timer(),
        _ => None,
    };
    if let Some(id) = timer {
        crate::modules::timers::cancel(ctx, id);
    }
}

/// Accepts one pending connection without waiting: `Ok(None)` when there is none.
fn accept_now(
    net: &Net,
    method: &str,
) -> JsResult<Result<Option<(jsre_net::Socket, SocketAddr)>, std::io::Error>> {
    let state = net.state.borrow();
    let State::Listening { listener, .. } = &*state else {
        return match &*state {
            State::Closed => Err(net.closed_error(method)),
            _ => Err(js::type_error(
                &net.call(method),
                "the socket is not listening",
            )),
        };
    };
    Ok(match listener.accept() {
        Ok(pair) => Ok(Some(pair)),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
        Err(e) => Err(e),
    })
}

/// `accept([remoteAddr[, timeout]])`: waits for a connection (for ever when no
/// timeout); `undefined` with errno on timeout or failure.
fn accept_sync(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "accept")?;
    let call = net.call("accept");
    let deadline = crate::blocking::deadline_after(js::opt_timeout(js::arg(args, 1), &call)?);
    loop {
        match accept_now(&net, "accept")? {
            Ok(Some((sock, peer))) => {
                addr::fill(js::arg(args, 0), &peer, ctx)?;
                errno::clear();
                return Ok(accepted(&net, sock, peer, ctx)?.into());
            }
            Ok(None) => {}
            Err(e) => {
                errno::set_io(&e);
                return Ok(JsValue::undefined());
            }
        }
        let fds = listener_fds(&net);
        match crate::blocking::any(&fds, deadline) {
            Ok(Some(_)) => {}
            Ok(None) => {
                errno::set(code::ETIMEDOUT, None);
                return Ok(JsValue::undefined());
            }
            Err(e) => {
                errno::set_io(&e);
                return Ok(JsValue::undefined());
            }
        }
    }
}

fn listener_fds(net: &Net) -> Vec<i32> {
    match &*net.state.borrow() {
        State::Listening { listener, .. } => listener.fds(),
        _ => Vec::new(),
    }
}

/// For async accept: one connection if one is pending, else `undefined` (errno EAGAIN).
fn accept_ready(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "accept")?;
    match accept_now(&net, "accept")? {
        Ok(Some((sock, peer))) => {
            addr::fill(js::arg(args, 0), &peer, ctx)?;
            Ok(accepted(&net, sock, peer, ctx)?.into())
        }
        Ok(None) => {
            // Every listening fd answered EAGAIN: none needs re-arming (a new
            // connection raises a fresh edge).
            if crate::turn::callback_epoch() != 0 {
                for fd in listener_fds(&net) {
                    crate::turn::note_drained(fd);
                }
            }
            errno::set(code::EAGAIN, None);
            Ok(JsValue::undefined())
        }
        Err(e) => {
            errno::set_io(&e);
            Ok(JsValue::undefined())
        }
    }
}

/// The listening fds (the port and its mports), for async accept's iosched events.
fn listen_fds(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "accept")?;
    match &*net.state.borrow() {
        State::Listening { .. } => {}
        State::Closed => return Err(net.closed_error("accept")),
        _ => {
            return Err(js::type_error(
                &net.call("accept"),
                "the socket is not listening",
            ));
        }
    }
    let fds: Vec<JsValue> = listener_fds(&net).into_iter().map(JsValue::from).collect();
    Ok(JsArray::from_iter(fds, ctx).into())
}

/// One non-blocking step of an async connect or handshake: 0 done, 1 wait to read,
/// 2 wait to write, -1 failed (errno set).
fn step(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "step")?;
    let mut state = net.state.borrow_mut();
    if let State::Connecting(conn) = &*state {
        match conn.socket().connect_result() {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => return Ok(2.into()),
            Err(e) => {
                Failure::io(&e).record();
                return Ok((-1).into());
            }
        }
        let State::Connecting(conn) = std::mem::replace(&mut *state, State::Closed) else {
            return Ok((-1).into());
        };
        *state = State::Connected(conn);
    }
    let State::Connected(conn) = &mut *state else {
        return Err(net.closed_error("step"));
    };
    match conn.handshake(Some(Instant::now())) {
        Ok(true) => Ok(0.into()),
        Ok(false) => {
            let wants_write = conn.session().is_some_and(jsre_tls::Session::wants_write);
            Ok(if wants_write { 2 } else { 1 }.into())
        }
        Err(f) => {
            f.record();
            Ok((-1).into())
        }
    }
}

/// Runs `f` on the connection of a connected object; a listening or closed one is a
/// TypeError naming the method.
fn with_conn<R>(net: &Net, method: &str, f: impl FnOnce(&mut Conn) -> R) -> JsResult<R> {
    let mut state = net.state.borrow_mut();
    match &mut *state {
        State::Connected(conn) => Ok(f(conn)),
        State::Closed => Err(net.closed_error(method)),
        State::Listening { .. } => Err(js::type_error(
            &net.call(method),
            "the socket is listening, not connected",
        )),
        State::Connecting(_) => Err(js::type_error(
            &net.call(method),
            "the socket is still connecting",
        )),
    }
}

/// `send(string[, timeout])`, `send(buffer[, offset[, length[, timeout]]])`, or an array
/// of strings and Buffers: bytes sent, negative on a broken connection.
fn send(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "send")?;
    let call = net.hot_call("send");
    let first = js::arg(args, 0);
    let result = if let Some(s) = first.as_string() {
        let data = s.to_std_string_lossy().into_bytes();
        send_bytes(&net, &data, js::arg(args, 1), call)?
    } else if first.as_object().is_some_and(|o| o.is_array()) {
        let data = array_bytes(first, call, ctx)?;
        send_bytes(&net, &data, js::arg(args, 1), call)?
    } else {
        let bytes = Bytes::of(first, call, "data", ctx)?;
        let (off, len) = js::byte_range(bytes.len(), js::arg(args, 1), js::arg(args, 2), call)?;
        // No JavaScript runs while sending, so the Buffer's bytes are sent in place.
        bytes.with(|b| send_bytes(&net, &b[off..off + len], js::arg(args, 3), call))?
    };
    settle_handshake_timer(&net, ctx);
    Ok(result)
}

/// Sends `data` with the timeout argument `timeout`; the JS result of send.
fn send_bytes(net: &Net, data: &[u8], timeout: &JsValue, call: &str) -> JsResult<JsValue> {
    let timeout = js::opt_timeout(timeout, call)?;
    let deadline = crate::blocking::deadline_after(timeout);
    let result = with_conn(net, "send", |conn| {
        let r = conn.send(data, deadline);
        if conn.has_pending_output() {
            // The turn finishes writing it, so accepted bytes are never stranded.
            crate::turn::note_pending_output(
                conn.socket().fd(),
                std::rc::Rc::downgrade(&net.state),
            );
        }
        r
    })?;
    Ok(match result {
        Ok(n) => {
            if n < data.len() {
                let zero = timeout.is_some_and(|t| t.is_zero());
                errno::set(if zero { code::EAGAIN } else { code::ETIMEDOUT }, None);
            }
            JsValue::from(n as f64)
        }
        Err(f) => {
            f.record();
            JsValue::from(-1)
        }
    })
}

fn array_bytes(v: &JsValue, call: &str, ctx: &mut Context) -> JsResult<Vec<u8>> {
    let Some(arr) = v.as_object() else {
        return Ok(Vec::new());
    };
    let arr = JsArray::from_object(arr)?;
    let mut out = Vec::new();
    for i in 0..arr.length(ctx)? {
        let item = arr.get(i, ctx)?;
        match item.as_string() {
            Some(s) => out.extend(s.to_std_string_lossy().into_bytes()),
            None => out.extend(Bytes::of(&item, call, "data[i]", ctx)?.to_vec()),
        }
    }
    Ok(out)
}

/// `recv(buffer[, offset[, length[, timeout]]])`: n > 0 bytes; 0 when the timeout
/// passed (errno ETIMEDOUT, or EAGAIN for timeout 0); negative when the peer ended
/// the stream (isEOF() true) or it broke (errno set).
fn recv(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "recv")?;
    let call = net.hot_call("recv");
    let bytes = Bytes::of(js::arg(args, 0), call, "buffer", ctx)?;
    let (off, len) = js::byte_range(bytes.len(), js::arg(args, 1), js::arg(args, 2), call)?;
    let timeout = js::opt_timeout(js::arg(args, 3), call)?;
    let deadline = crate::blocking::deadline_after(timeout);
    if len == 0 {
        return Ok(0.into());
    }
    // No JavaScript runs while we wait, so the buffer can stay borrowed.
    let result = with_conn(&net, "recv", |conn| {
        let r = bytes.with_mut(|b| conn.recv(&mut b[off..off + len], deadline));
        if conn.has_pending_output() {
            // A session ticket held back by recv (see Conn::recv) leaves with the
            // script's next send or close, or at the end of this turn.
            crate::turn::note_pending_output(
                conn.socket().fd(),
                std::rc::Rc::downgrade(&net.state),
            );
        }
        r
    })?;
    settle_handshake_timer(&net, ctx);
    Ok(recv_value(result, timeout))
}

/// What a recv gives the script: n > 0 bytes; 0 with errno EAGAIN (timeout 0) or
/// ETIMEDOUT when the timeout passed; -1 at the end of the stream (errno cleared) or when
/// the connection broke (errno and sys.error() set). Shared with socket.recv.
pub(crate) fn recv_value(
    result: Result<Received, Failure>,
    timeout: Option<std::time::Duration>,
) -> JsValue {
    match result {
        Ok(Received::Data(n)) => JsValue::from(n as f64),
        Ok(Received::Timeout) => {
            let e = if timeout.is_some_and(|t| t.is_zero()) {
                code::EAGAIN
            } else {
                code::ETIMEDOUT
            };
            errno::set(e, None);
            JsValue::from(0)
        }
        Ok(Received::Eof) => {
            errno::clear();
            JsValue::from(-1)
        }
        Err(f) => {
            f.record();
            JsValue::from(-1)
        }
    }
}

/// `pending()`: bytes readable without waiting.
fn pending(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "pending")?;
    let n = with_conn(&net, "pending", |conn| {
        // Decrypt what has arrived, so the count is true at this moment.
        let _ = conn.advance();
        conn.pending()
    })?;
    settle_handshake_timer(&net, ctx);
    Ok(JsValue::from(n as f64))
}

/// `error()`: the socket's pending error (SO_ERROR, then cleared), as a SylixOS errno.
fn error(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "error")?;
    let r = net.with_socket("error", jsre_net::Socket::take_error)?;
    Ok(match r {
        Ok(0) => 0.into(),
        Ok(linux) => errno::from_linux(linux).into(),
        Err(e) => {
            errno::set_io(&e);
            JsValue::from(-1)
        }
    })
}

/// `close()`: sends close_notify (TLS) and closes the fd. Closing twice is harmless.
fn close(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "close")?;
    let fd_closes_now = match &*net.state.borrow() {
        State::Connected(conn) | State::Connecting(conn) => {
            conn.closes_at_once().then(|| conn.socket().fd())
        }
        _ => None,
    };
    if let Some(fd) = fd_closes_now {
        // Closing the fd takes it out of epoll; no EPOLL_CTL_DEL needed first.
        host(ctx).reactor.borrow_mut().forget_closing(fd);
    }
    match take_state(&net, ctx) {
        State::Connected(conn) | State::Connecting(conn) => conn.close(),
        State::Listening { .. } | State::Closed => {}
    }
    Ok(JsValue::undefined())
}

/// `flyAway()`: gives the fd up without closing it; the object is closed afterwards.
fn fly_away(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "flyAway")?;
    let sock = match take_state(&net, ctx) {
        State::Connected(conn) | State::Connecting(conn) => conn.into_socket(),
        State::Listening { listener, .. } => listener.into_primary(),
        State::Closed => return Err(net.closed_error("flyAway")),
    };
    let _ = sock.into_raw_fd();
    Ok(JsValue::undefined())
}

fn is_eof(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "isEOF")?;
    let eof = match &*net.state.borrow() {
        State::Connected(conn) => conn.is_eof(),
        _ => false,
    };
    Ok(eof.into())
}

fn name_of(this: &JsValue, method: &str, peer: bool, ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, method)?;
    // The peer recorded at accept/connect still answers after a reset.
    let recorded = match &*net.state.borrow() {
        State::Connected(conn) | State::Connecting(conn) if peer => Some(conn.peer_addr()),
        _ => None,
    };
    let r = match recorded {
        Some(r) => r,
        None => net.with_socket(
            method,
            |s| if peer { s.peer_addr() } else { s.local_addr() },
        )?,
    };
    match r {
        Ok(a) => Ok(addr::to_js(&a, ctx).into()),
        Err(e) => {
            errno::set_io(&e);
            Ok(JsValue::undefined())
        }
    }
}

fn sock_name(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    name_of(this, "sockName", false, ctx)
}

fn peer_name(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    name_of(this, "peerName", true, ctx)
}

/// `getState()`: the TCP state as socket.TCP_* (lwIP numbering), negative on error.
fn get_state(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "getState")?;
    let r = net.with_socket("getState", jsre_net::Socket::tcp_state)?;
    Ok(match r {
        Ok(s) => s.into(),
        Err(e) => {
            errno::set_io(&e);
            JsValue::from(-1)
        }
    })
}

/// `mports(n)`: also listen on the n following ports. true, or false with errno.
fn mports(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "mports")?;
    let call = net.call("mports");
    let n = js::req_int(js::arg(args, 0), &call, "mports", 0, 65535)? as u32;
    let mut state = net.state.borrow_mut();
    let State::Listening { listener, .. } = &mut *state else {
        return match &*state {
            State::Closed => Err(net.closed_error("mports")),
            _ => {
                errno::set(
                    code::EINVAL,
                    Some(format!("{call}: the socket is not listening")),
                );
                Ok(false.into())
            }
        };
    };
    let task = crate::host::host(ctx).task.id;
    Ok(match listener.mports(n) {
        Ok(()) => {
            for fd in listener.fds() {
                super::object::owned::claim(fd, task);
            }
            true.into()
        }
        Err(e) => {
            errno::set_io(&e);
            false.into()
        }
    })
}

/// `shutdown([how])` (tcp only): 'r', 'w' or 'rw' (default). true, or false with errno.
fn shutdown(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "shutdown")?;
    let call = net.call("shutdown");
    if net.kind == Kind::Tls {
        return Err(js::type_error(
            &call,
            "tls objects have no shutdown; use close()",
        ));
    }
    let how = match js::opt_string(js::arg(args, 0), &call, "how")?.as_deref() {
        None | Some("rw") => Shutdown::Both,
        Some("r") => Shutdown::Read,
        Some("w") => Shutdown::Write,
        Some(other) => {
            return Err(js::range_error(
                &call,
                format!("how must be 'r', 'w' or 'rw', got '{other}'"),
            ));
        }
    };
    let r = net.with_socket("shutdown", |s| s.shutdown(how))?;
    Ok(match r {
        Ok(()) => true.into(),
        Err(e) => {
            errno::set_io(&e);
            false.into()
        }
    })
}

/// Called by a timer when an accepted TLS connection's handshakeTimeout passes: shuts
/// the socket down if the handshake is still running.
fn expire_handshake(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "expireHandshake")?;
    if let State::Connected(conn) = &mut *net.state.borrow_mut() {
        conn.expire_handshake();
    }
    Ok(JsValue::undefined())
}
