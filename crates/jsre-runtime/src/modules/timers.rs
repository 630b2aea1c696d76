//! Timers (setTimeout, setInterval, setImmediate and their clear functions),
//! `Task.nextTick`, and atob/btoa. Timers live in the reactor and run in the turn.

use std::time::{Duration, Instant};

use base64::Engine;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsResult, JsString, JsValue};

use crate::host::{Timer, host};
use crate::js;

/// Installs the timer functions and atob/btoa as globals (`Task.nextTick` is in task).
pub fn install_globals(ctx: &mut Context) -> JsResult<()> {
    let functions: [(&str, usize, js::NativeFn); 8] = [
        ("setTimeout", 2, set_timeout),
        ("setInterval", 2, set_interval),
        ("setImmediate", 1, set_immediate),
        ("clearTimeout", 1, clear_timer),
        ("clearInterval", 1, clear_timer),
        ("clearImmediate", 1, clear_timer),
        ("atob", 1, atob),
        ("btoa", 1, btoa),
    ];
    for (name, len, f) in functions {
        let f = js::function(ctx, name, len, f);
        ctx.register_global_property(
            JsString::from(name),
            f,
            Attribute::WRITABLE | Attribute::CONFIGURABLE,
        )?;
    }
    Ok(())
}

/// Schedules a one-shot `callback(...args)` after `delay`, for native modules (the
/// handshake deadline of accepted TLS connections); returns the timer id.
pub fn schedule_native(
    ctx: &mut Context,
    delay: Duration,
    callback: boa_engine::object::builtins::JsFunction,
    args: Vec<JsValue>,
) -> u64 {
    add_timer(ctx, delay, callback, args, None)
}

fn add_timer(
    ctx: &mut Context,
    delay: Duration,
    callback: boa_engine::object::builtins::JsFunction,
    args: Vec<JsValue>,
    interval: Option<Duration>,
) -> u64 {
    let host = host(ctx);
    let reactor_id = host
        .reactor
        .borrow_mut()
        .timers()
        .add(Instant::now() + delay);
    let id = host.next_timer.get();
    host.next_timer.set(id + 1);
    host.timer_owner.borrow_mut().insert(reactor_id, id);
    host.timers.borrow_mut().insert(
        id,
        Timer {
            reactor_id,
            callback,
            args,
            interval,
        },
    );
    id
}

/// Schedules `callback(...args)` after `delay` ms (repeating when `interval`).
fn schedule(
    args: &[JsValue],
    call: &str,
    delay_index: Option<usize>,
    repeat: bool,
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let callback = js::req_function(js::arg(args, 0), call, "callback")?;
    let delay_ms = match delay_index {
        Some(i) => match js::arg(args, i).as_number() {
            Some(n) if n.is_finite() && n >= 1.0 => n.min(2_147_483_647.0),
            _ => {
                if repeat {
                    1.0
                } else {
                    0.0
                }
            }
        },
        None => 0.0,
    };
    let extra_from = delay_index.map_or(1, |i| i + 1);
    let extra = args.get(extra_from..).unwrap_or_default().to_vec();
    let delay = Duration::from_micros((delay_ms * 1000.0) as u64);
    let id = add_timer(ctx, delay, callback, extra, repeat.then_some(delay));
    Ok(JsValue::from(id as f64))
}

fn set_timeout(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    schedule(args, "setTimeout", Some(1), false, ctx)
}

fn set_interval(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    schedule(args, "setInterval", Some(1), true, ctx)
}

fn set_immediate(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    schedule(args, "setImmediate", None, false, ctx)
}

/// Cancels a timer by id; unknown ids (already fired, cleared, or not ours) are ignored.
fn clear_timer(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    if let Some(id) = js::arg(args, 0).as_number() {
        cancel(ctx, id as u64);
    }
    Ok(JsValue::undefined())
}

/// Cancels timer `id` (and drops its callback); unknown ids are ignored.
pub fn cancel(ctx: &mut Context, id: u64) {
    let host = host(ctx);
    let removed = host.timers.borrow_mut().remove(&id);
    if let Some(timer) = removed {
        host.timer_owner.borrow_mut().remove(&timer.reactor_id);
        host.reactor.borrow_mut().timers().cancel(timer.reactor_id);
    }
}

/// `Task.nextTick(callback, ...args)`: runs before promise jobs, in the next turn step.
pub fn next_tick(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let callback = js::req_function(js::arg(args, 0), "Task.nextTick", "callback")?;
    let extra = args.get(1..).unwrap_or_default().to_vec();
    host(ctx).ticks.borrow_mut().push_back((callback, extra));
    Ok(JsValue::undefined())
}

/// `btoa(string)`: base64 of a Latin-1 string; a character above U+00FF is an error.
fn btoa(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let s = js::arg(args, 0).to_string(ctx)?;
    let mut bytes = Vec::with_capacity(s.len());
    for unit in s.as_str().iter() {
        let b = u8::try_from(unit).map_err(|_| {
            js::range_error("btoa", "the string contains a character outside Latin-1")
        })?;
        bytes.push(b);
    }
    Ok(js::string(
        &base64::engine::general_purpose::STANDARD.encode(bytes),
    ))
}

/// `atob(string)`: decodes base64 into a Latin-1 string; invalid input is an error.
fn atob(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let s = js::arg(args, 0).to_string(ctx)?.to_std_string_lossy();
    let clean: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine
        .decode(clean.as_bytes())
        .map_err(|e| js::type_error("atob", format!("invalid base64: {e}")))?;
    Ok(JsString::from(boa_engine::string::JsStr::latin1(&bytes)).into())
}
