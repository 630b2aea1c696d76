//! JS sockaddr objects `{ domain, addr, port }` to and from socket addresses.

use std::net::SocketAddr;

use boa_engine::{Context, JsObject, JsResult, JsValue, js_string};
use jsre_net::SockAddr;

use crate::js;

/// Reads a sockaddr argument. A missing `domain` is inferred from `addr`; a malformed
/// object is a TypeError naming the call.
pub fn from_js(v: &JsValue, call: &str, ctx: &mut Context) -> JsResult<SocketAddr> {
    let obj = v
        .as_object()
        .ok_or_else(|| js::type_error(call, "sockaddr must be an object { domain, addr, port }"))?;
    let domain = obj.get(js_string!("domain"), ctx)?;
    let domain =
        js::opt_int(&domain, call, "sockaddr.domain", 0, i32::MAX as i64)?.unwrap_or(0) as i32;
    let addr = obj.get(js_string!("addr"), ctx)?;
    let addr = js::opt_string(&addr, call, "sockaddr.addr")?;
    let port = obj.get(js_string!("port"), ctx)?;
    let port = js::opt_int(&port, call, "sockaddr.port", 0, 65535)?.unwrap_or(0) as u16;
    let addr = match addr {
        Some(a) => a,
        None if domain == jsre_net::AF_INET6 => "::".into(),
        None => "0.0.0.0".into(),
    };
    SockAddr::new(domain, addr, port)
        .to_socket_addr()
        .map_err(|e| js::type_error(call, format!("sockaddr: {e}")))
}

/// A sockaddr object for `addr`.
pub fn to_js(addr: &SocketAddr, ctx: &mut Context) -> JsObject {
    let s = SockAddr::from_socket_addr(addr);
    let obj = crate::js::plain_object(ctx);
    js::set(&obj, "domain", s.domain, ctx);
    js::set(&obj, "addr", js::string(&s.addr), ctx);
    js::set(&obj, "port", s.port, ctx);
    obj
}

/// Copies `addr`'s fields into a caller's object (the `remoteAddr` argument of accept).
pub fn fill(target: &JsValue, addr: &SocketAddr, ctx: &mut Context) -> JsResult<()> {
    let Some(obj) = target.as_object() else {
        return Ok(());
    };
    let s = SockAddr::from_socket_addr(addr);
    obj.set(js_string!("domain"), s.domain, false, ctx)?;
    obj.set(js_string!("addr"), js::string(&s.addr), false, ctx)?;
    obj.set(js_string!("port"), s.port, false, ctx)?;
    Ok(())
}

/// `sockaddr(addr, port[, domain])` as `socket.sockaddr`, `Tcp.sockaddr` and `Tls.sockaddr`
/// build it: the domain follows the address text when not given.
pub fn sockaddr(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "sockaddr";
    let addr = js::opt_string(js::arg(args, 0), CALL, "addr")?.unwrap_or_else(|| "0.0.0.0".into());
    let port = js::opt_int(js::arg(args, 1), CALL, "port", 0, 65535)?.unwrap_or(0);
    let domain = js::opt_int(js::arg(args, 2), CALL, "domain", 0, i32::MAX as i64)?.unwrap_or(0);
    let parsed = SockAddr::new(domain as i32, addr, port as u16)
        .to_socket_addr()
        .map_err(|e| js::type_error(CALL, e))?;
    Ok(to_js(&parsed, ctx).into())
}

/// `sockaddr6(addr, port[, scope])`.
pub fn sockaddr6(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "sockaddr6";
    let addr = js::opt_string(js::arg(args, 0), CALL, "addr")?.unwrap_or_else(|| "::".into());
    let port = js::opt_int(js::arg(args, 1), CALL, "port", 0, 65535)?.unwrap_or(0);
    let text = match js::opt_string(js::arg(args, 2), CALL, "scope")? {
        Some(scope) if !addr.contains('%') => format!("{addr}%{scope}"),
        _ => addr,
    };
    let parsed = SockAddr::new(jsre_net::AF_INET6, text, port as u16)
        .to_socket_addr()
        .map_err(|e| js::type_error(CALL, e))?;
    Ok(to_js(&parsed, ctx).into())
}

/// The address-family and address constants shared by `socket`, `tcp` and `tls`.
pub fn install_constants(obj: &JsObject, ctx: &mut Context) {
    js::set(obj, "AF_INET", jsre_net::AF_INET, ctx);
    js::set(obj, "AF_INET6", jsre_net::AF_INET6, ctx);
    for (name, value) in [
        ("INADDR_ANY", "0.0.0.0"),
        ("INADDR_LOOPBACK", "127.0.0.1"),
        ("INADDR_NONE", "255.255.255.255"),
        ("INADDR_BROADCAST", "255.255.255.255"),
        ("IN6ADDR_ANY", "::"),
        ("IN6ADDR_LOOPBACK", "::1"),
        ("IN6ADDR_NODELOCAL_ALLNODES", "ff01::1"),
        ("IN6ADDR_LINKLOCAL_ALLNODES", "ff02::1"),
        // As JSRE declares it (a slip for ff02::2 upstream, kept for compatibility).
        ("IN6ADDR_LINKLOCAL_ALLROUTERS", "ff01::2"),
    ] {
        js::set(obj, name, js::string(value), ctx);
    }
}
