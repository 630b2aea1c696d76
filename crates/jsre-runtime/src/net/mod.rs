//! The one socket layer under the `tcp` and `tls` modules: a JS object with a native
//! [`object::NetObject`] inside, whose methods ([`methods`], [`options`]) serve both.
//! Only creation differs: `tls` objects carry a TLS session in their [`conn::Conn`].

pub mod addr;
pub mod conn;
pub mod create;
pub mod methods;
pub mod object;
pub mod options;

use boa_engine::object::builtins::JsFunction;
use boa_engine::{Context, JsObject, JsResult, JsValue, js_string};

use crate::host::host;
use crate::js;
use object::Kind;

const NET_JS: &str = include_str!("net.js");

/// The shared JS helpers of net.js: `{ decorate(proto), drive(obj, ms, what, done) }`.
pub fn helpers(ctx: &mut Context) -> JsResult<JsObject> {
    if let Some(h) = host(ctx).prototypes.borrow().get("net.js") {
        return Ok(h.clone());
    }
    let native = js::native_object(ctx, &[("setFailure", 2, set_failure)]);
    let helpers = crate::modules::eval_embedded(ctx, "net.js", NET_JS, native)?;
    let helpers = helpers
        .as_object()
        .ok_or_else(|| js::type_error("net.js", "did not return its helpers"))?;
    host(ctx)
        .prototypes
        .borrow_mut()
        .insert("net.js", helpers.clone());
    Ok(helpers)
}

/// Builds (once per task) the prototype of `kind` objects: the shared native methods,
/// `extra` ones, and the async accept from net.js.
pub fn prototype(
    ctx: &mut Context,
    kind: Kind,
    extra: &[(&str, usize, js::NativeFn)],
) -> JsResult<JsObject> {
    if let Some(p) = host(ctx).prototypes.borrow().get(kind.name()) {
        return Ok(p.clone());
    }
    let all: Vec<(&str, usize, js::NativeFn)> = methods::METHODS
        .iter()
        .chain(options::METHODS)
        .chain(extra)
        .copied()
        .collect();
    let proto = js::native_object(ctx, &all);
    let helpers = helpers(ctx)?;
    let decorate = helpers.get(js_string!("decorate"), ctx)?;
    js::req_function(&decorate, "net.js", "decorate")?.call(
        &JsValue::undefined(),
        &[proto.clone().into()],
        ctx,
    )?;
    host(ctx)
        .prototypes
        .borrow_mut()
        .insert(kind.name(), proto.clone());
    Ok(proto)
}

/// The `drive` helper of net.js.
pub fn driver(ctx: &mut Context) -> JsResult<JsFunction> {
    let helpers = helpers(ctx)?;
    let drive = helpers.get(js_string!("drive"), ctx)?;
    js::req_function(&drive, "net.js", "drive")
}

/// `setFailure(errno, message)`: sets the errno slot with a specific message.
fn set_failure(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let n = js::arg(args, 0).to_i32(ctx)?;
    let message = js::opt_string(js::arg(args, 1), "setFailure", "message")?;
    crate::errno::set(n, message);
    Ok(JsValue::undefined())
}
