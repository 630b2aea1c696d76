// The peer sends "ping" and resets the connection while our records of an earlier
// timed-out send still wait for room. A recv first tries to write them, which fails
// (the connection was reset); the peer's "ping", already in our kernel, is still
// returned first, and the reset after it (-1, ECONNRESET).
var assert = require('../lib/assert');
var queued = require('../lib/queued-output').clientWithQueuedOutput({ reset: true });
var t = queued.task;
var c = queued.client;
t.send('go');
assert.ok(Task.recv({}, 5000).reset, 'the peer has reset the connection');
var buf = new Buffer(64);
var n = c.recv(buf, 0, 64, 5000);
assert.equal(n, 4, 'the peer\'s ping, got ' + n + ' errno ' + sys.errno() + ' ' + sys.error());
assert.equal(buf.toString(0, 4), 'ping');
// A turn and a blocking call in between try to write the queued records again: the
// failure reported stays the reset, not the EPIPE of those writes.
iosched.poll(10);
sys.sleep(10);
n = c.recv(buf, 0, 64, 5000);
assert.ok(n < 0, 'then the reset, got ' + n);
assert.equal(sys.errno(), 54, 'ECONNRESET, got ' + sys.errno() + ' ' + sys.error());
c.close();
