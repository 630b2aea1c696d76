//! Small helpers every binding uses: native functions that cannot unwind into the engine,
//! argument checks whose errors name the call and the argument, and byte access to
//! Uint8Arrays (Buffers).

use std::panic::{AssertUnwindSafe, catch_unwind};

use boa_engine::builtins::array_buffer::AlignedVec;
use boa_engine::builtins::typed_array::TypedArray;
use boa_engine::object::builtins::{JsArrayBuffer, JsFunction, JsUint8Array};
use boa_engine::object::{FunctionObjectBuilder, ObjectInitializer};
use boa_engine::property::Attribute;
use boa_engine::{
    Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, NativeFunction,
    js_string,
};

/// A new object of `proto` carrying `data`, on the context's shared shapes: objects made
/// the same way share one shape (no per-object property table) and property reads hit
/// the interpreter's inline caches. (`JsObject::from_proto_and_data` and
/// `with_object_proto` give each object a unique shape of its own.)
pub fn object_with_data<T: boa_engine::NativeObject>(
    ctx: &Context,
    proto: JsObject,
    data: T,
) -> JsObject {
    JsObject::new(ctx.root_shape(), proto, data).upcast()
}

/// A new ordinary object (`{}`), on the context's shared shapes (see [`object_with_data`]).
pub fn plain_object(ctx: &Context) -> JsObject {
    let proto = ctx.intrinsics().constructors().object().prototype();
    object_with_data(ctx, proto, boa_engine::builtins::object::OrdinaryObject)
}

/// The signature of every native function we expose.
pub type NativeFn = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

/// Builds a JS function from `f`. A Rust panic inside becomes a JS `Error` instead of
/// unwinding through the engine, where `try/catch` would never see it.
pub fn function(ctx: &mut Context, name: &str, length: usize, f: NativeFn) -> JsFunction {
    let native = NativeFunction::from_copy_closure(move |this, args, ctx| {
        match catch_unwind(AssertUnwindSafe(|| f(this, args, ctx))) {
            Ok(result) => result,
            Err(_) => Err(JsNativeError::error()
                .with_message("internal error: a native function panicked (this is a jsre bug)")
                .into()),
        }
    });
    FunctionObjectBuilder::new(ctx.realm(), native)
        .name(JsString::from(name))
        .length(length)
        .build()
}

/// Builds a plain object holding the given native functions.
pub fn native_object(ctx: &mut Context, functions: &[(&str, usize, NativeFn)]) -> JsObject {
    let built: Vec<(&str, JsFunction)> = functions
        .iter()
        .map(|(name, len, f)| (*name, function(ctx, name, *len, *f)))
        .collect();
    let mut init = ObjectInitializer::new(ctx);
    for (name, f) in built {
        init.property(JsString::from(name), f, Attribute::all());
    }
    init.build()
}

/// Sets a property, ignoring the (impossible for plain objects) failure.
pub fn set(obj: &JsObject, key: &str, value: impl Into<JsValue>, ctx: &mut Context) {
    let _ = obj.set(JsString::from(key), value, false, ctx);
}

/// A TypeError whose message begins with the call, e.g. `tls.recv: buffer must be a Buffer`.
pub fn type_error(call: &str, message: impl std::fmt::Display) -> JsError {
    JsNativeError::typ()
        .with_message(format!("{call}: {message}"))
        .into()
}

/// A RangeError whose message begins with the call.
pub fn range_error(call: &str, message: impl std::fmt::Display) -> JsError {
    JsNativeError::range()
        .with_message(format!("{call}: {message}"))
        .into()
}

/// The argument at `i`, or `undefined`.
pub fn arg(args: &[JsValue], i: usize) -> &JsValue {
    boa_engine::JsArgs::get_or_undefined(args, i)
}

