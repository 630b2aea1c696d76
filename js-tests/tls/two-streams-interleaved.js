// Two TLS connections read in turns, a few KiB at a time: each keeps the bytes its
// session had no room for (a whole read buffer's worth, moved rather than copied) while
// the other reads its own socket, and both streams arrive whole and in order.
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var size = 1024 * 1024 + 777;

function pattern(seed) {
  var b = new Buffer(size);
  for (var i = 0; i < size; i++) b[i] = (i * seed + (i >> 9)) & 255;
  return b;
}

var streams = [tp.pair(), tp.pair()].map(function (p, k) {
  return { pair: p, data: pattern(k === 0 ? 7 : 13), back: new Buffer(size), have: 0, ended: false };
});
streams.forEach(function (s) {
  var sent = 0;
  while (sent < size) {
    var n = s.pair.client.send(s.data, sent, Math.min(60000, size - sent), 5000);
    assert.ok(n > 0, 'send: ' + sys.error());
    sent += n;
    iosched.poll(0);
  }
  s.pair.client.close();
});

var small = new Buffer(3000);
var deadline = Date.now() + 30000;
while (!streams[0].ended || !streams[1].ended) {
  assert.ok(Date.now() < deadline, 'timed out at ' + streams[0].have + ' and ' + streams[1].have);
  streams.forEach(function (s) {
    if (s.ended) return;
    var r = s.pair.peer.recv(small, 0, small.length, 2000);
    if (r < 0) {
      s.ended = true;
      return;
    }
    assert.ok(r > 0, 'recv: ' + r + ' ' + sys.error());
    assert.ok(s.have + r <= size, 'no more than was sent');
    small.copy(s.back, s.have, 0, r);
    s.have += r;
  });
}
streams.forEach(function (s, k) {
  assert.equal(s.have, size, 'stream ' + k + ': every byte');
  assert.ok(s.back.equals(s.data), 'stream ' + k + ': in order');
  assert.ok(s.pair.peer.isEOF(), 'stream ' + k + ': a clean end');
  s.pair.peer.close();
  s.pair.server.close();
});
console.log('ok');
