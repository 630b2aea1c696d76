//! `require('tcp')`: TCP servers and clients on the shared socket layer (crate::net).

use boa_engine::{Context, JsResult, JsValue};

use crate::js;
use crate::net::object::Kind;
use crate::net::{addr, create};

/// Builds the `Tcp` module object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    crate::net::prototype(ctx, Kind::Tcp, &[])?;
    let module = js::native_object(
        ctx,
        &[
            ("createServer", 3, create_server),
            ("createClient", 2, create_client),
            ("createByFd", 1, create_by_fd),
            ("sockaddr", 3, addr::sockaddr),
        ],
    );
    addr::install_constants(&module, ctx);
    Ok(module.into())
}

/// A listen backlog argument (default 5).
pub fn backlog_arg(v: &JsValue, call: &str) -> JsResult<i32> {
    Ok(js::opt_int(v, call, "backlog", 0, i32::MAX as i64)?.unwrap_or(5) as i32)
}

/// `Tcp.createServer(sockaddr[, backlog[, dev]])`.
fn create_server(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Tcp.createServer";
    let addr = addr::from_js(js::arg(args, 0), CALL, ctx)?;
    let backlog = backlog_arg(js::arg(args, 1), CALL)?;
    let dev = js::opt_string(js::arg(args, 2), CALL, "dev")?;
    create::listen(ctx, Kind::Tcp, addr, backlog, dev.as_deref(), None)
}

/// `Tcp.createClient(sockaddr[, timeout])` or `(sockaddr, callback(tcp, remote))`.
fn create_client(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Tcp.createClient";
    let addr = addr::from_js(js::arg(args, 0), CALL, ctx)?;
    let second = js::arg(args, 1);
    if let Some(callback) = second.as_callable() {
        let callback = js::req_function(&callback.clone().into(), CALL, "callback")?;
        return create::connect_async(ctx, Kind::Tcp, addr, None, callback);
    }
    let timeout = js::opt_timeout(second, CALL)?;
    create::connect_sync(ctx, Kind::Tcp, addr, timeout, None)
}

/// `Tcp.createByFd(sockFd)`: adopts a TCP socket fd (from another task's flyAway).
fn create_by_fd(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let fd = js::req_int(
        js::arg(args, 0),
        "Tcp.createByFd",
        "sockFd",
        i32::MIN as i64,
        i32::MAX as i64,
    )? as i32;
    create::adopt(ctx, Kind::Tcp, fd, None, None, None)
}
