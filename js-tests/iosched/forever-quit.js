// iosched.forever returns when check.quit turns truthy, when a check function returns
// truthy (checked each turn, so forever(fn, timeout) polls with that timeout), and a
// number first is the timeout; an exception from a callback ends it.
'use strict';
var assert = require('../lib/assert');

// check.quit set by a timer.
var check = { quit: false };
var t0 = Date.now();
setTimeout(function () { check.quit = true; }, 50);
assert.equal(iosched.forever(check), undefined);
var took = Date.now() - t0;
assert.ok(took >= 45 && took < 3000, 'returned after the timer, took ' + took);

// check.quit set by an I/O callback.
var pair = require('../lib/tcp-pair').pair();
var c2 = { quit: false };
var buf = new Buffer(8);
iosched.add(iosched.event(iosched.READ, pair.b.sockFd, function () {
  pair.b.recv(buf, 0, 8, 0);
  c2.quit = 1;
}));
setTimeout(function () { pair.a.send('go'); }, 20);
iosched.forever(c2);
assert.equal(buf.toString('utf8', 0, 2), 'go');
iosched.remove();
pair.close();

// quit already true: returns without a turn.
var ran = false;
setImmediate(function () { ran = true; });
iosched.forever({ quit: true });
assert.equal(ran, false, 'no turn when quit is already set');
iosched.poll(0);
assert.equal(ran, true);

// A check function, called once per turn; with a timeout, turns happen with nothing to do.
var calls = 0;
t0 = Date.now();
iosched.forever(function () { return ++calls >= 5; }, 20);
took = Date.now() - t0;
assert.equal(calls, 5);
assert.ok(took >= 60 && took < 3000, 'four idle 20 ms turns, took ' + took);

// A check function made true by a timer.
var done = false;
setTimeout(function () { done = true; }, 30);
iosched.forever(function () { return done; });
assert.equal(done, true);

// A number first is the timeout; the loop runs until an exception ends it.
var ticks = 0;
var iv = setInterval(function () {
  if (++ticks === 3) throw new Error('stop here');
}, 10);
var e = assert.throws(function () { iosched.forever(15); }, Error, 'stop here');
clearInterval(iv);
assert.equal(ticks, 3);
