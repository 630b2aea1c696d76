// recv's return values: data n > 0; timeout 0 with nothing -> 0 and EAGAIN; a timeout
// that passes -> 0 and ETIMEDOUT; pending() counts decrypted bytes not yet read; a clean
// close by the peer -> negative with isEOF() true; length 0 -> 0.
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
var buf = new Buffer(100);
assert.equal(p.peer.recv(buf, 0, 100, 0), 0);
assert.equal(sys.errno(), 11, 'EAGAIN after a non-blocking recv with no data');
var t0 = Date.now();
assert.equal(p.peer.recv(buf, 0, 100, 150), 0);
assert.ok(Date.now() - t0 >= 140, 'recv waited for its timeout');
assert.equal(sys.errno(), 60, 'ETIMEDOUT');
assert.equal(p.peer.recv(buf, 0, 0, 0), 0, 'length 0');
p.client.send(new Buffer(100).fill(7));
assert.equal(p.peer.recv(buf, 0, 10, 2000), 10);
assert.equal(p.peer.pending(), 90, 'the rest is decrypted and buffered');
assert.equal(p.peer.recv(buf), 90);
assert.equal(p.peer.pending(), 0);
assert.equal(p.peer.isEOF(), false);
p.client.close();
var n = p.peer.recv(buf, 0, 100, 2000);
assert.ok(n < 0, 'negative after close_notify, got ' + n);
assert.equal(p.peer.isEOF(), true, sys.error());
assert.ok(p.peer.recv(buf) < 0, 'still negative afterwards');
p.peer.close();
p.server.close();
