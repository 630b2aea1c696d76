// IPv6: a server on ::1 and a client to it; addresses report domain AF_INET6.
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var p = tp.pair(undefined, undefined, '::1');
assert.ok(p.client, sys.error());
assert.deepEqual(p.server.sockName().domain, 10);
assert.equal(p.client.peerName().addr, '::1');
assert.equal(p.client.peerName().domain, 10);
assert.equal(p.peer.peerName().addr, '::1');
assert.equal(p.client.authorized, true, 'the IP SAN ::1 is verified');
p.client.send('six');
var buf = new Buffer(8);
assert.equal(p.peer.recv(buf, 0, 8, 2000), 3);
p.client.close();
p.peer.close();
p.server.close();
