//! Socket options on tcp and tls objects. Each setter returns true, or false with errno
//! set (a value outside the documented range is refused the same way); a wrong argument
//! type is a TypeError.

use boa_engine::{Context, JsResult, JsValue, js_string};

use super::object::{Net, State};
use crate::errno::{self, code};
use crate::js;

/// The option methods, for the prototypes.
pub const METHODS: &[(&str, usize, js::NativeFn)] = &[
    ("bindToDevice", 1, bind_to_device),
    ("setKeepAlive", 4, set_keepalive),
    ("setNoDelay", 1, set_nodelay),
    ("setLinger", 1, set_linger),
    ("setTTL", 1, set_ttl),
    ("setReuseAddr", 1, set_reuse_addr),
    ("setIPv6Only", 1, set_ipv6_only),
    ("getRecvBufferSize", 0, get_recv_buffer_size),
    ("getSendBufferSize", 0, get_send_buffer_size),
    ("setRecvBufferSize", 1, set_recv_buffer_size),
    ("setSendBufferSize", 1, set_send_buffer_size),
    ("getOptions", 0, get_options),
];

/// Maps a setter's result to true, or false with errno (EINVAL for out-of-range values).
fn outcome(r: std::io::Result<()>, call: &str) -> JsValue {
    match r {
        Ok(()) => {
            errno::clear();
            true.into()
        }
        Err(e) => {
            match jsre_net::out_of_range(&e) {
                Some(range) => errno::set(
                    code::EINVAL,
                    Some(format!(
                        "{call}: {} {} is outside {}..{}",
                        range.what, range.value, range.min, range.max
                    )),
                ),
                None => errno::set_io(&e),
            }
            false.into()
        }
    }
}

fn bool_arg(v: &JsValue, call: &str, name: &str) -> JsResult<bool> {
    match v.as_boolean() {
        Some(b) => Ok(b),
        None if v.is_number() => Ok(v.to_boolean()),
        None => Err(js::type_error(call, format!("{name} must be a boolean"))),
    }
}

/// Runs an option call `f` on the object's socket.
fn apply(
    this: &JsValue,
    method: &str,
    f: impl FnOnce(&jsre_net::Socket, &str) -> JsResult<std::io::Result<()>>,
) -> JsResult<JsValue> {
    let net = Net::of(this, method)?;
    let call = net.call(method);
    let r = net.with_socket(method, |s| f(s, &call))??;
    Ok(outcome(r, &call))
}

/// `bindToDevice([ifname])`: no name (or '') unbinds.
fn bind_to_device(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    apply(this, "bindToDevice", |s, call| {
        let name = js::opt_string(js::arg(args, 0), call, "ifname")?;
        Ok(s.bind_to_device(name.as_deref().filter(|n| !n.is_empty())))
    })
}

/// `setKeepAlive(enable[, idle[, interval[, count]]])`, times in ms; idle is required
/// when enabling, interval defaults to idle, count to 3.
fn set_keepalive(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    apply(this, "setKeepAlive", |s, call| {
        let enable = bool_arg(js::arg(args, 0), call, "enable")?;
        let idle = js::opt_int(js::arg(args, 1), call, "idle", 1, u32::MAX as i64)?;
        if enable && idle.is_none() {
            return Err(js::type_error(call, "idle is required when enable is true"));
        }
        let idle = idle.unwrap_or(7_200_000) as u32;
        let interval = js::opt_int(js::arg(args, 2), call, "interval", 1, u32::MAX as i64)?
            .map_or(idle, |v| v as u32);
        let count = js::opt_int(js::arg(args, 3), call, "count", 1, 127)?.unwrap_or(3) as u32;
        Ok(s.set_keepalive(enable, idle, interval, count))
    })
}

fn set_nodelay(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    apply(this, "setNoDelay", |s, call| {
        let on = bool_arg(js::arg(args, 0), call, "enable")?;
        Ok(s.set_nodelay(on))
    })
}

/// `setLinger({ onoff, time })`, time in seconds.
fn set_linger(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "setLinger")?;
    let call = net.call("setLinger");
    let obj = js::arg(args, 0)
        .as_object()
        .ok_or_else(|| js::type_error(&call, "linger must be an object { onoff, time }"))?;
    let onoff = obj.get(js_string!("onoff"), ctx)?.to_boolean();
    let time = obj.get(js_string!("time"), ctx)?;
    let time = js::opt_int(&time, &call, "linger.time", 0, i32::MAX as i64)?.unwrap_or(0) as u32;
    let r = net.with_socket("setLinger", |s| s.set_linger(onoff, time))?;
    Ok(outcome(r, &call))
}

/// `setTTL(ttl)`, 0..255 (Linux refuses 0 on IPv4: false with EINVAL).
fn set_ttl(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    apply(this, "setTTL", |s, call| {
        let ttl = js::req_int(js::arg(args, 0), call, "timeToLive", i64::MIN, i64::MAX)?;
        Ok(match u32::try_from(ttl) {
            Ok(t) => s.set_ttl(t),
            Err(_) => Err(std::io::Error::from_raw_os_error(libc::EINVAL)),
        })
    })
}

