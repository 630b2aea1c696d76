//! `console`: log/info/warn/error with JSRE's flags (`inspectEnable`, `depth`,
//! `timestampEnable`), formatting in console.js, writing here.

use std::io::Write;

use boa_engine::{Context, JsResult, JsValue};

use crate::js;

const SOURCE: &str = include_str!("console.js");

/// Builds the `console` object.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let native = js::native_object(ctx, &[("write", 2, write), ("flush", 0, flush_js)]);
    super::eval_embedded(ctx, "console.js", SOURCE, native)
}

/// Flushes stdout and stderr; called before the process ends.
pub fn flush() {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

/// `write(stream, text)`: stream 1 is stdout, 2 is stderr. A closed pipe is ignored:
/// a script's output going nowhere must not end the script.
fn write(_: &JsValue, args: &[JsValue], _ctx: &mut Context) -> JsResult<JsValue> {
    let text = js::arg(args, 1)
        .as_string()
        .map(|s| s.to_std_string_lossy())
        .unwrap_or_default();
    if js::arg(args, 0).as_number() == Some(2.0) {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
    } else {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
    }
    Ok(JsValue::undefined())
}

fn flush_js(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    flush();
    Ok(JsValue::undefined())
}
