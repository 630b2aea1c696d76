// createByFd waits up to 2 s for an fd another task has yet to fly away; that wait, like
// every other, first writes what the turn's callbacks sent. Here a callback sends 'fly'
// to the peer task, and a later callback of the same turn adopts the fd the peer flies
// away only once 'fly' has arrived.
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');
var Tls = require('tls');
var Tcp = require('tcp');

var tlsServer = Tls.createServer({ cert: tp.pem('server-ec.pem'), key: tp.pem('server-ec.key') },
  Tls.sockaddr('127.0.0.1', 0));
assert.ok(tlsServer, 'createServer: ' + sys.error());
var conn;
tlsServer.accept(undefined, function (c) {
  iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
    c.pending(); // drive the handshake
    if (c.getProtocol() === undefined) return true;
    conn = c;
    return false;
  }));
});
var tcpServer = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
assert.ok(tcpServer, 'Tcp.createServer: ' + sys.error());

var peer = new Task('./fixtures/fly-after-message.js',
  { tlsPort: tlsServer.sockName().port, tcpPort: tcpServer.sockName().port });
assert.ok(peer.id() > 0, 'the peer task: ' + sys.error());
var ours = tcpServer.accept(undefined, 5000);
assert.ok(ours, 'accept: ' + sys.error());
assert.until(function () { return conn !== undefined; }, 10000, 'the TLS connection');
var fd = Task.recv({}, 5000);
assert.ok(typeof fd === 'number', 'the peer: ' + fd);

var adopted;
var why;
// Two WRITE events on one writable fd run in the same turn, in the order added.
iosched.once(iosched.event(iosched.WRITE, conn.sockFd, function () {
  assert.equal(conn.send('fly'), 3);
}));
iosched.once(iosched.event(iosched.WRITE, conn.sockFd, function () {
  adopted = Tcp.createByFd(fd);
  why = sys.error();
}));
iosched.poll(1000);
assert.ok(adopted, 'createByFd of the fd flown away after our message: ' + why);
assert.equal(Task.recv({}, 5000), 'got fly');

adopted.close();
ours.close();
conn.close();
assert.until(function () { return !peer.isAlive(); }, 10000, 'the peer task to end');
tlsServer.close();
tcpServer.close();
console.log('ok');
