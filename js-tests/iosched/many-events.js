// Many events at once: 200 async clients connect to one async-accepting server, each
// accepted socket echoes through its own READ event, and every client gets its echo.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var N = 200;
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0), 512);
var port = server.sockName().port;
var accepted = [];
var clients = [];
var echoes = {};
var echoed = 0;

server.accept(undefined, function (conn) {
  accepted.push(conn);
  var buf = new Buffer(64);
  iosched.add(iosched.event(iosched.READ, conn.sockFd, function () {
    var n = conn.recv(buf, 0, 64, 0);
    if (n > 0) conn.send(buf, 0, n);
    else if (n < 0) return false;
  }));
});

function startClient(i) {
  var c = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), function (tcp) {
    assert.ok(tcp, 'client ' + i + ' connected: ' + sys.error());
    var buf = new Buffer(64);
    var got = '';
    var want = 'client ' + i + ';';
    iosched.add(iosched.event(iosched.READ, tcp.sockFd, function () {
      var n = tcp.recv(buf, 0, 64, 0);
      if (n > 0) got += buf.toString('utf8', 0, n);
      if (got === want) {
        echoes[i] = got;
        echoed++;
        return false;
      }
    }));
    tcp.send(want);
  });
  assert.ok(c, 'createClient ' + i);
  clients.push(c);
}
for (var i = 0; i < N; i++) startClient(i);

assert.until(function () { return echoed === N; }, 30000, 'all echoes (' + echoed + ')');
assert.equal(accepted.length, N);
for (i = 0; i < N; i++) assert.equal(echoes[i], 'client ' + i + ';');
assert.equal(iosched.fds()[0].length, N + 1, 'the server and the accepted sockets are still watched');
clients.forEach(function (c) { c.close(); });
accepted.forEach(function (c) { c.close(); });
server.close();
assert.deepEqual(iosched.fds(), [[], [], []], 'closing removed every event');
