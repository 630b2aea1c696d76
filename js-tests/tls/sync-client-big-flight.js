// A blocking createClient whose server sends a first flight larger than rustls reads at
// once (a certificate chain over 4 KiB): jsre reads the socket 64 KiB at a time and keeps
// what the session cannot take yet; the handshake must go on from there rather than wait
// on a socket that is already empty (it would hang until handshakeTimeout).
var assert = require('../lib/assert');
var Tls = require('tls');
var tp = require('../lib/tlspair');
var chain = tp.pem('server-ec.pem');
for (var i = 0; i < 16; i++) chain += tp.pem('ca.pem');
assert.ok(chain.length > 8000, 'a big chain');
var server = Tls.createServer({ cert: chain, key: tp.pem('server-ec.key') }, Tls.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var t0 = Date.now();
var t = new Task('./fixtures/sync-client.js', { port: port, ca: tp.pem('ca.pem'), rounds: 2 });
var buf = new Buffer(64);
for (var round = 0; round < 2; round++) {
  var conn = server.accept(undefined, 10000);
  assert.ok(conn, 'accept: ' + sys.error());
  assert.equal(conn.send('welcome'), 7);
  var msg = Task.recv({}, 10000);
  assert.equal(typeof msg.port, 'number', JSON.stringify(msg));
  assert.equal(conn.recv(buf, 0, buf.length, 10000), 6);
  assert.equal(buf.toString(6), 'thanks');
  conn.close();
}
assert.ok(Date.now() - t0 < 5000, 'no handshake waited for a timeout (' + (Date.now() - t0) + ' ms)');
assert.until(function () { return !t.isAlive(); }, 5000, 'the client task to end');
assert.equal(Task.recv({}, 0), undefined, 'no failure reported by the client task');
server.close();
console.log('ok');
