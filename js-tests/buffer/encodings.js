// Every Buffer encoding round-trips, and the aliases name the same encoding.
var assert = require('../lib/assert');
var samples = ['', 'hello', 'héllo wörld', '日本語 ✓', 'a\u0000b', '\u00ff\u0080'];
var encodings = ['utf8', 'utf-8', 'UTF-8', 'hex', 'base64', 'base64url', 'ascii', 'binary', 'latin1', 'ucs2', 'utf16le'];
samples.forEach(function (s) {
  ['utf8', 'utf-8', 'ucs2', 'utf16le'].forEach(function (enc) {
    assert.equal(Buffer.from(s, enc).toString(enc), s, enc + ' round trip of ' + JSON.stringify(s));
  });
});
var bytes = Buffer.from([0, 1, 127, 128, 254, 255, 10, 32]);
encodings.forEach(function (enc) {
  var text = bytes.toString(enc);
  var back = Buffer.from(text, enc);
  if (enc === 'ascii') {
    // ascii keeps 7 bits, as in Node.
    assert.deepEqual(Array.from(back), Array.from(bytes).map(function (b) { return b & 0x7f; }), enc);
  } else if (enc.toLowerCase().replace('-', '') === 'utf8') {
    assert.equal(back.toString(enc), text, enc);
  } else {
    assert.ok(back.equals(bytes), enc + ' round trip, got ' + back.toString('hex'));
  }
});
assert.equal(Buffer.from('hello').toString('hex'), '68656c6c6f');
assert.equal(Buffer.from('68656C6C6F', 'hex').toString(), 'hello');
assert.equal(Buffer.from('hello').toString('base64'), 'aGVsbG8=');
assert.equal(Buffer.from('aGVsbG8', 'base64').toString(), 'hello');
assert.equal(Buffer.from([0xfb, 0xff]).toString('base64url'), '-_8');
assert.equal(Buffer.from('abc', 'binary').toString('hex'), '616263');
assert.equal(Buffer.byteLength('héllo'), 6);
assert.equal(Buffer.byteLength('héllo', 'latin1'), 5);
assert.equal(Buffer.byteLength('abcd', 'hex'), 2);
assert.ok(Buffer.isEncoding('utf-8') && Buffer.isEncoding('hex') && !Buffer.isEncoding('nope'));
assert.throws(function () { Buffer.from('x', 'nope'); }, TypeError, "unknown encoding");
assert.throws(function () { Buffer.from('x').toString('klingon'); }, TypeError, 'Buffer.toString');
assert.equal(btoa('hello'), 'aGVsbG8=');
assert.equal(atob('aGVsbG8='), 'hello');
assert.throws(function () { btoa('日本'); }, RangeError, 'btoa');
assert.throws(function () { atob('!!!'); }, TypeError, 'atob');
