// When the peer does not read, send(buffer, offset, length, timeout) returns the bytes it
// could send (0 < n < length) after about the timeout with errno ETIMEDOUT, and timeout 0
// returns at once (0 when nothing fits); the bytes sent arrive intact.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
assert.equal(pair.a.setSendBufferSize(8192), true);
assert.equal(pair.b.setRecvBufferSize(8192), true);
var big = new Buffer(4 * 1024 * 1024);
for (var i = 0; i < 256; i++) big[i] = i;
big.copy(big, 256, 0, 256);

var t0 = Date.now();
var n = pair.a.send(big, 0, big.length, 200);
var took = Date.now() - t0;
assert.ok(n > 0 && n < big.length, 'partial send, got ' + n);
assert.equal(sys.errno(), 60);
assert.ok(took >= 190 && took < 3000, 'about 200 ms, took ' + took);

t0 = Date.now();
var m = pair.a.send(big, 0, big.length, 0);
assert.ok(Date.now() - t0 < 150, 'timeout 0 does not wait');
assert.ok(m >= 0 && m < big.length, 'got ' + m);
assert.equal(pair.a.send('abc', 0) >= 0, true);

// Drain: the first 512 bytes are the pattern.
var rb = new Buffer(512), got = 0;
while (got < 512) {
  var r = pair.b.recv(rb, got, 512 - got, 5000);
  assert.ok(r > 0);
  got += r;
}
for (i = 0; i < 512; i++) assert.equal(rb[i], i & 255);
pair.close();
