//! `require('process')`: exit, argv, env, platform, pid.

use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsResult, JsValue};

use crate::host::host;
use crate::js;

/// Builds the `process` object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let process = js::native_object(
        ctx,
        &[
            ("exit", 1, exit),
            ("platform", 0, platform),
            ("getpid", 0, getpid),
            ("cwd", 0, cwd),
        ],
    );
    let argv: Vec<JsValue> = host(ctx).argv.iter().map(|a| js::string(a)).collect();
    let argv = JsArray::from_iter(argv, ctx);
    js::set(&process, "argv", argv, ctx);
    let env = crate::js::plain_object(ctx);
    for (k, v) in std::env::vars_os() {
        js::set(
            &env,
            &k.to_string_lossy(),
            js::string(&v.to_string_lossy()),
            ctx,
        );
    }
    js::set(&process, "env", env, ctx);
    js::set(&process, "pid", std::process::id(), ctx);
    Ok(process.into())
}

/// `process.exit([code])`: ends the whole process, every task with it.
fn exit(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let code = js::opt_int(js::arg(args, 0), "process.exit", "code", 0, 255)?.unwrap_or(0);
    super::console::flush();
    // TLS records that callbacks' sends left for the end of the turn's callbacks go out first.
    crate::turn::flush_pending_now();
    std::process::exit(code as i32);
}

/// The host platform: `linux` here (JSRE on EdgerOS says `SylixOS`).
fn platform(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(js::string(std::env::consts::OS))
}

fn getpid(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(std::process::id().into())
}

fn cwd(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(std::env::current_dir().map_or(JsValue::undefined(), |d| js::string(&d.to_string_lossy())))
}
