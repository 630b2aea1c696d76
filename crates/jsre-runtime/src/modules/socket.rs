//! `require('socket')`: constants, sockaddr helpers and the fd-level TCP calls. The
//! script owns these fds (it closes them with `socket.close(fd)`); each call borrows the
//! fd for its duration only.

use boa_engine::{Context, JsResult, JsValue};
use jsre_net::{Shutdown, Socket};

use crate::errno::{self, code};
use crate::js::{self, Bytes};
use crate::net::addr;

/// Builds the `socket` module object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let module = js::native_object(
        ctx,
        &[
            ("sockaddr", 3, addr::sockaddr),
            ("sockaddr6", 3, addr::sockaddr6),
            ("socket", 2, socket),
            ("close", 1, close),
            ("bind", 2, bind),
            ("listen", 2, listen),
            ("accept", 3, accept),
            ("connect", 3, connect),
            ("send", 5, send),
            ("recv", 5, recv),
            ("pending", 1, pending),
            ("shutdown", 2, shutdown),
            ("error", 1, error),
            ("sockName", 1, sock_name),
            ("peerName", 1, peer_name),
            ("isListen", 1, is_listen),
            ("getTcpState", 1, get_tcp_state),
            ("domain", 1, domain),
            ("setNoDelay", 2, set_nodelay),
            ("setReuseAddr", 2, set_reuse_addr),
        ],
    );
    addr::install_constants(&module, ctx);
    let constants: [(&str, i32); 17] = [
        ("SOCK_STREAM", 1),
        ("SOCK_DGRAM", 2),
        ("IPPROTO_IP", 0),
        ("IPPROTO_TCP", 6),
        ("IPPROTO_UDP", 17),
        ("IPPROTO_IPV6", 41),
        ("TCP_CLOSED", jsre_net::TCP_CLOSED),
        ("TCP_LISTEN", jsre_net::TCP_LISTEN),
        ("TCP_SYN_SENT", jsre_net::TCP_SYN_SENT),
        ("TCP_SYN_RCVD", jsre_net::TCP_SYN_RCVD),
        ("TCP_ESTABLISHED", jsre_net::TCP_ESTABLISHED),
        ("TCP_FIN_WAIT_1", jsre_net::TCP_FIN_WAIT_1),
        ("TCP_FIN_WAIT_2", jsre_net::TCP_FIN_WAIT_2),
        ("TCP_CLOSE_WAIT", jsre_net::TCP_CLOSE_WAIT),
        ("TCP_CLOSING", jsre_net::TCP_CLOSING),
        ("TCP_LAST_ACK", jsre_net::TCP_LAST_ACK),
        ("TCP_TIME_WAIT", jsre_net::TCP_TIME_WAIT),
    ];
    for (name, value) in constants {
        js::set(&module, name, value, ctx);
    }
    Ok(module.into())
}

/// The socket behind the fd argument, borrowed: the caller hands it back with
/// `into_raw_fd`. A bad fd records errno and gives `None`.
fn borrow_fd(args: &[JsValue], call: &str) -> JsResult<Option<Socket>> {
    let fd = js::req_int(
        js::arg(args, 0),
        call,
        "fd",
        i32::MIN as i64,
        i32::MAX as i64,
    )? as i32;
    match Socket::from_raw_fd(fd) {
        Ok(s) => Ok(Some(s)),
        Err(e) => {
            errno::set_io(&e);
            Ok(None)
        }
    }
}

/// Runs `f` on the socket behind `fd` without taking ownership; a bad fd records errno
/// and yields `fail`.
fn with_fd(
    args: &[JsValue],
    call: &str,
    fail: JsValue,
    f: impl FnOnce(&Socket) -> JsResult<JsValue>,
) -> JsResult<JsValue> {
    let Some(sock) = borrow_fd(args, call)? else {
        return Ok(fail);
    };
    let result = f(&sock);
    let _ = sock.into_raw_fd();
    result
}

/// Runs `f` on a plain connection over `fd` (borrowed for the call); a bad fd records
/// errno and yields -1.
fn with_conn(
    args: &[JsValue],
    call: &str,
    f: impl FnOnce(&mut crate::net::conn::Conn) -> JsResult<JsValue>,
) -> JsResult<JsValue> {
    let Some(sock) = borrow_fd(args, call)? else {
        return Ok((-1).into());
    };
    let mut conn = crate::net::conn::Conn::plain(sock);
    let result = f(&mut conn);
    let _ = conn.into_socket().into_raw_fd();
    result
}

