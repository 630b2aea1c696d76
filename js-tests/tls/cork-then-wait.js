// Inside an iosched callback jsre gathers a connection's small TLS sends and writes them
// once the turn's callbacks have run (one system call for several records). A callback that
// sends and then waits for the answer (a recv with a timeout) must still get it: the
// wait writes what was gathered first. The peer is a task (another thread), since this
// thread is blocked in recv meanwhile.
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');

var answer;
var server = tp.onceEstablished(function (c) {
  assert.equal(c.send('pi'), 2);
  assert.equal(c.send('ng'), 2);
  var buf = new Buffer(16);
  var n = c.recv(buf, 0, 16, 3000);
  answer = n > 0 ? buf.toString('utf8', 0, n) : 'recv gave ' + n + ': ' + sys.error();
});
var peer = new Task('./fixtures/ping-pong-peer.js', { port: server.sockName().port, answer: 'pong' });
assert.ok(peer.id() > 0, 'the peer task: ' + sys.error());
assert.until(function () { return answer !== undefined; }, 8000, 'the answer');
assert.equal(answer, 'pong');
assert.until(function () { return !peer.isAlive(); }, 8000, 'the peer task to end');
server.close();
console.log('ok');
