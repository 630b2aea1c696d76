//! `Buffer`: a Uint8Array subclass (buffer.js) over native encoders and decoders.
//!
//! Encodings: utf8/utf-8, hex, base64 (and base64url), ascii, binary/latin1,
//! ucs2/utf16le. Strings cross the boundary without a detour through UTF-8 where the
//! result is Latin-1 (hex, base64, ascii, binary), which keeps 1 MiB encodes cheap.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use boa_engine::builtins::array_buffer::AlignedVec;
use boa_engine::object::builtins::JsUint8Array;
use boa_engine::string::JsStrVariant;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_string};

use crate::host::host;
use crate::js::{self, Bytes};

const SOURCE: &str = include_str!("buffer.js");

/// The encodings we know, after normalisation in buffer.js.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Hex,
    Base64,
    Base64Url,
    Ascii,
    Latin1,
    Utf16Le,
}

impl Encoding {
    fn parse(v: &JsValue, call: &str) -> JsResult<Self> {
        let name = v
            .as_string()
            .map(|s| s.to_std_string_lossy())
            .unwrap_or_else(|| "utf8".into());
        Ok(match name.as_str() {
            "utf8" => Self::Utf8,
            "hex" => Self::Hex,
            "base64" => Self::Base64,
            "base64url" => Self::Base64Url,
            "ascii" => Self::Ascii,
            "latin1" => Self::Latin1,
            "utf16le" => Self::Utf16Le,
            other => return Err(js::type_error(call, format!("unknown encoding '{other}'"))),
        })
    }
}

/// Builds the `Buffer` class and remembers its prototype for native code.
pub fn install(ctx: &mut Context) -> JsResult<JsValue> {
    let native = js::native_object(
        ctx,
        &[
            ("decode", 2, decode),
            ("encode", 4, encode),
            ("write", 5, write),
            ("byteLength", 2, byte_length),
            ("compare", 2, compare),
            ("indexOf", 4, index_of),
            ("isUtf8", 1, is_utf8),
        ],
    );
    let numbers = js::native_object(ctx, super::buffer_numbers::METHODS);
    js::set(&native, "numbers", numbers, ctx);
    let class = super::eval_embedded(ctx, "buffer.js", SOURCE, native)?;
    if let Some(obj) = class.as_object() {
        let proto = obj.get(js_string!("prototype"), ctx)?;
        if let Some(proto) = proto.as_object() {
            host(ctx).prototypes.borrow_mut().insert("buffer", proto);
        }
    }
    Ok(class)
}

/// A new Buffer holding a copy of `data`, for native modules (fs.readFile, tls).
pub fn new_buffer(ctx: &mut Context, data: &[u8]) -> JsResult<JsObject> {
    super::require_builtin(ctx, "buffer")?;
    let ab = js::array_buffer(data, ctx)?;
    let array = JsUint8Array::from_array_buffer(ab, ctx)?;
    let obj: JsObject = array.into();
    let proto = host(ctx).prototypes.borrow().get("buffer").cloned();
    if let Some(proto) = proto {
        obj.set_prototype(Some(proto));
    }
    Ok(obj)
}

/// The bytes of a string in an encoding: what `Buffer.from(string, enc)` holds.
fn string_bytes(s: &JsString, enc: Encoding) -> Vec<u8> {
    let variant = s.as_str().variant();
    match enc {
        Encoding::Utf8 => match variant {
            JsStrVariant::Latin1(b) if b.is_ascii() => b.to_vec(),
            JsStrVariant::Latin1(b) => b
                .iter()
                .map(|&c| c as char)
                .collect::<String>()
                .into_bytes(),
            JsStrVariant::Utf16(u) => String::from_utf16_lossy(u).into_bytes(),
        },
        Encoding::Ascii | Encoding::Latin1 => match variant {
            JsStrVariant::Latin1(b) => b.to_vec(),
            JsStrVariant::Utf16(u) => u.iter().map(|&c| c as u8).collect(),
        },
        Encoding::Utf16Le => s.as_str().iter().flat_map(u16::to_le_bytes).collect(),
        Encoding::Hex => match variant {
            JsStrVariant::Latin1(b) => decode_hex(b),
            JsStrVariant::Utf16(_) => decode_hex(&ascii_of(variant)),
        },
        Encoding::Base64 | Encoding::Base64Url => match variant {
            JsStrVariant::Latin1(b) => decode_base64(b),
            JsStrVariant::Utf16(_) => decode_base64(&ascii_of(variant)),
        },
    }
}

/// A string's characters as bytes, for the ASCII-only encodings (others become 0xff).
fn ascii_of(variant: JsStrVariant<'_>) -> Vec<u8> {
    match variant {
        JsStrVariant::Latin1(b) => b.to_vec(),
        JsStrVariant::Utf16(u) => u.iter().map(|&c| u8::try_from(c).unwrap_or(0xff)).collect(),
    }
}

