// A peer that ends the TCP stream before the TLS handshake is done ends the handshake
// at once: ECONNRESET (54) and "connection closed during the handshake", not a wait
// until handshakeTimeout ending in ETIMEDOUT (60). Nothing more can arrive to complete
// it. Checked for a sync send on an accepted connection (it runs the server's handshake),
// a sync createByFd, and an async createClient whose server reads and closes.
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');
var tp = require('../lib/tlspair');

var LIMIT = 20000;
var serverOpt = { cert: tp.pem('server-combined.pem'), handshakeTimeout: LIMIT };

function checkReset(what, t0) {
  assert.equal(sys.errno(), 54, what + ': ECONNRESET, got ' + sys.errno() + ' ' + sys.error());
  assert.ok(/closed during the handshake/.test(sys.error()), what + ': ' + sys.error());
  assert.ok(Date.now() - t0 < LIMIT / 2, what + ': ended long before handshakeTimeout');
}

// 1. Sync server: the client connects and closes without a byte; send() runs the handshake.
var server = Tls.createServer(serverOpt, Tls.sockaddr('127.0.0.1', 0));
assert.ok(server, sys.error());
var raw = Tcp.createClient(Tcp.sockaddr('127.0.0.1', server.sockName().port));
assert.ok(raw, sys.error());
var conn = server.accept();
assert.ok(conn, sys.error());
raw.close();
var t0 = Date.now();
assert.ok(conn.send('x') < 0, 'send on a connection whose peer left mid-handshake');
checkReset('send', t0);
conn.close();
server.close();

// 2. Sync createByFd on a TCP connection whose client left.
Tls.createSerCtx({ name: 'Eof-Handshake', cert: tp.pem('server-combined.pem'), handshakeTimeout: LIMIT });
var tcpServer = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
raw = Tcp.createClient(Tcp.sockaddr('127.0.0.1', tcpServer.sockName().port));
var accepted = tcpServer.accept();
assert.ok(accepted, sys.error());
var fd = accepted.sockFd;
accepted.flyAway();
raw.close();
t0 = Date.now();
assert.equal(Tls.createByFd('Eof-Handshake', fd), undefined, 'createByFd fails');
checkReset('createByFd', t0);

// 3. Async createClient; the server reads the ClientHello and closes without a byte (a
// FIN: closing with the ClientHello unread would be a reset, which was always reported).
tcpServer.accept(undefined, function (c) {
  iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
    var b = new Buffer(4096);
    while (c.recv(b, 0, b.length, 0) > 0) {}
    c.close();
    return false;
  }));
});
var result = null;
t0 = Date.now();
Tls.createClient({ handshakeTimeout: LIMIT }, Tls.sockaddr('127.0.0.1', tcpServer.sockName().port), function (c) {
  result = { client: c, errno: sys.errno(), error: sys.error() };
});
assert.until(function () { return result !== null; }, LIMIT, 'the async client to finish');
assert.equal(result.client, undefined, 'async createClient fails');
assert.equal(result.errno, 54, 'async createClient: ECONNRESET, got ' + result.errno + ' ' + result.error);
assert.ok(/closed during the handshake/.test(result.error), 'async createClient: ' + result.error);
assert.ok(Date.now() - t0 < LIMIT / 2, 'async createClient ended long before handshakeTimeout');
tcpServer.close();
