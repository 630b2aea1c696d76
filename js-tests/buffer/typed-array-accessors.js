// Buffer.prototype carries %TypedArray%.prototype's length/byteLength/byteOffset/buffer
// accessors as its own (for Boa's inline caches): the very same getter functions, so
// every result and error is the typed array's own, for Buffers and their slices.
'use strict';
var assert = require('../lib/assert');
var ta = Object.getPrototypeOf(Uint8Array.prototype);
['length', 'byteLength', 'byteOffset', 'buffer'].forEach(function (name) {
  var mine = Object.getOwnPropertyDescriptor(Buffer.prototype, name);
  assert.ok(mine, name + ' is an own property of Buffer.prototype');
  assert.equal(mine.get, Object.getOwnPropertyDescriptor(ta, name).get, name + ' getter');
  assert.equal(mine.set, undefined);
  assert.equal(mine.enumerable, false);
  assert.throws(function () { mine.get.call({}); }, TypeError);
});
var b = Buffer.from('hello world');
var s = b.slice(6, 9);
assert.equal(b.length, 11);
assert.equal(s.length, 3);
assert.equal(s.byteOffset, 6);
assert.equal(s.byteLength, 3);
assert.equal(s.buffer, b.buffer);
assert.equal(s.toString(), 'wor');
assert.deepEqual(Object.keys(Buffer.from('ab')), ['0', '1'], 'no accessor shows up as a key');
// In a loop (the inline-cached path) the answers stay right when buffers change.
var total = 0;
[Buffer.alloc(1), Buffer.alloc(5), new Uint8Array(7), Buffer.from('abc').slice(1)].forEach(function (x) {
  for (var i = 0; i < 3; i++) total += x.length;
});
assert.equal(total, 3 * (1 + 5 + 7 + 2));
console.log('ok');
