(function (native, require) {
  'use strict';
  var MAX_LENGTH = 0x7fffffff;

  function encodingOf(enc, call) {
    if (enc === undefined || enc === null) return 'utf8';
    switch (String(enc).toLowerCase()) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'hex': return 'hex';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'ascii': return 'ascii';
      case 'binary': case 'latin1': return 'latin1';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    }
    throw new TypeError(call + ': unknown encoding ' + JSON.stringify(enc));
  }

  function checkSize(n, call) {
    if (typeof n !== 'number' || n !== Math.floor(n) || n < 0 || n > MAX_LENGTH) {
      throw new RangeError(call + ': size ' + n + ' is not an integer in 0..' + MAX_LENGTH);
    }
  }

  function rangeOf(len, start, end) {
    start = start === undefined ? 0 : Math.trunc(+start) || 0;
    end = end === undefined ? len : Math.trunc(+end) || 0;
    if (start < 0) start = Math.max(len + start, 0);
    if (end < 0) end = Math.max(len + end, 0);
    return [Math.min(start, len), Math.min(Math.max(end, start), len)];
  }

  class Buffer extends Uint8Array {
    // new Buffer(size) | (string[, encoding]) | (array[, offset[, length]]) |
    // (buffer[, offset[, length]]) copies | (arrayBuffer[, byteOffset[, length]]) shares
    constructor(a, b, c) {
      if (typeof a === 'number') {
        checkSize(a, 'new Buffer');
        super(a);
      } else if (typeof a === 'string') {
        super(native.decode(a, encodingOf(b, 'new Buffer')));
      } else if (a instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && a instanceof SharedArrayBuffer)) {
        super(a, b === undefined ? 0 : b, c);
      } else if (ArrayBuffer.isView(a) || Array.isArray(a) || (a !== null && typeof a === 'object' && typeof a.length === 'number')) {
        var len = a.length;
        var off = b === undefined ? 0 : b;
        var count = c === undefined ? len - off : c;
        if (typeof off !== 'number' || off < 0 || off > len) {
          throw new RangeError('new Buffer: offset ' + off + ' is outside 0..' + len);
        }
        if (typeof count !== 'number' || count < 0 || off + count > len) {
          throw new RangeError('new Buffer: length ' + count + ' at offset ' + off + ' is beyond length ' + len);
        }
        if (off === 0 && count === len) {
          super(a);
        } else if (ArrayBuffer.isView(a)) {
          super(a.subarray(off, off + count));
        } else {
          super(Array.prototype.slice.call(a, off, off + count));
        }
      } else if (a !== null && typeof a === 'object' && a.type === 'Buffer' && Array.isArray(a.data)) {
        super(a.data);
      } else {
        throw new TypeError('new Buffer: the first argument must be a size, string, array, ArrayBuffer or Buffer, got ' + (a === null ? 'null' : typeof a));
      }
    }

    static from(value, encodingOrOffset, length) {
      if (typeof value === 'number') throw new TypeError('Buffer.from: value must not be a number');
      return new Buffer(value, encodingOrOffset, length);
    }
    static alloc(size, fill, encoding) {
      checkSize(size, 'Buffer.alloc');
      var buf = new Buffer(size);
      if (fill !== undefined && fill !== 0) buf.fill(fill, 0, size, encoding);
      return buf;
    }
    static allocSafe(size) { checkSize(size, 'Buffer.allocSafe'); return new Buffer(size); }
    static allocUnsafe(size) { checkSize(size, 'Buffer.allocUnsafe'); return new Buffer(size); }
    static allocUnsafeSlow(size) { checkSize(size, 'Buffer.allocUnsafeSlow'); return new Buffer(size); }
    static isBuffer(b) { return b instanceof Buffer; }
    static isTypedArray(b) { return ArrayBuffer.isView(b) && !(b instanceof DataView); }
    static isEncoding(enc) {
      try { encodingOf(enc, ''); return typeof enc === 'string'; } catch (e) { return false; }
    }
    static isUtf8(b) { return native.isUtf8(b); }
    static isAscii(b) {
      for (var i = 0; i < b.length; i++) if (b[i] > 127) return false;
      return true;
    }
    static byteLength(value, encoding) {
      if (typeof value === 'string') return native.byteLength(value, encodingOf(encoding, 'Buffer.byteLength'));
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
      throw new TypeError('Buffer.byteLength: value must be a string, Buffer or ArrayBuffer');
    }
    static compare(a, b) {
      if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) {
        throw new TypeError('Buffer.compare: both arguments must be Buffers');
      }
      return native.compare(a, b);
    }
    static concat(list, totalLength) {
      if (!Array.isArray(list)) throw new TypeError('Buffer.concat: list must be an array');
      var total = 0;
      for (var i = 0; i < list.length; i++) {
        if (!(list[i] instanceof Uint8Array)) throw new TypeError('Buffer.concat: list[' + i + '] is not a Buffer');
        total += list[i].length;
      }
      if (totalLength !== undefined) { checkSize(totalLength, 'Buffer.concat'); total = totalLength; }
      var out = new Buffer(total);
      var pos = 0;
      for (var j = 0; j < list.length && pos < total; j++) {
        var part = list[j];
        if (pos + part.length > total) part = part.subarray(0, total - pos);
        out.set(part, pos);
        pos += part.length;
      }
      return out;
    }
    static copyBytesFrom(view, offset, length) {
      var bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      var per = view.BYTES_PER_ELEMENT || 1;
      var start = (offset || 0) * per;
      var end = length === undefined ? bytes.length : start + length * per;
      return new Buffer(bytes.subarray(start, end));
    }

    // toString([encoding[, start[, end]]]); JSRE also writes toString(n) for the first
    // n bytes as UTF-8, and toString(start, end) with two numbers.
    toString(encoding, start, end) {
      if (typeof encoding === 'number') {
        if (typeof start === 'number') return native.encode(this, 'utf8', encoding, start);
        return native.encode(this, 'utf8', 0, encoding);
      }
      var r = rangeOf(this.length, start, end);
      return native.encode(this, encodingOf(encoding, 'Buffer.toString'), r[0], r[1]);
    }
    toLocaleString(encoding, start, end) { return this.toString(encoding, start, end); }
    toJSON() { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; }
    toArray(start, end) {
      var r = rangeOf(this.length, start, end);
      return Array.prototype.slice.call(this, r[0], r[1]);
    }
    equals(other) {
      if (!(other instanceof Uint8Array)) throw new TypeError('Buffer.equals: argument must be a Buffer');
      return native.compare(this, other) === 0;
    }
    compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
      if (!(target instanceof Uint8Array)) throw new TypeError('Buffer.compare: target must be a Buffer');
      var t = rangeOf(target.length, targetStart, targetEnd);
      var s = rangeOf(this.length, sourceStart, sourceEnd);
      return native.compare(this.subarray(s[0], s[1]), target.subarray(t[0], t[1]));
    }
    // slice shares memory, as in Node (Uint8Array's slice would copy).
    slice(start, end) { return this.subarray(start, end); }
    copy(target, targetStart, sourceStart, sourceEnd) {
      if (!(target instanceof Uint8Array)) throw new TypeError('Buffer.copy: target must be a Buffer');
      targetStart = targetStart === undefined ? 0 : targetStart;
      if (targetStart < 0 || targetStart > target.length) {
        throw new RangeError('Buffer.copy: targetStart ' + targetStart + ' is outside 0..' + target.length);
      }
      var s = rangeOf(this.length, sourceStart, sourceEnd);
      var n = Math.min(s[1] - s[0], target.length - targetStart);
      if (n <= 0) return 0;
      target.set(this.subarray(s[0], s[0] + n), targetStart);
      return n;
    }
    write(string, offset, length, encoding) {
      if (typeof string !== 'string') throw new TypeError('Buffer.write: string must be a string');
      if (typeof offset === 'string') { encoding = offset; offset = 0; length = undefined; }
      else if (typeof length === 'string') { encoding = length; length = undefined; }
      offset = offset === undefined ? 0 : offset;
      if (offset < 0 || offset > this.length) {
        throw new RangeError('Buffer.write: offset ' + offset + ' is outside 0..' + this.length);
      }
      if (length !== undefined && (length < 0 || offset + length > this.length)) {
        throw new RangeError('Buffer.write: length ' + length + ' at offset ' + offset + ' is beyond buffer length ' + this.length);
      }
      return native.write(this, string, offset, length, encodingOf(encoding, 'Buffer.write'));
    }
    fromString(string, offset, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; }
      offset = offset === undefined ? 0 : offset;
      var enc = encodingOf(encoding, 'Buffer.fromString');
      var need = Buffer.byteLength(string, enc);
      if (offset < 0 || offset + need > this.length) {
        throw new RangeError('Buffer.fromString: ' + need + ' bytes at offset ' + offset + ' do not fit in ' + this.length);
      }
      return native.write(this, string, offset, need, enc);
    }
    fill(value, offset, end, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; end = this.length; }
      else if (typeof end === 'string') { encoding = end; end = this.length; }
      var r = rangeOf(this.length, offset, end);
      if (typeof value === 'number' || typeof value === 'boolean') {
        Uint8Array.prototype.fill.call(this, Number(value) & 255, r[0], r[1]);
        return this;
      }
      var pattern = typeof value === 'string' ? new Buffer(value, encoding) : value;
      if (!(pattern instanceof Uint8Array)) throw new TypeError('Buffer.fill: value must be a number, string or Buffer');
      if (pattern.length === 0) {
        Uint8Array.prototype.fill.call(this, 0, r[0], r[1]);
        return this;
      }
      for (var i = r[0], j = 0; i < r[1]; i++, j = (j + 1) % pattern.length) this[i] = pattern[j];
      return this;
    }
    indexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, false); }
    lastIndexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, true); }
    includes(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, false) !== -1; }

  }

  function search(buf, value, byteOffset, encoding, last) {
    if (typeof byteOffset === 'string') { encoding = byteOffset; byteOffset = undefined; }
    var from = byteOffset === undefined ? (last ? buf.length : 0) : Number(byteOffset);
    if (typeof value === 'number') {
      var needle = new Uint8Array([value & 255]);
      return native.indexOf(buf, needle, from, last);
    }
    if (typeof value === 'string') value = new Buffer(value, encoding);
    if (!(value instanceof Uint8Array)) throw new TypeError('Buffer.indexOf: value must be a number, string or Buffer');
    return native.indexOf(buf, value, from, last);
  }

  // The fixed-size number reads and writes are native (buffer_numbers.rs).
  Object.keys(native.numbers).forEach(function (name) {
    Object.defineProperty(Buffer.prototype, name, { value: native.numbers[name], writable: true, configurable: true });
  });

  // The %TypedArray%.prototype accessors, also as own properties of Buffer.prototype (the
  // same getter functions, so the same results and errors). Boa's inline caches only
  // remember properties found on an object's direct prototype; without these,
  // every `buf.length` walks three prototypes and first tests "length" as a numeric
  // index (a string-to-number conversion): ~4000 instructions instead of a cached hit.
  var typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  ['length', 'byteLength', 'byteOffset', 'buffer'].forEach(function (name) {
    var d = Object.getOwnPropertyDescriptor(typedArrayProto, name);
    Object.defineProperty(Buffer.prototype, name, { get: d.get, enumerable: false, configurable: true });
  });

  // Node's aliases with a lower-case "int".
  ['UInt8', 'UInt16LE', 'UInt16BE', 'UInt32LE', 'UInt32BE'].forEach(function (s) {
    Buffer.prototype['read' + s.replace('UInt', 'Uint')] = Buffer.prototype['read' + s];
    Buffer.prototype['write' + s.replace('UInt', 'Uint')] = Buffer.prototype['write' + s];
  });

  Buffer.MAX_LENGTH = MAX_LENGTH;
  Buffer.MAX_STRING_LENGTH = (1 << 30) - 25;
  Buffer.Buffer = Buffer;
  return Buffer;
})
