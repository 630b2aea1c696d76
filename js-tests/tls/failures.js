// Run-time failures return undefined with sys.errno() and a specific sys.error().
var assert = require('../lib/assert');
var Tls = require('tls');
var tcp = require('tcp');
var tp = require('../lib/tlspair');
var pem = tp.pem;
var any = Tls.sockaddr('127.0.0.1', 0);
assert.equal(Tls.createServer({ cert: 'garbage' }, any), undefined);
assert.ok(sys.errno() > 0);
assert.ok(/certificate|PEM|key/i.test(sys.error()), sys.error());
assert.equal(Tls.createServer({ cert: '' }, any), undefined);
assert.equal(Tls.createServer({ cert: pem('server-ec.pem'), key: pem('server-ec.p8-aes256.key'), passwd: 'wrong' }, any), undefined);
assert.equal(sys.error(), 'private key does not decrypt with passwd');
assert.equal(Tls.createServer({ cert: pem('server-ec.pem'), key: pem('server-rsa.key') }, any), undefined);
assert.equal(sys.error(), 'key does not match certificate');
['server-ec.p8-aes256.key', 'server-ec.legacy-aes128.key', 'server-ec.legacy-des3.key'].forEach(function (k) {
  var s = Tls.createServer({ cert: pem('server-ec.pem'), key: pem(k), passwd: 'jsre-test' }, any);
  assert.ok(s, k + ': ' + sys.error());
  s.close();
});
var combined = Tls.createServer({ cert: pem('server-combined.pem') }, any);
assert.ok(combined, 'the key is found inside cert');
// A port nobody listens on: take one, close it.
var probe = tcp.createServer(tcp.sockaddr('127.0.0.1', 0));
var deadPort = probe.sockName().port;
probe.close();
assert.equal(Tls.createClient({}, Tls.sockaddr('127.0.0.1', deadPort), 2000), undefined);
assert.equal(sys.errno(), 61);
assert.equal(sys.error(), 'Connection refused');
var bound = Tls.createServer({ cert: pem('server-combined.pem') }, Tls.sockaddr('127.0.0.1', combined.sockName().port));
assert.equal(bound, undefined);
assert.equal(sys.errno(), 48, 'EADDRINUSE');
combined.close();
// Async client, untrusted server, rejectUnauthorized true: callback(undefined, remote).
var p = tp.pair(undefined, { rejectUnauthorized: true, server: 'localhost' });
assert.equal(p.client, undefined);
assert.equal(sys.error(), 'certificate verify failed: unknown issuer');
p.server.close();
// The same with rejectUnauthorized false: connected, but not authorized.
p = tp.pair(undefined, { server: 'localhost' });
assert.ok(p.client, sys.error());
assert.equal(p.client.authorized, false);
assert.equal(p.client.authorizationError, 'certificate verify failed: unknown issuer');
p.client.close();
p.server.close();
// The misspelt option from the official typings counts too.
p = tp.pair(undefined, { rejectUnauthorinzed: true, server: 'localhost' });
assert.equal(p.client, undefined);
p.server.close();
// Wrong host name.
p = tp.pair(undefined, { rejectUnauthorized: true, ca: pem('ca.pem'), server: 'wrong.test' });
assert.equal(p.client, undefined);
assert.ok(/certificate verify failed/.test(sys.error()), sys.error());
p.server.close();
