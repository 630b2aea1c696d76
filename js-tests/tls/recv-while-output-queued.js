// A blocking recv on a connection whose earlier send timed out with records still
// queued (the peer is not reading) wakes for the peer's data, not only for room to
// write: the peer may be waiting for something else before it reads, and a TCP recv
// would return its bytes at once. (It once waited for writability alone, so this recv
// ended in ETIMEDOUT with "ping" unread.)
var assert = require('../lib/assert');
var queued = require('../lib/queued-output').clientWithQueuedOutput();
var t = queued.task;
var c = queued.client;
var sent = queued.sent;
t.send('go');
var buf = new Buffer(64);
var n = c.recv(buf, 0, 64, 5000);
assert.equal(n, 4, 'the peer\'s ping, got ' + n + ' errno ' + sys.errno() + ' ' + sys.error());
assert.equal(buf.toString(0, 4), 'ping');
// Everything send() reported taken reaches the peer once it reads: the event loop writes
// what is still queued as room comes.
var r = null;
Task.on('message', function (msg) { r = msg; });
t.send('done');
assert.until(function () { return r !== null; }, 20000, 'the peer to report');
assert.equal(r.have, sent, 'bytes the peer got of those send() took');
c.close();
