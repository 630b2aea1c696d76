//! `require('tls')`: the documented Tls module on rustls (crate jsre-tls) and the shared
//! socket layer (crate::net). Options are parsed here, once, into jsre-tls' types.

use std::sync::Arc;

use boa_engine::object::builtins::JsArray;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_string};
use jsre_tls::{ClientContext, ClientOptions, ServerContext, ServerOptions};

use crate::errno;
use crate::js;
use crate::net::conn::Failure;
use crate::net::object::{Kind, Net, State};
use crate::net::{addr, create};

/// Methods only tls objects have.
const TLS_METHODS: &[(&str, usize, js::NativeFn)] = &[
    ("addcert", 1, addcert),
    ("getProtocol", 0, get_protocol),
    ("getCipher", 0, get_cipher),
    ("getPeerCertificate", 0, get_peer_certificate),
    ("alpnProtocol", 0, alpn_protocol),
    ("isAuthorized", 0, is_authorized),
    ("getAuthorizationError", 0, authorization_error),
];

/// Builds the `Tls` module object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let proto = crate::net::prototype(ctx, Kind::Tls, TLS_METHODS)?;
    for (name, getter) in [
        ("authorized", "isAuthorized"),
        ("authorizationError", "getAuthorizationError"),
    ] {
        let f = proto.get(JsString::from(getter), ctx)?;
        if let Some(f) = f.as_object() {
            proto.define_property_or_throw(
                JsString::from(name),
                PropertyDescriptor::builder()
                    .get(f.clone())
                    .enumerable(false)
                    .configurable(true),
                ctx,
            )?;
        }
    }
    let module = js::native_object(
        ctx,
        &[
            ("createServer", 4, create_server),
            ("createSerCtx", 1, create_ser_ctx),
            ("createClient", 3, create_client),
            ("createByFd", 3, create_by_fd),
            ("sockaddr", 3, addr::sockaddr),
        ],
    );
    addr::install_constants(&module, ctx);
    Ok(module.into())
}

/// Reads an optional string option `name` of `opt`.
fn opt_str(opt: &JsObject, name: &str, call: &str, ctx: &mut Context) -> JsResult<Option<String>> {
    let v = opt.get(JsString::from(name), ctx)?;
    js::opt_string(&v, call, &format!("opt.{name}"))
}

fn opt_bool(opt: &JsObject, name: &str, ctx: &mut Context) -> JsResult<bool> {
    Ok(opt.get(JsString::from(name), ctx)?.to_boolean())
}

/// handshakeTimeout: a number of ms, clamped to 2000..=120000 (default 60000).
fn handshake_timeout(opt: &JsObject, call: &str, ctx: &mut Context) -> JsResult<u32> {
    let v = opt.get(js_string!("handshakeTimeout"), ctx)?;
    let ms = js::opt_int(&v, call, "opt.handshakeTimeout", i64::MIN, i64::MAX)?;
    Ok(ms.map_or(jsre_tls::DEFAULT_HANDSHAKE_TIMEOUT_MS, |ms| {
        jsre_tls::clamp_handshake_timeout(ms.clamp(0, u32::MAX as i64) as u32)
    }))
}

/// The `alpn` option: an array of protocol names.
fn alpn(opt: &JsObject, call: &str, ctx: &mut Context) -> JsResult<Vec<Vec<u8>>> {
    let v = opt.get(js_string!("alpn"), ctx)?;
    if js::is_absent(&v) {
        return Ok(Vec::new());
    }
    let arr = v
        .as_object()
        .filter(|o| o.is_array())
        .ok_or_else(|| js::type_error(call, "opt.alpn must be an array of strings"))?;
    let arr = JsArray::from_object(arr)?;
    let mut out = Vec::new();
    for i in 0..arr.length(ctx)? {
        out.push(js::req_string(&arr.get(i, ctx)?, call, "opt.alpn[i]")?.into_bytes());
    }
    Ok(out)
}

fn options_object(v: &JsValue, call: &str) -> JsResult<JsObject> {
    v.as_object()
        .ok_or_else(|| js::type_error(call, "opt must be an object"))
}

/// Server options; `cert` is required (a TypeError when missing).
fn server_options(opt: &JsObject, call: &str, ctx: &mut Context) -> JsResult<ServerOptions> {
    let cert = opt_str(opt, "cert", call, ctx)?
        .ok_or_else(|| js::type_error(call, "opt.cert is required (a PEM string)"))?;
    Ok(ServerOptions {
        cert,
        key: opt_str(opt, "key", call, ctx)?,
        passwd: opt_str(opt, "passwd", call, ctx)?,
        ca: opt_str(opt, "ca", call, ctx)?,
        ipcert: opt_bool(opt, "ipcert", ctx)?,
        renegotiate: opt_bool(opt, "renegotiate", ctx)?,
        handshake_timeout_ms: handshake_timeout(opt, call, ctx)?,
        alpn: alpn(opt, call, ctx)?,
    })
}

