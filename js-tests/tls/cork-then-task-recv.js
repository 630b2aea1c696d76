// A callback that sends on a TLS connection and then blocks on something else (here
// Task.recv, waiting for a message the peer task sends once the data arrived): what the
// sends gathered for the end of the turn's callbacks is written before any blocking call.
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');

var message;
var server = tp.onceEstablished(function (c) {
  assert.equal(c.send('pi'), 2);
  assert.equal(c.send('ng'), 2);
  message = Task.recv({}, 3000);
});
var peer = new Task('./fixtures/ping-pong-peer.js', { port: server.sockName().port, answer: 'message' });
assert.ok(peer.id() > 0, 'the peer task: ' + sys.error());
assert.until(function () { return message !== undefined || !peer.isAlive(); }, 8000, 'the message');
assert.equal(message, 'got ping');
assert.until(function () { return !peer.isAlive(); }, 8000, 'the peer task to end');
server.close();
console.log('ok');
