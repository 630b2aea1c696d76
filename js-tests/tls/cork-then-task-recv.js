// A callback that sends on a TLS connection and then blocks on something else (here
// Task.recv, waiting for a message the peer task sends once the data arrived): what the
// sends gathered for the end of the callback is written before any blocking call.
'use strict';
var assert = require('../lib/assert');
var Tls = require('tls');
var tp = require('../lib/tlspair');

var server = Tls.createServer({ cert: tp.pem('server-ec.pem'), key: tp.pem('server-ec.key') },
  Tls.sockaddr('127.0.0.1', 0));
var message;
server.accept(undefined, function (c) {
  iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
    if (c.getProtocol() === undefined) {
      c.pending();
      if (c.getProtocol() === undefined) return;
    }
    assert.equal(c.send('pi'), 2);
    assert.equal(c.send('ng'), 2);
    message = Task.recv({}, 3000);
    c.close();
    return false;
  }));
});
var peer = new Task('./fixtures/ping-pong-peer.js', { port: server.sockName().port, answer: 'message' });
assert.ok(peer.id() > 0, 'the peer task: ' + sys.error());
assert.until(function () { return message !== undefined || !peer.isAlive(); }, 8000, 'the message');
assert.equal(message, 'got ping');
assert.until(function () { return !peer.isAlive(); }, 8000, 'the peer task to end');
server.close();
console.log('ok');
