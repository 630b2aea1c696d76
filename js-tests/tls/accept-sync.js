// tls.accept([remoteAddr[, timeout]]), the blocking form: with nobody connecting,
// accept(remoteAddr, timeout) is undefined with ETIMEDOUT after the timeout and leaves
// remoteAddr alone; a connection fills remoteAddr with the client's address; accept()
// with no arguments waits for the next one. The accepted object handshakes on first use:
// a blocking send waits for the handshake, then data goes both ways.
var assert = require('../lib/assert');
var Tls = require('tls');
var tp = require('../lib/tlspair');
var server = Tls.createServer({ cert: tp.pem('server-combined.pem') }, Tls.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var remote = {};
var t0 = Date.now();
assert.equal(server.accept(remote, 150), undefined);
assert.equal(sys.errno(), 60, 'ETIMEDOUT');
assert.ok(Date.now() - t0 >= 140, 'accept waited for its timeout');
assert.deepEqual(remote, {}, 'remoteAddr untouched');
var t = new Task('./fixtures/sync-client.js', { port: port, ca: tp.pem('ca.pem'), rounds: 2 });
var buf = new Buffer(64);
function serve(conn, remoteAddr) {
  assert.ok(conn, 'accept: ' + sys.error());
  assert.equal(conn.send('welcome'), 7, 'a blocking send waits for the handshake');
  assert.equal(conn.getProtocol(), 'TLSv1.3');
  var msg = Task.recv({}, 10000);
  assert.equal(typeof msg.port, 'number', JSON.stringify(msg));
  if (remoteAddr) {
    assert.deepEqual(remoteAddr, { domain: 2, addr: '127.0.0.1', port: msg.port }, 'remoteAddr is the client');
  }
  assert.equal(conn.peerName().port, msg.port);
  assert.equal(conn.recv(buf, 0, buf.length, 10000), 6);
  assert.equal(buf.toString(6), 'thanks');
  assert.ok(conn.recv(buf, 0, buf.length, 10000) < 0, 'the client closed');
  assert.equal(conn.isEOF(), true);
  conn.close();
}
serve(server.accept(remote, 10000), remote);
serve(server.accept());
assert.until(function () { return !t.isAlive(); }, 5000, 'the client task to end');
assert.equal(Task.recv({}, 0), undefined, 'no failure reported by the client task');
server.close();
