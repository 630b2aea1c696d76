// A client that connects and never speaks is shut down at handshakeTimeout: the
// accepted connection's READ event fires and recv returns a negative number with
// ETIMEDOUT; a good client is served meanwhile.
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');
var tp = require('../lib/tlspair');
var server = Tls.createServer({ cert: tp.pem('server-combined.pem'), handshakeTimeout: 2000 }, Tls.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var results = [];
server.accept(undefined, function (c) {
  iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
    var buf = new Buffer(64);
    var n = c.recv(buf, 0, 64, 0);
    if (n > 0) { results.push('data:' + buf.toString(n)); c.send('ok'); }
    if (n < 0) { results.push('lost:' + sys.errno() + ':' + sys.error()); c.close(); return false; }
  }));
});
var t0 = Date.now();
var silent = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port));
assert.ok(silent);
var good;
Tls.createClient({ ca: tp.pem('ca.pem'), server: 'localhost' }, Tls.sockaddr('127.0.0.1', port), function (c) {
  good = c;
  c.send('hi');
});
assert.until(function () { return results.indexOf('data:hi') !== -1; }, 5000, 'the good client');
assert.ok(Date.now() - t0 < 1900, 'the good client was served before the timeout');
assert.until(function () { return results.some(function (r) { return r.indexOf('lost:') === 0; }); }, 8000, 'the silent client to be dropped');
var lost = results.filter(function (r) { return r.indexOf('lost:') === 0; })[0];
assert.equal(lost, 'lost:60:handshake timed out');
assert.ok(Date.now() - t0 >= 1900, 'not before handshakeTimeout');
var buf = new Buffer(8);
assert.ok(silent.recv(buf, 0, 8, 2000) < 0, 'the silent client sees the connection end');
silent.close();
good.close();
server.close();