/// Builds a server context and registers it under `opt.name` when given.
fn server_context(
    opt: &JsObject,
    call: &str,
    ctx: &mut Context,
) -> JsResult<Result<Arc<ServerContext>, Failure>> {
    let options = server_options(opt, call, ctx)?;
    let name = opt_str(opt, "name", call, ctx)?;
    Ok(match ServerContext::new(&options) {
        Ok(server) => {
            if let Some(name) = name {
                jsre_tls::register_server(&name, Arc::clone(&server));
            }
            Ok(server)
        }
        Err(e) => Err(Failure::tls(&e)),
    })
}

/// `Tls.createServer(opt, sockaddr[, backlog[, dev]])`.
fn create_server(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Tls.createServer";
    let opt = options_object(js::arg(args, 0), CALL)?;
    let addr = addr::from_js(js::arg(args, 1), CALL, ctx)?;
    let backlog = super::tcp::backlog_arg(js::arg(args, 2), CALL)?;
    let dev = js::opt_string(js::arg(args, 3), CALL, "dev")?;
    let server = match server_context(&opt, CALL, ctx)? {
        Ok(s) => s,
        Err(f) => return Ok(create::fail(f)),
    };
    create::listen(ctx, Kind::Tls, addr, backlog, dev.as_deref(), Some(server))
}

/// `Tls.createSerCtx(opt)`: registers a server context under `opt.name` (required) for
/// `createByFd` in any task. Returns `{ name, addcert(opt) }`, or undefined with errno.
fn create_ser_ctx(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Tls.createSerCtx";
    let opt = options_object(js::arg(args, 0), CALL)?;
    let name = opt_str(&opt, "name", CALL, ctx)?
        .ok_or_else(|| js::type_error(CALL, "opt.name is required"))?;
    if let Err(f) = server_context(&opt, CALL, ctx)? {
        return Ok(create::fail(f));
    }
    let handle = js::native_object(ctx, &[("addcert", 1, context_addcert)]);
    js::set(&handle, "name", js::string(&name), ctx);
    Ok(handle.into())
}

/// Client options; `rejectUnauthorinzed` (the official typings' spelling) counts too.
fn client_options(opt: &JsObject, call: &str, ctx: &mut Context) -> JsResult<ClientOptions> {
    Ok(ClientOptions {
        reject_unauthorized: opt_bool(opt, "rejectUnauthorized", ctx)?
            || opt_bool(opt, "rejectUnauthorinzed", ctx)?,
        load_default_certs: opt_bool(opt, "loadDefaultCerts", ctx)?,
        ca: opt_str(opt, "ca", call, ctx)?,
        server: opt_str(opt, "server", call, ctx)?,
        cert: opt_str(opt, "cert", call, ctx)?,
        key: opt_str(opt, "key", call, ctx)?,
        passwd: opt_str(opt, "passwd", call, ctx)?,
        handshake_timeout_ms: handshake_timeout(opt, call, ctx)?,
        renegotiate: opt_bool(opt, "renegotiate", ctx)?,
        alpn: alpn(opt, call, ctx)?,
    })
}

/// `Tls.createClient(opt, sockaddr[, timeout])` (blocking) or
/// `(opt, sockaddr, callback(tls, remote))` (from iosched.poll).
fn create_client(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Tls.createClient";
    let opt = options_object(js::arg(args, 0), CALL)?;
    let addr = addr::from_js(js::arg(args, 1), CALL, ctx)?;
    let options = client_options(&opt, CALL, ctx)?;
    let client = match ClientContext::shared(&options) {
        Ok(c) => c,
        Err(e) => return Ok(create::fail(Failure::tls(&e))),
    };
    let third = js::arg(args, 2);
    if third.as_callable().is_some() {
        let callback = js::req_function(third, CALL, "callback")?;
        return create::connect_async(ctx, Kind::Tls, addr, Some(client), callback);
    }
    let timeout = js::opt_timeout(third, CALL)?;
    create::connect_sync(ctx, Kind::Tls, addr, timeout, Some(client))
}

/// `Tls.createByFd(name, sockFd[, timeout])` (blocking handshake) or
/// `(name, sockFd, callback(tls))` (handshake from iosched.poll).
fn create_by_fd(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "Tls.createByFd";
    let name = js::req_string(js::arg(args, 0), CALL, "name")?;
    let fd = js::req_int(
        js::arg(args, 1),
        CALL,
        "sockFd",
        i32::MIN as i64,
        i32::MAX as i64,
    )? as i32;
    let third = js::arg(args, 2);
    let (timeout, callback) = match third.as_callable() {
        Some(_) => (None, Some(js::req_function(third, CALL, "callback")?)),
        None => (js::opt_timeout(third, CALL)?, None),
    };
    let Some(server) = jsre_tls::lookup_server(&name) else {
        return Ok(create::fail(Failure::new(
            errno::code::EINVAL,
            format!(
                "no TLS server context named '{name}' (create it with Tls.createServer or Tls.createSerCtx)"
            ),
        )));
    };
    create::adopt(ctx, Kind::Tls, fd, Some(server), timeout, callback)
}

