// Only a callback result of exactly `false` calls the errback and removes the event;
// undefined, true and other falsy values keep it watched.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var fd = pair.b.sockFd;
pair.a.send('pending data that nobody reads');

function keepsFiring(result, label) {
  var n = 0, errbacks = 0;
  var ev = iosched.event(iosched.READ, fd, function () { n++; return result; }, function () { errbacks++; });
  assert.equal(iosched.add(ev), true);
  assert.until(function () { return n >= 3; }, 5000, label + ' fires again');
  assert.equal(errbacks, 0, label + ': no errback');
  assert.equal(iosched.listening(ev), true, label + ': still watched');
  assert.equal(iosched.remove(ev), true);
}
keepsFiring(undefined, 'undefined');
keepsFiring(true, 'true');
keepsFiring(0, '0');
keepsFiring('', 'empty string');
keepsFiring(null, 'null');

var log = [];
var ev = iosched.event(iosched.READ, fd, function (arg) { log.push('cb:' + arg); return false; },
  function (arg, e) { log.push('eb:' + arg); assert.equal(e, ev); }, 'A');
iosched.add(ev);
assert.until(function () { return log.length >= 2; }, 5000, 'errback');
assert.deepEqual(log, ['cb:A', 'eb:A']);
assert.equal(iosched.listening(ev), false, 'removed after returning false');
for (var i = 0; i < 3; i++) iosched.poll(20);
assert.deepEqual(log, ['cb:A', 'eb:A'], 'never called again though data is still pending');
assert.equal(iosched.remove(ev), false, 'nothing left to remove');

// Removed events can be added again.
assert.equal(iosched.add(ev), true);
assert.until(function () { return log.length >= 4; }, 5000, 're-added event');
assert.deepEqual(log, ['cb:A', 'eb:A', 'cb:A', 'eb:A']);
pair.close();