/// Maps an I/O result to `ok`, or `fail` with errno.
fn io<T>(r: std::io::Result<T>, fail: JsValue, ok: impl FnOnce(T) -> JsValue) -> JsResult<JsValue> {
    Ok(match r {
        Ok(v) => ok(v),
        Err(e) => {
            errno::set_io(&e);
            fail
        }
    })
}

/// `socket(domain[, type])`: a new TCP socket fd, or -1 with errno (only SOCK_STREAM).
fn socket(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "socket.socket";
    let domain = js::req_int(js::arg(args, 0), CALL, "domain", 0, i32::MAX as i64)? as i32;
    let kind = js::opt_int(js::arg(args, 1), CALL, "type", 0, i32::MAX as i64)?.unwrap_or(1);
    if kind != 1 {
        errno::set(
            code::EINVAL,
            Some(format!("{CALL}: only SOCK_STREAM (1) is supported")),
        );
        return Ok((-1).into());
    }
    io(Socket::open(domain), (-1).into(), |s| {
        s.into_raw_fd().into()
    })
}

fn close(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let fd = js::req_int(
        js::arg(args, 0),
        "socket.close",
        "fd",
        i32::MIN as i64,
        i32::MAX as i64,
    )? as i32;
    crate::net::object::forget_fd(&crate::host::host(ctx), fd);
    // SAFETY: the script owns this fd (documented); closing a bad fd just fails.
    let r = unsafe { libc::close(fd) };
    if r != 0 {
        errno::set_io(&std::io::Error::last_os_error());
        return Ok(false.into());
    }
    Ok(true.into())
}

fn bind(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let a = addr::from_js(js::arg(args, 1), "socket.bind", ctx)?;
    with_fd(args, "socket.bind", false.into(), |s| {
        io(s.bind(a), false.into(), |()| true.into())
    })
}

fn listen(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let backlog = super::tcp::backlog_arg(js::arg(args, 1), "socket.listen")?;
    with_fd(args, "socket.listen", false.into(), |s| {
        io(s.start_listen(backlog), false.into(), |()| true.into())
    })
}

/// `accept(fd[, remote[, timeout]])`: the new fd, or a negative number (errno set).
fn accept(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "socket.accept";
    let deadline = crate::blocking::deadline_after(js::opt_timeout(js::arg(args, 2), CALL)?);
    let remote = js::arg(args, 1).clone();
    with_fd(args, CALL, (-1).into(), |s| {
        loop {
            match s.accept() {
                Ok((new, peer)) => {
                    addr::fill(&remote, &peer, ctx)?;
                    return Ok(new.into_raw_fd().into());
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    match crate::blocking::readable(s.fd(), deadline) {
                        Ok(true) => {}
                        Ok(false) => {
                            errno::set(code::ETIMEDOUT, None);
                            return Ok((-1).into());
                        }
                        Err(e) => return io::<()>(Err(e), (-1).into(), |_| JsValue::undefined()),
                    }
                }
                Err(e) => return io::<()>(Err(e), (-1).into(), |_| JsValue::undefined()),
            }
        }
    })
}

/// `connect(fd, addr[, timeout])`: true when connected, false with errno.
fn connect(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "socket.connect";
    let a = addr::from_js(js::arg(args, 1), CALL, ctx)?;
    let deadline = crate::blocking::deadline_after(js::opt_timeout(js::arg(args, 2), CALL)?);
    with_fd(args, CALL, false.into(), |s| {
        if let Err(e) = s.start_connect(a) {
            return io::<()>(Err(e), false.into(), |_| JsValue::undefined());
        }
        match crate::blocking::writable(s.fd(), deadline) {
            Ok(true) => io(s.connect_result(), false.into(), |()| true.into()),
            Ok(false) => {
                errno::set(code::ETIMEDOUT, None);
                Ok(false.into())
            }
            Err(e) => io::<()>(Err(e), false.into(), |_| JsValue::undefined()),
        }
    })
}

