// tls.error() returns the socket's pending error and clears it, as
// getsockopt(SO_ERROR) does: 0 on a healthy connection; after the peer resets the
// connection (setLinger time 0, then close), ECONNRESET (54) once, then 0.
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair();
assert.equal(p.peer.error(), 0, 'a healthy connection');
assert.equal(p.client.error(), 0);
assert.equal(p.client.setLinger({ onoff: true, time: 0 }), true);
p.client.close();
// Let the RST arrive; nothing reads the socket meanwhile.
var end = Date.now() + 300;
while (Date.now() < end) iosched.poll(end - Date.now());
assert.equal(p.peer.error(), 54, 'ECONNRESET');
assert.equal(p.peer.error(), 0, 'cleared by the first call');
p.peer.close();
p.server.close();
