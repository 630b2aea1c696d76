// The peer sends "ping" and resets the connection while our records of an earlier
// timed-out send still wait for room. The next send fails (-1, ECONNRESET); a recv after
// it still returns the peer's "ping", already in our kernel, as a TCP recv would, and
// only then the reset again (ECONNRESET, the first failure, not the EPIPE of later
// writes).
var assert = require('../lib/assert');
var queued = require('../lib/queued-output').clientWithQueuedOutput({ reset: true });
var t = queued.task;
var c = queued.client;
t.send('go');
assert.ok(Task.recv({}, 5000).reset, 'the peer has reset the connection');
var n = c.send('more', 1000);
assert.ok(n < 0, 'the send fails, got ' + n);
assert.equal(sys.errno(), 54, 'ECONNRESET, got ' + sys.errno() + ' ' + sys.error());
var buf = new Buffer(64);
n = c.recv(buf, 0, 64, 5000);
assert.equal(n, 4, 'the peer\'s ping, got ' + n + ' errno ' + sys.errno() + ' ' + sys.error());
assert.equal(buf.toString(0, 4), 'ping');
n = c.recv(buf, 0, 64, 5000);
assert.ok(n < 0, 'then the reset, got ' + n);
assert.equal(sys.errno(), 54, 'ECONNRESET, got ' + sys.errno() + ' ' + sys.error());
c.close();