/// `send(fd, string[, timeout])` or `send(fd, buffer[, offset[, length[, timeout]]])`.
fn send(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "socket.send";
    let rest = args.get(1..).unwrap_or_default();
    let (data, timeout) = match js::arg(rest, 0).as_string() {
        Some(s) => (s.to_std_string_lossy().into_bytes(), js::arg(rest, 1)),
        None => {
            let b = Bytes::of(js::arg(rest, 0), CALL, "data", ctx)?;
            let (off, len) = js::byte_range(b.len(), js::arg(rest, 1), js::arg(rest, 2), CALL)?;
            (b.with(|b| b[off..off + len].to_vec()), js::arg(rest, 3))
        }
    };
    let deadline = crate::blocking::deadline_after(js::opt_timeout(timeout, CALL)?);
    with_conn(args, CALL, |conn| {
        let r = conn.send(&data, deadline);
        Ok(match r {
            Ok(n) => JsValue::from(n as f64),
            Err(f) => {
                f.record();
                JsValue::from(-1)
            }
        })
    })
}

/// `recv(fd, buffer[, offset[, length[, timeout]]])`: as tcp.recv.
fn recv(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "socket.recv";
    let b = Bytes::of(js::arg(args, 1), CALL, "buffer", ctx)?;
    let (off, len) = js::byte_range(b.len(), js::arg(args, 2), js::arg(args, 3), CALL)?;
    let timeout = js::opt_timeout(js::arg(args, 4), CALL)?;
    let deadline = crate::blocking::deadline_after(timeout);
    with_conn(args, CALL, |conn| {
        let r = b.with_mut(|buf| conn.recv(&mut buf[off..off + len], deadline));
        Ok(crate::net::methods::recv_value(r, timeout))
    })
}

fn pending(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    with_fd(args, "socket.pending", (-1).into(), |s| {
        io(s.pending(), (-1).into(), |n| JsValue::from(n as f64))
    })
}

fn shutdown(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "socket.shutdown";
    let how = match js::opt_string(js::arg(args, 1), CALL, "how")?.as_deref() {
        None | Some("rw") => Shutdown::Both,
        Some("r") => Shutdown::Read,
        Some("w") => Shutdown::Write,
        Some(other) => {
            return Err(js::range_error(
                CALL,
                format!("how must be 'r', 'w' or 'rw', got '{other}'"),
            ));
        }
    };
    with_fd(args, CALL, false.into(), |s| {
        io(s.shutdown(how), false.into(), |()| true.into())
    })
}

fn error(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    with_fd(args, "socket.error", (-1).into(), |s| {
        io(s.take_error(), (-1).into(), |e| {
            if e == 0 {
                0.into()
            } else {
                errno::from_linux(e).into()
            }
        })
    })
}

fn sock_name(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    with_fd(args, "socket.sockName", JsValue::undefined(), |s| {
        Ok(match s.local_addr() {
            Ok(a) => addr::to_js(&a, ctx).into(),
            Err(e) => io::<()>(Err(e), JsValue::undefined(), |_| JsValue::undefined())?,
        })
    })
}

fn peer_name(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    with_fd(args, "socket.peerName", JsValue::undefined(), |s| {
        Ok(match s.peer_addr() {
            Ok(a) => addr::to_js(&a, ctx).into(),
            Err(e) => io::<()>(Err(e), JsValue::undefined(), |_| JsValue::undefined())?,
        })
    })
}

fn is_listen(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    with_fd(args, "socket.isListen", false.into(), |s| {
        io(s.is_listening(), false.into(), JsValue::from)
    })
}

fn get_tcp_state(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    with_fd(args, "socket.getTcpState", (-1).into(), |s| {
        io(s.tcp_state(), (-1).into(), JsValue::from)
    })
}

/// `domain(fd | sockaddr)`: AF_INET or AF_INET6.
fn domain(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    if js::arg(args, 0).is_object() {
        let a = addr::from_js(js::arg(args, 0), "socket.domain", ctx)?;
        return Ok(if a.is_ipv6() {
            jsre_net::AF_INET6
        } else {
            jsre_net::AF_INET
        }
        .into());
    }
    with_fd(args, "socket.domain", (-1).into(), |s| {
        io(s.domain(), (-1).into(), JsValue::from)
    })
}

fn set_nodelay(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let on = js::arg(args, 1).to_boolean();
    with_fd(args, "socket.setNoDelay", false.into(), |s| {
        io(s.set_nodelay(on), false.into(), |()| true.into())
    })
}

fn set_reuse_addr(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let on = js::arg(args, 1).to_boolean();
    with_fd(args, "socket.setReuseAddr", false.into(), |s| {
        io(s.set_reuse_addr(on), false.into(), |()| true.into())
    })
}
