//! Messages between tasks: copies of structured values (strings, numbers, booleans,
//! null, arrays, plain objects, Buffers), never shared objects.

use boa_engine::object::builtins::{JsArray, JsUint8Array};
use boa_engine::{Context, JsObject, JsResult, JsValue};

use crate::js::{self, Bytes};

/// Nesting deeper than this is refused (it also stops a circular structure).
const MAX_DEPTH: usize = 64;

/// A copied value.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Message>),
    Object(Vec<(String, Message)>),
    Buffer(Vec<u8>),
}

impl Message {
    /// The bytes this message counts against a mailbox.
    pub fn size(&self) -> usize {
        16 + match self {
            Message::String(s) => s.len(),
            Message::Buffer(b) => b.len(),
            Message::Array(items) => items.iter().map(Message::size).sum(),
            Message::Object(fields) => fields.iter().map(|(k, v)| k.len() + v.size()).sum(),
            _ => 0,
        }
    }

    /// Copies a JS value; functions, symbols and other unsendable values are a TypeError
    /// naming `call`.
    pub fn from_js(v: &JsValue, call: &str, ctx: &mut Context) -> JsResult<Message> {
        copy(v, call, 0, ctx)
    }

    /// Rebuilds the value in the receiving task (Buffers arrive as Buffers).
    pub fn to_js(&self, ctx: &mut Context) -> JsResult<JsValue> {
        Ok(match self {
            Message::Undefined => JsValue::undefined(),
            Message::Null => JsValue::null(),
            Message::Bool(b) => (*b).into(),
            Message::Number(n) => (*n).into(),
            Message::String(s) => js::string(s),
            Message::Buffer(b) => crate::modules::buffer::new_buffer(ctx, b)?.into(),
            Message::Array(items) => {
                let values = items
                    .iter()
                    .map(|m| m.to_js(ctx))
                    .collect::<JsResult<Vec<_>>>()?;
                JsArray::from_iter(values, ctx).into()
            }
            Message::Object(fields) => {
                let obj = crate::js::plain_object(ctx);
                for (k, v) in fields {
                    let v = v.to_js(ctx)?;
                    obj.create_data_property_or_throw(
                        boa_engine::JsString::from(k.as_str()),
                        v,
                        ctx,
                    )?;
                }
                obj.into()
            }
        })
    }
}

fn copy(v: &JsValue, call: &str, depth: usize, ctx: &mut Context) -> JsResult<Message> {
    if depth > MAX_DEPTH {
        return Err(js::type_error(
            call,
            "message is nested too deeply (or circular)",
        ));
    }
    if v.is_undefined() {
        return Ok(Message::Undefined);
    }
    if v.is_null() {
        return Ok(Message::Null);
    }
    if let Some(b) = v.as_boolean() {
        return Ok(Message::Bool(b));
    }
    if let Some(n) = v.as_number() {
        return Ok(Message::Number(n));
    }
    if let Some(s) = v.as_string() {
        return Ok(Message::String(s.to_std_string_lossy()));
    }
    let Some(obj) = v.as_object() else {
        return Err(js::type_error(
            call,
            format!("a {} cannot be sent to a task", v.type_of()),
        ));
    };
    if obj.is_callable() {
        return Err(js::type_error(call, "a function cannot be sent to a task"));
    }
    if JsUint8Array::from_object(obj.clone()).is_ok() {
        return Ok(Message::Buffer(
            Bytes::of(v, call, "message", ctx)?.to_vec(),
        ));
    }
    if obj.is_array() {
        let arr = JsArray::from_object(obj.clone())?;
        let len = arr.length(ctx)?;
        let mut items = Vec::with_capacity(len as usize);
        for i in 0..len {
            items.push(copy(&arr.get(i, ctx)?, call, depth + 1, ctx)?);
        }
        return Ok(Message::Array(items));
    }
    if !is_plain(&obj, ctx) {
        return Err(js::type_error(
            call,
            "only plain objects, arrays, strings, numbers, booleans, null and Buffers can be sent to a task",
        ));
    }
    // Object.keys: own enumerable string keys, in property order.
    let object_ctor = ctx.intrinsics().constructors().object().constructor();
    let keys_fn = object_ctor.get(boa_engine::js_string!("keys"), ctx)?;
    let keys = match keys_fn.as_callable() {
        Some(f) => f.call(&object_ctor.clone().into(), &[obj.clone().into()], ctx)?,
        None => return Err(js::type_error(call, "Object.keys is missing")),
    };
    let keys = keys
        .as_object()
        .map(|k| JsArray::from_object(k.clone()))
        .transpose()?
        .ok_or_else(|| js::type_error(call, "Object.keys did not return an array"))?;
    let mut fields = Vec::new();
    for i in 0..keys.length(ctx)? {
        let key = keys.get(i, ctx)?.to_string(ctx)?;
        let value = obj.get(key.clone(), ctx)?;
        fields.push((
            key.to_std_string_lossy(),
            copy(&value, call, depth + 1, ctx)?,
        ));
    }
    Ok(Message::Object(fields))
}

/// A plain object: its prototype is Object.prototype or null.
fn is_plain(obj: &JsObject, ctx: &mut Context) -> bool {
    match obj.prototype() {
        None => true,
        Some(p) => JsObject::equals(&p, &ctx.intrinsics().constructors().object().prototype()),
    }
}
