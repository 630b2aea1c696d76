// mports(n) makes a server listen on the n following ports too; sync and async accept
// take connections on each of them; on a connected socket it returns false.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');

// mports needs free neighbours of the base port. A port-0 server is tried first; when
// many client sockets linger in TIME_WAIT (they take the neighbours of port-0 picks),
// random bases below the ephemeral range are tried instead.
function serverWithPorts(n) {
  for (var i = 0; i < 60; i++) {
    var port = i < 10 ? 0 : 10000 + Math.floor(Math.random() * 20000);
    var s = Tcp.createServer(Tcp.sockaddr('127.0.0.1', port));
    if (!s) continue;
    if (s.sockName().port + n <= 65535 && s.mports(n)) return s;
    s.close();
  }
  throw new Error('no free run of ports: ' + sys.error());
}

var server = serverWithPorts(2);
var base = server.sockName().port;
assert.equal(server.getState(), 1);

// Sync accept on each port.
[base, base + 1, base + 2].forEach(function (port) {
  var c = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), 5000);
  assert.ok(c, 'connect to ' + port + ': ' + sys.error());
  var conn = server.accept(undefined, 5000);
  assert.ok(conn, 'accept on ' + port);
  assert.equal(conn.sockName().port, port);
  assert.equal(c.send('p'), 1);
  var b = new Buffer(1);
  assert.equal(conn.recv(b, 0, 1, 5000), 1);
  c.close();
  conn.close();
});

// Async accept on each port, including ports added after accept(undefined, cb).
var seen = [];
var conns = [];
server.accept(undefined, function (conn) {
  seen.push(conn.sockName().port);
  conns.push(conn);
});
var clients = [base, base + 1, base + 2].map(function (port) {
  return Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), 5000);
});
assert.until(function () { return seen.length === 3; }, 5000, 'three async accepts');
assert.deepEqual(seen.slice().sort(), [base, base + 1, base + 2].sort());

var s2 = serverWithPorts(0);
var seen2 = [];
s2.accept(undefined, function (conn) { seen2.push(conn.sockName().port); conns.push(conn); });
if (s2.mports(1)) {
  var p2 = s2.sockName().port;
  clients.push(Tcp.createClient(Tcp.sockaddr('127.0.0.1', p2 + 1), 5000));
  clients.push(Tcp.createClient(Tcp.sockaddr('127.0.0.1', p2), 5000));
  assert.until(function () { return seen2.length === 2; }, 5000, 'accept covers ports added later');
  assert.deepEqual(seen2.slice().sort(), [p2, p2 + 1].sort());
}
s2.close();

sys.clearErrno();
assert.equal(clients[0].mports(1), false, 'not a listening socket');
assert.notEqual(sys.errno(), 0);
clients.forEach(function (c) { c.close(); });
conns.forEach(function (c) { c.close(); });
server.close();
assert.deepEqual(iosched.fds(), [[], [], []], 'closing the server removed its accept events');
assert.equal(Tcp.createClient(Tcp.sockaddr('127.0.0.1', base + 1), 2000), undefined, 'the extra ports closed too');
assert.equal(sys.errno(), 61);