/// Hex as Node reads it: pairs up to the first pair that is not hex (SIMD for the
/// common all-valid case).
fn decode_hex(text: &[u8]) -> Vec<u8> {
    let even = &text[..text.len() & !1];
    let valid = if faster_hex::hex_check(even) {
        even.len() / 2
    } else {
        even.chunks_exact(2)
            .take_while(|p| p.iter().all(u8::is_ascii_hexdigit))
            .count()
    };
    let mut out = vec![0u8; valid];
    match faster_hex::hex_decode(&even[..valid * 2], &mut out) {
        Ok(_) => out,
        Err(_) => Vec::new(),
    }
}

/// Hex of `data`, lower case.
fn encode_hex(data: &[u8]) -> JsString {
    let mut out = vec![0u8; data.len() * 2];
    match faster_hex::hex_encode(data, &mut out) {
        Ok(_) => latin1(&out),
        Err(_) => JsString::default(),
    }
}

/// Lenient base64 as Node reads it: either alphabet, whitespace and junk skipped,
/// padding optional, decoding stopped at the first `=`. Well-formed input takes the
/// fast path.
fn decode_base64(text: &[u8]) -> Vec<u8> {
    if let Ok(bytes) = base64_simd::STANDARD.decode_to_vec(text) {
        return bytes;
    }
    let clean: Vec<u8> = text
        .iter()
        .take_while(|&&c| c != b'=')
        .filter_map(|&c| match c {
            b'-' => Some(b'+'),
            b'_' => Some(b'/'),
            c if c.is_ascii_alphanumeric() || c == b'+' || c == b'/' => Some(c),
            _ => None,
        })
        .collect();
    let usable = match clean.len() % 4 {
        1 => clean.len() - 1,
        _ => clean.len(),
    };
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(&clean[..usable])
        .unwrap_or_default()
}

/// Encodes bytes as a JS string.
fn bytes_to_string(data: &[u8], enc: Encoding) -> JsString {
    match enc {
        Encoding::Utf8 => match std::str::from_utf8(data) {
            Ok(s) => JsString::from(s),
            Err(_) => JsString::from(String::from_utf8_lossy(data).as_ref()),
        },
        Encoding::Hex => encode_hex(data),
        Encoding::Base64 => latin1(base64_simd::STANDARD.encode_to_string(data).as_bytes()),
        Encoding::Base64Url => latin1(URL_SAFE_NO_PAD.encode(data).as_bytes()),
        Encoding::Ascii => {
            let bytes: Vec<u8> = data.iter().map(|b| b & 0x7f).collect();
            latin1(&bytes)
        }
        Encoding::Latin1 => latin1(data),
        Encoding::Utf16Le => {
            let units: Vec<u16> = data
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            JsString::from(&units[..])
        }
    }
}

fn latin1(bytes: &[u8]) -> JsString {
    JsString::from(boa_engine::string::JsStr::latin1(bytes))
}

/// `decode(string, enc)` -> ArrayBuffer with the string's bytes.
fn decode(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let s = js::arg(args, 0).to_string(ctx)?;
    let enc = Encoding::parse(js::arg(args, 1), "Buffer.from")?;
    if let Some(block) = decode_in_place(&s, enc) {
        return Ok(
            boa_engine::object::builtins::JsArrayBuffer::from_byte_block(block, ctx)?.into(),
        );
    }
    let bytes = string_bytes(&s, enc);
    Ok(js::array_buffer(&bytes, ctx)?.into())
}

/// Well-formed hex or base64 decoded straight into the ArrayBuffer's own block: one
/// allocation and no copy for the common case; `None` for everything else.
fn decode_in_place(s: &JsString, enc: Encoding) -> Option<AlignedVec<u8>> {
    let JsStrVariant::Latin1(text) = s.as_str().variant() else {
        return None;
    };
    let mut block = AlignedVec::<u8>::new(64);
    match enc {
        Encoding::Hex if text.len() % 2 == 0 && faster_hex::hex_check(text) => {
            block.resize(text.len() / 2, 0);
            faster_hex::hex_decode(text, &mut block).ok()?;
        }
        Encoding::Base64 => {
            let len = base64_simd::STANDARD.decoded_length(text).ok()?;
            block.resize(len, 0);
            base64_simd::STANDARD
                .decode(text, base64_simd::Out::from_slice(&mut block))
                .ok()?;
        }
        _ => return None,
    }
    Some(block)
}

/// `encode(buf, enc, start, end)` -> string; start/end already clamped by buffer.js.
fn encode(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let bytes = Bytes::of(js::arg(args, 0), "Buffer.toString", "this", ctx)?;
    let enc = Encoding::parse(js::arg(args, 1), "Buffer.toString")?;
    let len = bytes.len();
    let start = clamp_index(js::arg(args, 2), 0, len);
    let end = clamp_index(js::arg(args, 3), len, len).max(start);
    let s = bytes.with(|b| bytes_to_string(&b[start..end], enc));
    Ok(s.into())
}