/// `undefined` or `null`: the argument was left out.
pub fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// An optional integer argument: `None` when absent; a TypeError when not a number; a
/// RangeError when not an integer in `min..=max`.
pub fn opt_int(v: &JsValue, call: &str, name: &str, min: i64, max: i64) -> JsResult<Option<i64>> {
    if is_absent(v) {
        return Ok(None);
    }
    let Some(n) = v.as_number() else {
        return Err(type_error(call, format!("{name} must be a number")));
    };
    // The common case first: `as` saturates (and maps NaN to 0), so the round trip
    // gives back `n` only for an integer in i64's range. `f64::fract` is a libm call on
    // baseline x86-64, and this runs for every offset and length of every recv and send.
    let int = n as i64;
    if int as f64 == n && (min..=max).contains(&int) {
        return Ok(Some(int));
    }
    if n.fract() != 0.0 || n.is_nan() {
        return Err(type_error(
            call,
            format!("{name} must be an integer, got {n}"),
        ));
    }
    if n < min as f64 || n > max as f64 {
        return Err(range_error(
            call,
            format!("{name} {n} is outside {min}..{max}"),
        ));
    }
    Ok(Some(n as i64))
}

/// A required integer argument.
pub fn req_int(v: &JsValue, call: &str, name: &str, min: i64, max: i64) -> JsResult<i64> {
    opt_int(v, call, name, min, max)?.ok_or_else(|| type_error(call, format!("{name} is required")))
}

/// An optional timeout in milliseconds: absent or negative means "wait for ever".
pub fn opt_timeout(v: &JsValue, call: &str) -> JsResult<Option<std::time::Duration>> {
    if is_absent(v) {
        return Ok(None);
    }
    let Some(n) = v.as_number() else {
        return Err(type_error(call, "timeout must be a number of milliseconds"));
    };
    if n.is_nan() || n < 0.0 {
        return Ok(None);
    }
    Ok(Some(std::time::Duration::from_micros((n * 1000.0) as u64)))
}

/// A required string argument.
pub fn req_string(v: &JsValue, call: &str, name: &str) -> JsResult<String> {
    match v.as_string() {
        Some(s) => Ok(s.to_std_string_lossy()),
        None => Err(type_error(call, format!("{name} must be a string"))),
    }
}

/// An optional string argument.
pub fn opt_string(v: &JsValue, call: &str, name: &str) -> JsResult<Option<String>> {
    if is_absent(v) {
        return Ok(None);
    }
    req_string(v, call, name).map(Some)
}

/// A required function argument.
pub fn req_function(v: &JsValue, call: &str, name: &str) -> JsResult<JsFunction> {
    v.as_object()
        .and_then(JsFunction::from_object)
        .ok_or_else(|| type_error(call, format!("{name} must be a function")))
}

/// A window onto the bytes of a Uint8Array (a Buffer), by its buffer, offset and length.
pub struct Bytes {
    buffer: JsArrayBuffer,
    offset: usize,
    len: usize,
}

impl Bytes {
    /// The bytes of `v`, which must be a Uint8Array (a Buffer is one).
    pub fn of(v: &JsValue, call: &str, name: &str, ctx: &mut Context) -> JsResult<Bytes> {
        let not_bytes = || type_error(call, format!("{name} must be a Buffer or Uint8Array"));
        let obj = v.as_object().ok_or_else(not_bytes)?;
        let array = JsUint8Array::from_object(obj.clone()).map_err(|_| not_bytes())?;
        let buffer = array
            .buffer(ctx)?
            .as_object()
            .and_then(|b| JsArrayBuffer::from_object(b).ok())
            .ok_or_else(|| type_error(call, format!("{name} is not backed by an ArrayBuffer")))?;
        // Offset and length straight from the view's record (its JS getters would each be
        // a native call): a detached or shrunk buffer gives length 0, as the getters do.
        let buffer_len = buffer.data().map_or(0, |d| d.len());
        let (offset, len) = obj
            .downcast_ref::<TypedArray>()
            .map(|ta| (ta.byte_offset(), ta.byte_length(buffer_len)))
            .ok_or_else(not_bytes)?;
        let (offset, len) = (offset as usize, len as usize);
        Ok(Bytes {
            buffer,
            offset,
            len,
        })
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the view is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Runs `f` over the bytes; a detached buffer reads as empty.
    pub fn with<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self.buffer.data() {
            Some(data) => f(data
                .get(self.offset..self.offset + self.len)
                .unwrap_or_default()),
            None => f(&[]),
        }
    }

