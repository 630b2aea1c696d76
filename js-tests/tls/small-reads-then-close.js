// The receiving side reads a TLS socket 64 KiB at a time and keeps what the session
// has no room for yet; a reader with a small buffer gets every byte, in order, and the
// end of the stream only after the last one, also when the sender closed right after
// sending (its close_notify and FIN already waiting behind the data).
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
var size = 1024 * 1024 + 123;
var data = new Buffer(size);
for (var i = 0; i < size; i++) data[i] = (i * 7 + (i >> 11)) & 255;
var sent = 0;
while (sent < size) {
  var n = p.client.send(data, sent, Math.min(50000, size - sent), 5000);
  assert.ok(n > 0, 'send: ' + sys.error());
  sent += n;
  iosched.poll(0);
}
p.client.close();
var back = new Buffer(size);
var have = 0;
var small = new Buffer(1000);
var deadline = Date.now() + 20000;
for (;;) {
  assert.ok(Date.now() < deadline, 'timed out with ' + have + ' bytes');
  var r = p.peer.recv(small, 0, small.length, 2000);
  if (r < 0) break;
  assert.ok(r > 0, 'recv: ' + r + ' ' + sys.error());
  assert.ok(have + r <= size, 'no more than was sent');
  small.copy(back, have, 0, r);
  have += r;
}
assert.equal(have, size, 'every byte before the end');
assert.ok(p.peer.isEOF(), 'a clean end');
assert.ok(back.equals(data), 'in order');
p.peer.close();
p.server.close();
console.log('ok');