/// Adds an SNI certificate from `{ name, ca, cert, key, passwd }` to `server`.
fn add_cert_to(
    server: &ServerContext,
    opt: &JsValue,
    call: &str,
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let opt = options_object(opt, call)?;
    let name = opt_str(&opt, "name", call, ctx)?
        .ok_or_else(|| js::type_error(call, "opt.name is required"))?;
    let cert = opt_str(&opt, "cert", call, ctx)?
        .ok_or_else(|| js::type_error(call, "opt.cert is required"))?;
    let key = opt_str(&opt, "key", call, ctx)?;
    let passwd = opt_str(&opt, "passwd", call, ctx)?;
    let ca = opt_str(&opt, "ca", call, ctx)?;
    Ok(
        match server.add_cert(
            &name,
            &cert,
            key.as_deref(),
            passwd.as_deref(),
            ca.as_deref(),
        ) {
            Ok(()) => {
                errno::clear();
                true.into()
            }
            Err(e) => {
                Failure::tls(&e).record();
                false.into()
            }
        },
    )
}

/// `tls.addcert(opt)` on a server: true, or false with errno.
fn addcert(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let net = Net::of(this, "addcert")?;
    let call = net.call("addcert");
    let server = match &*net.state.borrow() {
        State::Listening {
            server: Some(s), ..
        } => Arc::clone(s),
        State::Closed => return Err(net.closed_error("addcert")),
        _ => {
            return Err(js::type_error(
                &call,
                "addcert is for a server made by Tls.createServer",
            ));
        }
    };
    add_cert_to(&server, js::arg(args, 0), &call, ctx)
}

/// `addcert(opt)` on a context handle from createSerCtx.
fn context_addcert(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    const CALL: &str = "ctx.addcert";
    let name = this
        .as_object()
        .map(|o| o.get(js_string!("name"), ctx))
        .transpose()?
        .and_then(|v| v.as_string().map(|s| s.to_std_string_lossy()))
        .ok_or_else(|| js::type_error(CALL, "this is not a context from Tls.createSerCtx"))?;
    let server = jsre_tls::lookup_server(&name)
        .ok_or_else(|| js::type_error(CALL, format!("no context named '{name}'")))?;
    add_cert_to(&server, js::arg(args, 0), CALL, ctx)
}

/// Reads the session of a connected tls object.
fn with_session<R>(
    this: &JsValue,
    method: &str,
    f: impl FnOnce(&jsre_tls::Session) -> R,
) -> JsResult<Option<R>> {
    let net = Net::of(this, method)?;
    let state = net.state.borrow();
    match &*state {
        State::Connected(conn) | State::Connecting(conn) => Ok(conn.session().map(f)),
        State::Closed => Err(net.closed_error(method)),
        State::Listening { .. } => Ok(None),
    }
}

fn opt_text(v: Option<Option<String>>) -> JsValue {
    v.flatten().map_or(JsValue::undefined(), |s| js::string(&s))
}

/// `tls.getProtocol()`: 'TLSv1.2' or 'TLSv1.3' once handshaked.
fn get_protocol(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(opt_text(with_session(this, "getProtocol", |s| {
        s.protocol_version().map(str::to_string)
    })?))
}

/// `tls.getCipher()`: the negotiated cipher suite name.
fn get_cipher(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(opt_text(with_session(
        this,
        "getCipher",
        jsre_tls::Session::cipher_suite,
    )?))
}

fn alpn_protocol(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(opt_text(with_session(this, "alpnProtocol", |s| {
        s.alpn_protocol()
            .map(|p| String::from_utf8_lossy(&p).into_owned())
    })?))
}

fn is_authorized(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(
        with_session(this, "authorized", jsre_tls::Session::authorized)?
            .unwrap_or(false)
            .into(),
    )
}

fn authorization_error(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(opt_text(with_session(
        this,
        "authorizationError",
        jsre_tls::Session::authorization_error,
    )?))
}

/// `tls.getPeerCertificate()`: `{ subject, issuer, valid_from, valid_to, subjectaltname,
/// serialNumber, fingerprint256 }`, or undefined when the peer sent none.
fn get_peer_certificate(this: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let Some(Some(info)) = with_session(
        this,
        "getPeerCertificate",
        jsre_tls::Session::peer_certificate,
    )?
    else {
        return Ok(JsValue::undefined());
    };
    let obj = crate::js::plain_object(ctx);
    js::set(&obj, "subject", js::string(&info.subject), ctx);
    js::set(&obj, "issuer", js::string(&info.issuer), ctx);
    js::set(&obj, "valid_from", js::string(&info.not_before), ctx);
    js::set(&obj, "valid_to", js::string(&info.not_after), ctx);
    js::set(
        &obj,
        "subjectaltname",
        js::string(&info.subject_alt_names.join(", ")),
        ctx,
    );
    js::set(&obj, "serialNumber", js::string(&info.serial_number), ctx);
    js::set(
        &obj,
        "fingerprint256",
        js::string(&info.fingerprint_sha256),
        ctx,
    );
    Ok(obj.into())
}
