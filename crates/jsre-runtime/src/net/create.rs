//! Making tcp and tls objects: listening servers, clients (sync and async) and objects
//! adopted from an fd (createByFd). Failures return `undefined` with errno set.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsFunction;
use boa_engine::{Context, JsObject, JsResult, JsValue, NativeFunction, js_string};
use jsre_net::{Listener, Socket};
use jsre_tls::{ClientContext, ServerContext};

use super::conn::{Conn, Failure};
use super::object::{Kind, State, new_object, owned};
use super::{addr, driver};
use crate::errno::{self, code};

/// The backlog used for mports on an adopted listening fd (its own is not readable).
const DEFAULT_BACKLOG: i32 = 5;

/// How long an async tcp connect may take before it fails with ETIMEDOUT.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);

/// Returns `undefined` after recording `f`.
pub fn fail(f: Failure) -> JsValue {
    f.record();
    JsValue::undefined()
}

/// A listening server at `addr`.
pub fn listen(
    ctx: &mut Context,
    kind: Kind,
    addr: SocketAddr,
    backlog: i32,
    device: Option<&str>,
    server: Option<Arc<ServerContext>>,
) -> JsResult<JsValue> {
    match Listener::bind(addr, backlog, device) {
        Ok(listener) => {
            errno::clear();
            Ok(new_object(ctx, kind, State::Listening { listener, server })?.into())
        }
        Err(e) => Ok(fail(Failure::io(&e))),
    }
}

/// A client connected to `addr`, waiting at most `timeout` for the TCP connect; a TLS
/// client then runs its handshake within its handshakeTimeout.
pub fn connect_sync(
    ctx: &mut Context,
    kind: Kind,
    addr: SocketAddr,
    timeout: Option<Duration>,
    tls: Option<Arc<ClientContext>>,
) -> JsResult<JsValue> {
    let deadline = timeout.map(|t| Instant::now() + t);
    let sock = match Socket::connect(addr) {
        Ok(s) => s,
        Err(e) => return Ok(fail(Failure::io(&e))),
    };
    match crate::blocking::writable(sock.fd(), deadline) {
        Ok(true) => {}
        Ok(false) => return Ok(fail(Failure::new(code::ETIMEDOUT, "connect timed out"))),
        Err(e) => return Ok(fail(Failure::io(&e))),
    }
    if let Err(e) = sock.connect_result() {
        return Ok(fail(Failure::io(&e)));
    }
    let mut conn = match new_conn(sock, addr, tls.as_deref()) {
        Ok(c) => c,
        Err(f) => return Ok(fail(f)),
    };
    match conn.handshake(None) {
        Ok(_) => {
            errno::clear();
            Ok(new_object(ctx, kind, State::Connected(Box::new(conn)))?.into())
        }
        Err(f) => {
            conn.close();
            Ok(fail(f))
        }
    }
}

fn new_conn(sock: Socket, addr: SocketAddr, tls: Option<&ClientContext>) -> Result<Conn, Failure> {
    let Some(tls) = tls else {
        return Ok(Conn::plain(sock).with_peer(addr));
    };
    let session = tls.new_session(addr.ip()).map_err(|e| Failure::tls(&e))?;
    Ok(Conn::tls(sock, session, Instant::now() + tls.handshake_timeout()).with_peer(addr))
}

/// Starts a non-blocking connect and returns the object at once; `callback(obj,
/// remote)` runs from iosched.poll when it is connected (and handshaked), or
/// `callback(undefined, remote)` with errno set when it fails or `limit` passes.
pub fn connect_async(
    ctx: &mut Context,
    kind: Kind,
    addr: SocketAddr,
    tls: Option<Arc<ClientContext>>,
    callback: JsFunction,
) -> JsResult<JsValue> {
    let limit = tls
        .as_ref()
        .map_or(CONNECT_TIMEOUT, |t| t.handshake_timeout());
    let sock = match Socket::connect(addr) {
        Ok(s) => s,
        Err(e) => return Ok(fail(Failure::io(&e))),
    };
    let conn = match new_conn(sock, addr, tls.as_deref()) {
        Ok(c) => c,
        Err(f) => return Ok(fail(f)),
    };
    let obj = new_object(ctx, kind, State::Connecting(Box::new(conn)))?;
    let remote: JsValue = addr::to_js(&addr, ctx).into();
    let what = if tls.is_some() {
        "handshake"
    } else {
        "connect"
    };
    drive(ctx, &obj, limit, what, callback, Some(remote))?;
    Ok(obj.into())
}