    /// Runs `f` over the bytes, writable; a detached buffer reads as empty.
    pub fn with_mut<R>(&self, f: impl FnOnce(&mut [u8]) -> R) -> R {
        match self.buffer.data_mut() {
            Some(mut data) => f(data
                .get_mut(self.offset..self.offset + self.len)
                .unwrap_or_default()),
            None => f(&mut []),
        }
    }

    /// A copy of the bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        self.with(<[u8]>::to_vec)
    }
}

/// Resolves `offset` and `length` arguments against a buffer of `len` bytes, with
/// RangeErrors that say which argument is out of range and by how much.
pub fn byte_range(
    len: usize,
    offset: &JsValue,
    length: &JsValue,
    call: &str,
) -> JsResult<(usize, usize)> {
    let off = opt_int(offset, call, "offset", 0, i64::MAX)?.unwrap_or(0) as usize;
    if off > len {
        return Err(range_error(
            call,
            format!("offset {off} is beyond buffer length {len}"),
        ));
    }
    let count = match opt_int(length, call, "length", 0, i64::MAX)? {
        Some(n) => n as usize,
        None => len - off,
    };
    if count > len - off {
        return Err(range_error(
            call,
            format!("length {count} at offset {off} is beyond buffer length {len}"),
        ));
    }
    Ok((off, count))
}

/// A new ArrayBuffer holding a copy of `data`.
pub fn array_buffer(data: &[u8], ctx: &mut Context) -> JsResult<JsArrayBuffer> {
    let block = AlignedVec::<u8>::from_slice(64, data);
    JsArrayBuffer::from_byte_block(block, ctx)
}

/// Converts a Rust string into a JS string value.
pub fn string(s: &str) -> JsValue {
    JsValue::from(JsString::from(s))
}

/// The `message` of a thrown value, for reports.
pub fn error_message(err: &JsError, ctx: &mut Context) -> String {
    match err.clone().into_opaque(ctx) {
        Ok(v) => v
            .as_object()
            .and_then(|o| o.get(js_string!("message"), ctx).ok())
            .filter(|m| !m.is_undefined())
            .map(|m| plain_text(&m))
            .unwrap_or_else(|| plain_text(&v)),
        Err(_) => err.to_string(),
    }
}

/// A value as text without quotes: strings as they are, anything else as displayed.
pub fn plain_text(v: &JsValue) -> String {
    match v.as_string() {
        Some(s) => s.to_std_string_lossy(),
        None => v.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which kind of error (or value) `opt_int` gives for `n` in `min..=max`.
    fn int_result(n: f64, min: i64, max: i64) -> Result<Option<i64>, String> {
        opt_int(&JsValue::from(n), "t", "n", min, max).map_err(|e| e.to_string())
    }

    #[test]
    fn opt_int_takes_integers_in_range() {
        assert_eq!(int_result(0.0, 0, 10), Ok(Some(0)));
        assert_eq!(int_result(-0.0, 0, 10), Ok(Some(0)));
        assert_eq!(int_result(10.0, 0, 10), Ok(Some(10)));
        assert_eq!(int_result(-5.0, -5, 5), Ok(Some(-5)));
        assert_eq!(
            int_result(9007199254740992.0, 0, i64::MAX),
            Ok(Some(1 << 53))
        );
        let absent = opt_int(&JsValue::undefined(), "t", "n", 0, 1);
        assert_eq!(absent.ok(), Some(None));
    }

    #[test]
    fn opt_int_tells_fractions_from_out_of_range() {
        for n in [0.5, -1.25, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = int_result(n, 0, 10).expect_err("not an integer");
            assert!(
                err.starts_with("TypeError") && err.contains("must be an integer"),
                "{err}"
            );
        }
        for n in [11.0, -1.0, 1e20, -1e300, 9223372036854775808.0] {
            let err = int_result(n, 0, 10).expect_err("outside");
            assert!(
                err.starts_with("RangeError") && err.contains("outside 0..10"),
                "{err}"
            );
        }
        let err = int_result(1e300, 0, i64::MAX).expect_err("beyond i64");
        assert!(err.contains("outside"), "{err}");
    }
}
