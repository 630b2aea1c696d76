// Tls.createServer(opt, sockaddr[, backlog[, dev]]): backlog bounds the connections
// waiting for accept (Linux queues backlog + 1; the next SYN is dropped, so a client's
// connect times out): 5 by default, 1 when given. dev binds the server to an interface
// (read back with getOptions()); an unknown interface is undefined with ENODEV (19).
// Tls.createClient(opt, sockaddr, timeout) gives up connecting after timeout ms with
// ETIMEDOUT (60).
var assert = require('../lib/assert');
var Tls = require('tls');
var Tcp = require('tcp');
var tp = require('../lib/tlspair');
var opt = { cert: tp.pem('server-combined.pem') };

// How many TCP connections a server that never accepts takes before connects time out.
function queued(server) {
  var port = server.sockName().port;
  var clients = [];
  for (;;) {
    var c = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), 300);
    if (!c) break;
    clients.push(c);
    assert.ok(clients.length < 20, 'no limit to the queue');
  }
  assert.equal(sys.errno(), 60, 'the last connect timed out: ' + sys.error());
  // A TLS client with a timeout: its connect times out the same way.
  var t0 = Date.now();
  assert.equal(Tls.createClient({}, Tls.sockaddr('127.0.0.1', port), 400), undefined);
  var took = Date.now() - t0;
  assert.equal(sys.errno(), 60);
  assert.equal(sys.error(), 'connect timed out');
  assert.ok(took >= 390 && took < 3000, 'createClient waited about its timeout, took ' + took);
  // Accepting one makes room for one more.
  var conn = server.accept(undefined, 2000);
  assert.ok(conn, sys.error());
  var more = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), 2000);
  assert.ok(more, 'room after an accept: ' + sys.error());
  more.close();
  conn.close();
  clients.forEach(function (c) { c.close(); });
  return clients.length;
}
var byDefault = Tls.createServer(opt, Tls.sockaddr('127.0.0.1', 0));
assert.equal(queued(byDefault), 6, 'default backlog 5: 6 queued');
byDefault.close();
var one = Tls.createServer(opt, Tls.sockaddr('127.0.0.1', 0), 1);
assert.equal(queued(one), 2, 'backlog 1: 2 queued');
one.close();

// dev.
var onLo = Tls.createServer(opt, Tls.sockaddr('127.0.0.1', 0), 5, 'lo');
assert.ok(onLo, 'server on device lo: ' + sys.error());
assert.equal(onLo.getOptions().device, 'lo');
var p = tp.pair();
assert.equal(p.server.getOptions().device, undefined, 'not bound without dev');
p.client.close();
p.peer.close();
p.server.close();
var served = false;
onLo.accept(undefined, function (c) {
  iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
    var buf = new Buffer(8);
    var n = c.recv(buf, 0, 8, 0);
    if (n > 0) { served = true; c.send('ok'); }
    if (n < 0) { c.close(); return false; }
  }));
});
var client;
Tls.createClient({ ca: tp.pem('ca.pem'), server: 'localhost', rejectUnauthorized: true },
  Tls.sockaddr('127.0.0.1', onLo.sockName().port), function (c) { client = c; c.send('hi'); });
assert.until(function () { return served; }, 5000, 'the server on lo to serve');
client.close();
onLo.close();
sys.clearErrno();
assert.equal(Tls.createServer(opt, Tls.sockaddr('127.0.0.1', 0), 5, 'nosuchif0'), undefined, 'an unknown device');
assert.equal(sys.errno(), 19);
