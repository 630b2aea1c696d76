// A callback that sends on a TLS connection and then blocks on no fd of ours (sys.sleep,
// or iosched.select on nothing): what its sends gathered for the end of the turn's callbacks is
// written before it blocks, not when the block ends.
'use strict';
var assert = require('../lib/assert');
var tp = require('../lib/tlspair');

function check(name, block) {
  var blocked;
  var server = tp.onceEstablished(function (c) {
    assert.equal(c.send('pi'), 2);
    assert.equal(c.send('ng'), 2);
    blocked = Date.now();
    block();
  });
  var peer = new Task('./fixtures/ping-pong-peer.js', { port: server.sockName().port, answer: 'time' });
  assert.ok(peer.id() > 0, 'the peer task: ' + sys.error());
  assert.until(function () { return blocked !== undefined; }, 8000, name + ': the callback');
  var at = Task.recv({}, 5000);
  assert.ok(typeof at === 'number', name + ': the peer got ' + at);
  assert.ok(at - blocked < 1000, name + ': ping arrived ' + (at - blocked) + ' ms into a 1500 ms block');
  assert.until(function () { return !peer.isAlive(); }, 8000, name + ': the peer task to end');
  server.close();
}

check('sys.sleep', function () { sys.sleep(1500); });
check('iosched.select', function () { iosched.select([[], [], []], 1500); });
console.log('ok');
