// Data the peer sent before resetting the connection is not lost: the kernel hands out
// the bytes queued before the RST, and recv gives them (5 bytes) before it reports the
// reset (-1, ECONNRESET, isEOF() false) on the next call, as a plain TCP recv does.
// Here both reads happen inside one blocking recv: the record, then ECONNRESET.
var assert = require('../lib/assert');
var Tcp = require('tcp');
var tp = require('../lib/tlspair');

var p = tp.pair();
assert.equal(p.peer.send('hello'), 5, 'the peer sends');
// Let the records reach the client's kernel (an abortive close drops unsent bytes).
sys.sleep(100);
// The peer's TLS layer goes without a close_notify; its socket then resets.
var fd = p.peer.sockFd;
p.peer.flyAway();
var raw = Tcp.createByFd(fd);
assert.ok(raw, sys.error());
raw.setLinger({ onoff: true, time: 0 });
raw.close();
sys.sleep(100);

var buf = new Buffer(64);
var n = p.client.recv(buf, 0, 64, 5000);
assert.equal(n, 5, 'the bytes sent before the reset, got ' + n + ' ' + sys.error());
assert.equal(buf.toString(0, 5), 'hello');
n = p.client.recv(buf, 0, 64, 5000);
assert.ok(n < 0, 'then the reset');
assert.equal(sys.errno(), 54, 'ECONNRESET, got ' + sys.errno() + ' ' + sys.error());
assert.equal(p.client.isEOF(), false);
p.client.close();
p.server.close();
