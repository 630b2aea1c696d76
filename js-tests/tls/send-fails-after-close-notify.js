// As send-fails-then-recv-gets-reply.js, but the peer ends with close_notify before the
// kernel resets (it left our bytes unread): after the failed send, recv returns the
// peer's "ping", then the clean end (-1 with isEOF() true), as a TCP read gives EOF
// after a failed write.
var assert = require('../lib/assert');
var queued = require('../lib/queued-output').clientWithQueuedOutput({ closeNotify: true });
var t = queued.task;
var c = queued.client;
t.send('go');
assert.ok(Task.recv({}, 5000).reset, 'the peer has closed');
var n = c.send('more', 1000);
assert.ok(n < 0, 'the send fails, got ' + n);
var buf = new Buffer(64);
n = c.recv(buf, 0, 64, 5000);
assert.equal(n, 4, 'the peer\'s ping, got ' + n + ' errno ' + sys.errno() + ' ' + sys.error());
assert.equal(buf.toString(0, 4), 'ping');
n = c.recv(buf, 0, 64, 5000);
assert.ok(n < 0, 'then the end, got ' + n);
assert.equal(c.isEOF(), true, 'a clean end: ' + sys.error());
c.close();
