//! `events`: the EventEmitter class, written in events.js; `require('events')` returns
//! the class itself, which is also the global `EventEmitter`.

use boa_engine::{Context, JsResult, JsValue};

const SOURCE: &str = include_str!("events.js");

/// Builds the EventEmitter class.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let native = crate::js::plain_object(ctx);
    super::eval_embedded(ctx, "events.js", SOURCE, native)
}
