// tls.send's two forms and their defaults: send(string[, timeout]) returns the UTF-8
// byte count; send(buffer[, offset[, length[, timeout]]]) sends the whole buffer, the
// rest from offset, or length bytes from offset. When the peer does not read, a timeout
// that passes returns the bytes sent so far (0 < n < length) with ETIMEDOUT, timeout 0
// returns at once with EAGAIN; with non-blocking sends while the peer reads, every
// byte arrives, in order.
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
var c = p.client;
var buf = new Buffer(64);
function got(want) {
  var have = '';
  while (have.length < want.length) {
    var n = p.peer.recv(buf, 0, buf.length, 2000);
    assert.ok(n > 0, 'recv returned ' + n + ' after ' + JSON.stringify(have));
    have += buf.toString(n);
  }
  assert.equal(have, want);
}
assert.equal(c.send('h\u00e9llo'), 6, 'send(string): bytes, not characters');
got('h\u00e9llo');
assert.equal(c.send('abc', 2000), 3, 'send(string, timeout)');
got('abc');
var b = Buffer.from('0123456789');
assert.equal(c.send(b), 10, 'send(buffer)');
got('0123456789');
assert.equal(c.send(b, 7), 3, 'send(buffer, offset): the rest of the buffer');
got('789');
assert.equal(c.send(b, 2, 3), 3, 'send(buffer, offset, length)');
got('234');
assert.equal(c.send(b, 4, 2, 2000), 2, 'send(buffer, offset, length, timeout)');
got('45');
// A peer that does not read: the send timeout passes.
// 16 MiB: more than the kernel buffers hold while the peer does not read.
var big = new Buffer(16 * 1024 * 1024);
for (var i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
var t0 = Date.now();
var n = c.send(big, 0, big.length, 200);
var took = Date.now() - t0;
assert.ok(n > 0 && n < big.length, 'a partial send, got ' + n);
assert.equal(sys.errno(), 60, 'ETIMEDOUT');
assert.ok(took >= 190 && took < 5000, 'about 200 ms, took ' + took);
t0 = Date.now();
var m = c.send(big, n, big.length - n, 0);
assert.ok(Date.now() - t0 < 150, 'timeout 0 does not wait');
assert.ok(m >= 0 && m < big.length - n, 'got ' + m);
assert.equal(sys.errno(), 11, 'EAGAIN');
// The rest with non-blocking sends while the peer reads: the whole buffer arrives
// intact, in order.
var sent = n + m;
var back = new Buffer(big.length);
var have = 0;
var deadline = Date.now() + 30000;
while (have < big.length) {
  assert.ok(Date.now() < deadline, 'timed out: sent ' + sent + ', received ' + have);
  if (sent < big.length) {
    var s = c.send(big, sent, big.length - sent, 0);
    assert.ok(s >= 0, 'send returned ' + s + ': ' + sys.error());
    sent += s;
  }
  // What a send with timeout 0 took but could not yet write goes out from the event
  // loop (or with the next call on the same object): let it run once all is taken.
  if (sent >= big.length) iosched.poll(0);
  var r = p.peer.recv(back, have, big.length - have, 0);
  assert.ok(r >= 0, 'recv returned ' + r + ': ' + sys.error());
  have += r;
}
assert.ok(back.equals(big), 'every byte arrives, in order');
assert.equal(p.peer.recv(buf, 0, 1, 0), 0, 'nothing more');
c.close();
p.peer.close();
p.server.close();
