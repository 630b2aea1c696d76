// An ACCEPT event on a listening socket's fd fires once per pending connection while the
// callback takes them with a non-waiting accept; connections queue until accepted.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');
var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0), 16);
var port = server.sockName().port;
var conns = [];
var ev = iosched.event(iosched.ACCEPT, server.sockFd, function () {
  var remote = {};
  var c = server.accept(remote, 0);
  assert.ok(c, 'a pending connection: ' + sys.error());
  assert.equal(remote.addr, '127.0.0.1');
  conns.push(c);
});
assert.equal(ev.method, iosched.READ);
iosched.add(ev);
assert.deepEqual(iosched.poll(100), [[], [], []], 'no connection yet');
var clients = [1, 2, 3].map(function () { return Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), 5000); });
// Level-triggered: one accept per callback, one callback per poll, until the queue is empty.
for (var i = 1; i <= 3; i++) {
  assert.deepEqual(iosched.poll(2000), [[server.sockFd], [], []]);
  assert.equal(conns.length, i);
}
assert.deepEqual(iosched.poll(100), [[], [], []], 'the queue is empty');
clients.forEach(function (c) { c.close(); });
conns.forEach(function (c) { c.close(); });
server.close();
assert.equal(iosched.listening(ev), false, 'closing the server removed its event');
