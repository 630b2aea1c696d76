//! Buffer's fixed-size number reads and writes, native: in an interpreter a native call
//! costs less than the bounds checks written in JS would.

use boa_engine::{Context, JsResult, JsValue};

use crate::js::{self, Bytes};

/// The offset argument for an access of `size` bytes in a buffer of `len` bytes.
fn offset(v: &JsValue, size: usize, len: usize, call: &str) -> JsResult<usize> {
    if v.is_undefined() {
        return check(0.0, size, len, call);
    }
    match v.as_number() {
        Some(n) if n.fract() == 0.0 => check(n, size, len, call),
        _ => Err(js::type_error(
            call,
            format!("offset must be an integer, got {}", js::plain_text(v)),
        )),
    }
}

fn check(n: f64, size: usize, len: usize, call: &str) -> JsResult<usize> {
    if n < 0.0 || n + size as f64 > len as f64 {
        let last = len as i64 - size as i64;
        return Err(js::range_error(
            call,
            format!("offset {n} is outside 0..{last}"),
        ));
    }
    Ok(n as usize)
}

/// The value argument of a write: a number in `min..=max`; integer writes truncate
/// fractions, float writes take any number (NaN included).
fn value(v: &JsValue, min: f64, max: f64, integer: bool, call: &str) -> JsResult<f64> {
    match v.as_number() {
        Some(n) if !integer => Ok(n),
        Some(n) if n >= min && n <= max => Ok(n.trunc()),
        _ => Err(js::range_error(
            call,
            format!("value {} is outside {min}..{max}", js::plain_text(v)),
        )),
    }
}

macro_rules! number_access {
    ($read:ident, $write:ident, $rname:literal, $wname:literal, $ty:ty, $from:ident, $to:ident, $min:expr, $max:expr) => {
        fn $read(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
            const SIZE: usize = std::mem::size_of::<$ty>();
            let call = concat!("Buffer.", $rname);
            let b = Bytes::of(this, call, "this", ctx)?;
            let at = offset(js::arg(args, 0), SIZE, b.len(), call)?;
            let v = b.with(|d| {
                let mut raw = [0u8; SIZE];
                if let Some(src) = d.get(at..at + SIZE) {
                    raw.copy_from_slice(src);
                }
                <$ty>::$from(raw)
            });
            Ok(JsValue::from(v as f64))
        }

        fn $write(this: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
            const SIZE: usize = std::mem::size_of::<$ty>();
            let call = concat!("Buffer.", $wname);
            let b = Bytes::of(this, call, "this", ctx)?;
            let at = offset(js::arg(args, 1), SIZE, b.len(), call)?;
            let value = value(js::arg(args, 0), $min, $max, f64::is_finite($min), call)?;
            let raw = (value as $ty).$to();
            b.with_mut(|d| {
                if let Some(dst) = d.get_mut(at..at + SIZE) {
                    dst.copy_from_slice(&raw);
                }
            });
            Ok(JsValue::from((at + SIZE) as f64))
        }
    };
}

number_access!(
    read_u8,
    write_u8,
    "readUInt8",
    "writeUInt8",
    u8,
    from_le_bytes,
    to_le_bytes,
    0.0,
    255.0
);
number_access!(
    read_i8,
    write_i8,
    "readInt8",
    "writeInt8",
    i8,
    from_le_bytes,
    to_le_bytes,
    -128.0,
    127.0
);
number_access!(
    read_u16le,
    write_u16le,
    "readUInt16LE",
    "writeUInt16LE",
    u16,
    from_le_bytes,
    to_le_bytes,
    0.0,
    65535.0
);
number_access!(
    read_u16be,
    write_u16be,
    "readUInt16BE",
    "writeUInt16BE",
    u16,
    from_be_bytes,
    to_be_bytes,
    0.0,
    65535.0
);
number_access!(
    read_i16le,
    write_i16le,
    "readInt16LE",
    "writeInt16LE",
    i16,
    from_le_bytes,
    to_le_bytes,
    -32768.0,
    32767.0
);
number_access!(
    read_i16be,
    write_i16be,
    "readInt16BE",
    "writeInt16BE",
    i16,
    from_be_bytes,
    to_be_bytes,
    -32768.0,
    32767.0
);
number_access!(
    read_u32le,
    write_u32le,
    "readUInt32LE",
    "writeUInt32LE",
    u32,
    from_le_bytes,
    to_le_bytes,
    0.0,
    4294967295.0
);
number_access!(
    read_u32be,
    write_u32be,
    "readUInt32BE",
    "writeUInt32BE",
    u32,
    from_be_bytes,
    to_be_bytes,
    0.0,
    4294967295.0
);
number_access!(
    read_i32le,
    write_i32le,
    "readInt32LE",
    "writeInt32LE",
    i32,
    from_le_bytes,
    to_le_bytes,
    -2147483648.0,
    2147483647.0
);
number_access!(
    read_i32be,
    write_i32be,
    "readInt32BE",
    "writeInt32BE",
    i32,
    from_be_bytes,
    to_be_bytes,
    -2147483648.0,
    2147483647.0
);
number_access!(
    read_f32le,
    write_f32le,
    "readFloatLE",
    "writeFloatLE",
    f32,
    from_le_bytes,
    to_le_bytes,
    f64::NEG_INFINITY,
    f64::INFINITY
);
number_access!(
    read_f32be,
    write_f32be,
    "readFloatBE",
    "writeFloatBE",
    f32,
    from_be_bytes,
    to_be_bytes,
    f64::NEG_INFINITY,
    f64::INFINITY
);
number_access!(
    read_f64le,
    write_f64le,
    "readDoubleLE",
    "writeDoubleLE",
    f64,
    from_le_bytes,
    to_le_bytes,
    f64::NEG_INFINITY,
    f64::INFINITY
);
number_access!(
    read_f64be,
    write_f64be,
    "readDoubleBE",
    "writeDoubleBE",
    f64,
    from_be_bytes,
    to_be_bytes,
    f64::NEG_INFINITY,
    f64::INFINITY
);

/// The methods, by their Buffer.prototype names.
pub const METHODS: &[(&str, usize, js::NativeFn)] = &[
    ("readUInt8", 1, read_u8),
    ("writeUInt8", 2, write_u8),
    ("readInt8", 1, read_i8),
    ("writeInt8", 2, write_i8),
    ("readUInt16LE", 1, read_u16le),
    ("writeUInt16LE", 2, write_u16le),
    ("readUInt16BE", 1, read_u16be),
    ("writeUInt16BE", 2, write_u16be),
    ("readInt16LE", 1, read_i16le),
    ("writeInt16LE", 2, write_i16le),
    ("readInt16BE", 1, read_i16be),
    ("writeInt16BE", 2, write_i16be),
    ("readUInt32LE", 1, read_u32le),
    ("writeUInt32LE", 2, write_u32le),
    ("readUInt32BE", 1, read_u32be),
    ("writeUInt32BE", 2, write_u32be),
    ("readInt32LE", 1, read_i32le),
    ("writeInt32LE", 2, write_i32le),
    ("readInt32BE", 1, read_i32be),
    ("writeInt32BE", 2, write_i32be),
    ("readFloatLE", 1, read_f32le),
    ("writeFloatLE", 2, write_f32le),
    ("readFloatBE", 1, read_f32be),
    ("writeFloatBE", 2, write_f32be),
    ("readDoubleLE", 1, read_f64le),
    ("writeDoubleLE", 2, write_f64le),
    ("readDoubleBE", 1, read_f64be),
    ("writeDoubleBE", 2, write_f64be),
];