fn set_reuse_addr(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    apply(this, "setReuseAddr", |s, call| {
        let on = bool_arg(js::arg(args, 0), call, "enable")?;
        Ok(s.set_reuse_addr(on))
    })
}

/// `setIPv6Only(enable)`: on a listening IPv6 socket the sockets are rebuilt with the
/// option (Linux only takes it before bind); on a connected socket Linux refuses it
/// (false, EINVAL).
fn set_ipv6_only(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "setIPv6Only")?;
    let call = net.call("setIPv6Only");
    let on = bool_arg(js::arg(args, 0), &call, "enable")?;
    let mut state = net.state.borrow_mut();
    let r = match &mut *state {
        State::Listening { listener, .. } => {
            let r = listener.set_ipv6_only(on);
            let host = crate::host::host(ctx);
            for fd in listener.fds() {
                host.reactor.borrow_mut().refresh(fd);
            }
            r
        }
        State::Closed => return Err(net.closed_error("setIPv6Only")),
        other => match other.socket() {
            Some(s) => s.set_ipv6_only(on),
            None => return Err(net.closed_error("setIPv6Only")),
        },
    };
    Ok(outcome(r, &call))
}

fn size_getter(this: &JsValue, method: &str, recv: bool) -> JsResult<JsValue> {
    let net = Net::of(this, method)?;
    let r = net.with_socket(method, |s| {
        if recv {
            s.recv_buffer_size()
        } else {
            s.send_buffer_size()
        }
    })?;
    Ok(match r {
        Ok(n) => JsValue::from(n as f64),
        Err(e) => {
            errno::set_io(&e);
            JsValue::from(-1)
        }
    })
}

fn get_recv_buffer_size(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    size_getter(this, "getRecvBufferSize", true)
}

fn get_send_buffer_size(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    size_getter(this, "getSendBufferSize", false)
}

fn size_setter(this: &JsValue, args: &[JsValue], method: &str, recv: bool) -> JsResult<JsValue> {
    apply(this, method, |s, call| {
        let n = js::req_int(js::arg(args, 0), call, "size", 0, i64::MAX)? as usize;
        Ok(if recv {
            s.set_recv_buffer_size(n)
        } else {
            s.set_send_buffer_size(n)
        })
    })
}

fn set_recv_buffer_size(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    size_setter(this, args, "setRecvBufferSize", true)
}

fn set_send_buffer_size(this: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    size_setter(this, args, "setSendBufferSize", false)
}

/// `getOptions()` (a jsre addition, for checks and diagnostics): the options as the
/// kernel reports them, read back with getsockopt: `{ keepAlive: { enabled, idle,
/// interval, count }, noDelay, linger: { onoff, time }, ttl, reuseAddr, ipv6Only, device,
/// recvBufferSize, sendBufferSize }`, times in ms (linger in s). An option the socket
/// does not have (ipv6Only on IPv4) is left out.
fn get_options(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "getOptions")?;
    let state = net.state.borrow();
    let Some(s) = state.socket() else {
        return Err(net.closed_error("getOptions"));
    };
    let out = crate::js::plain_object(ctx);
    if let Ok(k) = s.keepalive() {
        let o = crate::js::plain_object(ctx);
        js::set(&o, "enabled", k.enabled, ctx);
        js::set(&o, "idle", k.idle.as_millis() as f64, ctx);
        js::set(&o, "interval", k.interval.as_millis() as f64, ctx);
        js::set(&o, "count", k.count, ctx);
        js::set(&out, "keepAlive", o, ctx);
    }
    if let Ok(v) = s.nodelay() {
        js::set(&out, "noDelay", v, ctx);
    }
    if let Ok(l) = s.linger() {
        let o = crate::js::plain_object(ctx);
        js::set(&o, "onoff", l.onoff, ctx);
        js::set(&o, "time", l.secs, ctx);
        js::set(&out, "linger", o, ctx);
    }
    if let Ok(v) = s.ttl() {
        js::set(&out, "ttl", v, ctx);
    }
    if let Ok(v) = s.reuse_addr() {
        js::set(&out, "reuseAddr", v, ctx);
    }
    if let Ok(v) = s.ipv6_only() {
        js::set(&out, "ipv6Only", v, ctx);
    }
    if let Ok(d) = s.device() {
        let v = d.map_or(JsValue::undefined(), |d| js::string(&d));
        js::set(&out, "device", v, ctx);
    }
    if let Ok(n) = s.recv_buffer_size() {
        js::set(&out, "recvBufferSize", n as f64, ctx);
    }
    if let Ok(n) = s.send_buffer_size() {
        js::set(&out, "sendBufferSize", n as f64, ctx);
    }
    Ok(out.into())
}
