// 4 MiB each way at once over loopback, driven by non-blocking WRITE/READ events with
// partial sends (timeout 0); every received byte is compared with what was sent.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var TOTAL = 4 * 1024 * 1024;
var P = 65521; // the pattern period, prime so chunk edges drift through it
var CHUNK = 65536;

function pattern(seed) {
  var b = new Buffer(P + CHUNK);
  for (var i = 0; i < P; i++) b[i] = (i * seed + (i >> 8) + 7) & 255;
  b.copy(b, P, 0, CHUNK);
  return b;
}

var doneCount = 0;
function pump(from, to, src, name) {
  var sent = 0, received = 0, sendCalls = 0, partial = 0;
  var rbuf = new Buffer(CHUNK);
  var wev = iosched.event(iosched.WRITE, from.sockFd, function () {
    var want = Math.min(CHUNK, TOTAL - sent);
    var n = from.send(src, sent % P, want, 0);
    sendCalls++;
    if (n < want) partial++;
    assert.ok(n >= 0, name + ': send returned ' + n + ': ' + sys.error());
    sent += n;
    if (sent === TOTAL) {
      assert.equal(from.shutdown('w'), true);
      return false;
    }
  });
  var rev = iosched.event(iosched.READ, to.sockFd, function () {
    for (;;) {
      var n = to.recv(rbuf, 0, CHUNK, 0);
      if (n === 0) return;
      if (n < 0) {
        assert.equal(to.isEOF(), true, name + ': orderly end, ' + sys.error());
        assert.equal(received, TOTAL, name + ': all bytes before the end');
        doneCount++;
        return false;
      }
      var at = received % P;
      if (!rbuf.slice(0, n).equals(src.slice(at, at + n))) {
        for (var i = 0; i < n; i++) {
          if (rbuf[i] !== src[at + i]) assert.fail(name + ': byte ' + (received + i) + ' differs');
        }
      }
      received += n;
    }
  });
  iosched.add(wev);
  iosched.add(rev);
  return function () { return { sent: sent, received: received, sendCalls: sendCalls, partial: partial }; };
}

// Small kernel buffers, so that sends come back short.
[pair.a, pair.b].forEach(function (s) {
  assert.equal(s.setSendBufferSize(8192), true);
});
var ab = pump(pair.a, pair.b, pattern(31), 'a->b');
var ba = pump(pair.b, pair.a, pattern(57), 'b->a');
assert.until(function () { return doneCount === 2; }, 50000, 'both transfers');
assert.equal(ab().sent, TOTAL);
assert.equal(ba().received, TOTAL);
assert.ok(ab().partial > 0 && ba().partial > 0, 'some sends were partial');
assert.deepEqual(iosched.fds(), [[], [], []]);
pair.close();