/// Adopts `fd` (createByFd). For TLS, `server` gives the context and the handshake runs
/// before this returns (within `timeout`, else the context's handshakeTimeout) or, with
/// a callback, from iosched.poll.
pub fn adopt(
    ctx: &mut Context,
    kind: Kind,
    fd: i32,
    server: Option<Arc<ServerContext>>,
    timeout: Option<Duration>,
    callback: Option<JsFunction>,
) -> JsResult<JsValue> {
    let task = crate::host::host(ctx).task.id;
    if let Err(owner) = owned::adopt(fd, task) {
        return Ok(fail(Failure::new(
            code::EINVAL,
            format!("fd {fd} is already owned by a tcp or tls object in task {owner}"),
        )));
    }
    let sock = match Socket::from_raw_fd(fd) {
        Ok(s) => s,
        Err(e) => {
            owned::release(fd);
            return Ok(fail(Failure::io(&e)));
        }
    };
    // A listening fd (a server's, flown away) becomes a server again.
    if sock.is_listening().unwrap_or(false) {
        errno::clear();
        let listener = jsre_net::Listener::new(sock, DEFAULT_BACKLOG);
        return Ok(new_object(ctx, kind, State::Listening { listener, server })?.into());
    }
    let Some(server) = server else {
        errno::clear();
        return Ok(new_object(ctx, kind, State::Connected(Box::new(Conn::plain(sock))))?.into());
    };
    let limit = timeout.unwrap_or_else(|| server.handshake_timeout());
    // The local address only matters for ipcert; skip the system call otherwise.
    let local_ip = if server.ipcert() {
        sock.local_addr().ok().map(|a| a.ip())
    } else {
        None
    };
    let session = server.new_session(local_ip);
    let mut conn = Conn::tls(sock, session, Instant::now() + limit);
    if let Some(callback) = callback {
        let obj = new_object(ctx, kind, State::Connected(Box::new(conn)))?;
        drive(ctx, &obj, limit, "handshake", callback, None)?;
        return Ok(obj.into());
    }
    match conn.handshake(None) {
        Ok(_) => {
            errno::clear();
            Ok(new_object(ctx, kind, State::Connected(Box::new(conn)))?.into())
        }
        Err(f) => {
            // We own the fd now: a failed adoption closes it.
            conn.close();
            owned::release(fd);
            Ok(fail(f))
        }
    }
}

/// Hands `obj` to net.js's driver, which calls `callback(obj[, remote])` on success and
/// `callback(undefined[, remote])` on failure.
fn drive(
    ctx: &mut Context,
    obj: &JsObject,
    limit: Duration,
    what: &str,
    callback: JsFunction,
    remote: Option<JsValue>,
) -> JsResult<()> {
    let done = NativeFunction::from_copy_closure_with_captures(
        |_, args, (callback, obj, remote): &(JsFunction, JsObject, Option<JsValue>), ctx| {
            let ok = crate::js::arg(args, 0).to_boolean();
            if ok {
                errno::clear();
            }
            let target: JsValue = if ok {
                obj.clone().into()
            } else {
                JsValue::undefined()
            };
            let mut args = vec![target];
            if let Some(given) = remote {
                // On success the remote is the connected peer; on failure, the address tried.
                let peer = if ok {
                    peer_name(obj, ctx)?
                } else {
                    given.clone()
                };
                args.push(peer);
            }
            callback.call(&JsValue::undefined(), &args, ctx)
        },
        (callback, obj.clone(), remote),
    );
    let done = FunctionObjectBuilder::new(ctx.realm(), done).build();
    let drive = driver(ctx)?;
    drive.call(
        &JsValue::undefined(),
        &[
            obj.clone().into(),
            JsValue::from(limit.as_millis() as f64),
            crate::js::string(what),
            done.into(),
        ],
        ctx,
    )?;
    Ok(())
}

fn peer_name(obj: &JsObject, ctx: &mut Context) -> JsResult<JsValue> {
    let f = obj.get(js_string!("peerName"), ctx)?;
    match f.as_callable() {
        Some(f) => f.call(&obj.clone().into(), &[], ctx),
        None => Ok(JsValue::undefined()),
    }
}