fn clamp_index(v: &JsValue, default: usize, len: usize) -> usize {
    match v.as_number() {
        Some(n) if n.is_nan() || n <= 0.0 => 0,
        Some(n) => (n as usize).min(len),
        None => default,
    }
}

/// `write(buf, string, offset, length, enc)` -> bytes written (whole characters only
/// for utf8, as Node does).
fn write(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let bytes = Bytes::of(js::arg(args, 0), "Buffer.write", "this", ctx)?;
    let s = js::arg(args, 1).to_string(ctx)?;
    let offset = clamp_index(js::arg(args, 2), 0, bytes.len());
    let room = clamp_index(js::arg(args, 3), bytes.len() - offset, bytes.len() - offset);
    let enc = Encoding::parse(js::arg(args, 4), "Buffer.write")?;
    let data = string_bytes(&s, enc);
    let mut n = data.len().min(room);
    if enc == Encoding::Utf8 {
        // Never write part of a character.
        while n < data.len() && n > 0 && (data[n] & 0xC0) == 0x80 {
            n -= 1;
        }
    }
    bytes.with_mut(|b| b[offset..offset + n].copy_from_slice(&data[..n]));
    Ok(JsValue::from(n as u32))
}

/// `byteLength(string, enc)`.
fn byte_length(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let s = js::arg(args, 0).to_string(ctx)?;
    let enc = Encoding::parse(js::arg(args, 1), "Buffer.byteLength")?;
    let n = match (enc, s.as_str().variant()) {
        (Encoding::Latin1 | Encoding::Ascii, _) => s.len(),
        (Encoding::Utf16Le, _) => s.len() * 2,
        (Encoding::Utf8, JsStrVariant::Latin1(b)) => {
            b.iter().map(|&c| 1 + usize::from(c >= 0x80)).sum()
        }
        _ => string_bytes(&s, enc).len(),
    };
    Ok(JsValue::from(n as u32))
}

/// `compare(a, b)` -> -1, 0 or 1, bytewise.
fn compare(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let a = Bytes::of(js::arg(args, 0), "Buffer.compare", "buf1", ctx)?;
    let b = Bytes::of(js::arg(args, 1), "Buffer.compare", "buf2", ctx)?;
    let a = a.to_vec();
    let ord = b.with(|b| a.as_slice().cmp(b));
    Ok(JsValue::from(ord as i32))
}

/// `indexOf(haystack, needle, from, last)` -> index or -1; `last` searches backwards
/// from `from`.
fn index_of(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let hay = Bytes::of(js::arg(args, 0), "Buffer.indexOf", "this", ctx)?;
    let needle = Bytes::of(js::arg(args, 1), "Buffer.indexOf", "value", ctx)?.to_vec();
    let from = js::arg(args, 2).as_number().unwrap_or(0.0);
    let last = js::arg(args, 3).to_boolean();
    let found = hay.with(|h| find(h, &needle, from, last));
    Ok(JsValue::from(found.map_or(-1.0, |i| i as f64)))
}

fn find(hay: &[u8], needle: &[u8], from: f64, last: bool) -> Option<usize> {
    let len = hay.len() as f64;
    let start = if from < 0.0 {
        (len + from).max(0.0)
    } else {
        from.min(len)
    } as usize;
    if needle.is_empty() {
        return Some(start.min(hay.len()));
    }
    if needle.len() > hay.len() {
        return None;
    }
    let positions = 0..=hay.len() - needle.len();
    if last {
        positions
            .rev()
            .filter(|&i| i <= start)
            .find(|&i| &hay[i..i + needle.len()] == needle)
    } else {
        positions
            .skip(start)
            .find(|&i| &hay[i..i + needle.len()] == needle)
    }
}

fn is_utf8(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let b = Bytes::of(js::arg(args, 0), "Buffer.isUtf8", "input", ctx)?;
    Ok(b.with(|b| std::str::from_utf8(b).is_ok()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_read_leniently() {
        assert_eq!(decode_base64(b"aGVsbG8="), b"hello");
        assert_eq!(decode_base64(b"aGVs bG8"), b"hello");
        assert_eq!(decode_base64(b"_-8"), vec![0xff, 0xef]);
    }

    #[test]
    fn find_searches_both_ways() {
        assert_eq!(find(b"abcabc", b"bc", 0.0, false), Some(1));
        assert_eq!(find(b"abcabc", b"bc", 2.0, false), Some(4));
        assert_eq!(find(b"abcabc", b"bc", 6.0, true), Some(4));
        assert_eq!(find(b"abcabc", b"x", 0.0, false), None);
    }
}
