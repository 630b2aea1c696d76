// Beyond the documentation: the alpn option (server preference list, client offer) and
// alpnProtocol() on both sides; no ALPN when nobody asks; a non-array alpn is a TypeError.
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var serverOpt = { cert: tp.pem('server-ec.pem'), key: tp.pem('server-ec.key'), alpn: ['h2', 'http/1.1'] };
var clientOpt = { ca: tp.pem('ca.pem'), server: 'localhost', rejectUnauthorized: true, alpn: ['http/1.1'] };
var p = tp.pair(serverOpt, clientOpt);
assert.ok(p.client, sys.error());
assert.equal(p.client.alpnProtocol(), 'http/1.1');
assert.equal(p.peer.alpnProtocol(), 'http/1.1');
p.client.close();
p.peer.close();
p.server.close();
var none = tp.pair();
assert.equal(none.client.alpnProtocol(), undefined, 'no ALPN when nobody asks');
none.client.close();
none.peer.close();
none.server.close();
assert.throws(function () { tp.pair({ cert: tp.pem('server-combined.pem'), alpn: 'h2' }); }, TypeError, 'opt.alpn must be an array');
