// recv's results: n > 0 with data; 0 with errno EAGAIN for timeout 0; 0 with errno
// ETIMEDOUT after a timeout; negative with isEOF() true when the peer closed; negative
// with isEOF() false and ECONNRESET when the peer reset; length 0 gives 0.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var buf = new Buffer(16);

pair.a.send('data');
assert.equal(pair.b.recv(buf, 0, 16, 5000), 4);
assert.equal(buf.toString('utf8', 0, 4), 'data');
assert.equal(pair.b.isEOF(), false);

sys.clearErrno();
assert.equal(pair.b.recv(buf, 0, 16, 0), 0, 'timeout 0, nothing there');
assert.equal(sys.errno(), 11, 'EAGAIN');
assert.equal(pair.b.isEOF(), false);

var t0 = Date.now();
assert.equal(pair.b.recv(buf, 0, 16, 150), 0, 'timeout passed');
var took = Date.now() - t0;
assert.equal(sys.errno(), 60, 'ETIMEDOUT');
assert.ok(took >= 140 && took < 3000, 'waited about 150 ms, took ' + took);
assert.equal(pair.b.isEOF(), false, 'a timeout is not the end');

assert.equal(pair.b.recv(buf, 0, 0, 0), 0, 'length 0');

// recv with no timeout waits for the data.
pair.a.send('xyz');
assert.equal(pair.b.recv(buf), 3, 'default offset, length and no timeout');

// The peer sends then closes: the data first, then the end.
pair.a.send('last');
pair.a.close();
assert.equal(pair.b.recv(buf, 0, 16, 5000), 4);
assert.equal(buf.toString('utf8', 0, 4), 'last');
var r = pair.b.recv(buf, 0, 16, 5000);
assert.ok(r < 0, 'negative at the end, got ' + r);
assert.equal(pair.b.isEOF(), true);
assert.equal(sys.errno(), 0, 'an orderly end is not an error');
assert.ok(pair.b.recv(buf, 0, 16, 0) < 0, 'still negative afterwards');
assert.equal(pair.b.isEOF(), true);
pair.close();

// A reset (linger 0 then close) is an error, not an end.
var p2 = require('../lib/tcp-pair').pair();
assert.equal(p2.a.setLinger({ onoff: true, time: 0 }), true);
p2.a.close();
r = p2.b.recv(buf, 0, 16, 5000);
assert.ok(r < 0, 'negative on reset, got ' + r);
assert.equal(p2.b.isEOF(), false, 'a reset is not an orderly end');
assert.equal(sys.errno(), 54, 'ECONNRESET');
assert.equal(sys.error(), 'Connection reset by peer');
p2.close();
