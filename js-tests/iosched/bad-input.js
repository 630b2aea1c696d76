// Misuse of iosched throws: a bad method is a RangeError, a non-integer fd a TypeError,
// a negative or closed fd a RangeError naming the fd, a non-function callback a
// TypeError; add/once/remove/listening with something that is not an IoEvent, malformed
// fd sets and non-number timeouts a TypeError.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var fd = pair.b.sockFd;
function cb() {}

assert.throws(function () { iosched.event(3, fd, cb); }, RangeError, 'iosched.event');
assert.throws(function () { iosched.event(-1, fd, cb); }, RangeError, 'iosched.event');
assert.throws(function () { iosched.event(0.5, fd, cb); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event('0', fd, cb); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event(undefined, fd, cb); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event(0, 1.5, cb); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event(0, String(fd), cb); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event(0, undefined, cb); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event(0, -1, cb); }, RangeError, 'iosched.event');
assert.throws(function () { iosched.event(0, 99999, cb); }, RangeError, 'iosched.event: fd 99999 is not open');
assert.throws(function () { iosched.event(0, fd, 'not a function'); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event(0, fd); }, TypeError, 'iosched.event');
assert.throws(function () { iosched.event(0, fd, {}); }, TypeError, 'iosched.event');

var closedFd = pair.a.sockFd;
pair.a.close();
assert.throws(function () { iosched.event(iosched.READ, closedFd, cb); }, RangeError,
  'iosched.event: fd ' + closedFd + ' is not open');

var notEvents = [undefined, null, 1, 'ev', {}, { fd: fd, method: 0, arg: 1 }, [], cb];
notEvents.forEach(function (v) {
  assert.throws(function () { iosched.add(v); }, TypeError, 'iosched.add', 'add ' + String(v));
  assert.throws(function () { iosched.once(v); }, TypeError, 'iosched.once', 'once ' + String(v));
  assert.throws(function () { iosched.listening(v); }, TypeError, 'iosched.listening', 'listening ' + String(v));
});
[1, 'ev', {}, cb, [{}], [1]].forEach(function (v) {
  assert.throws(function () { iosched.remove(v); }, TypeError, 'iosched.remove', 'remove ' + String(v));
});

// Malformed fd sets and timeouts.
assert.throws(function () { iosched.fds('x'); }, TypeError, 'iosched.fds');
assert.throws(function () { iosched.fds([['x'], [], []]); }, TypeError, 'iosched.fds');
assert.throws(function () { iosched.fds([[-1], [], []]); }, RangeError, 'iosched.fds');
assert.throws(function () { iosched.select('x', 0); }, TypeError, 'iosched.select');
assert.throws(function () { iosched.select([[], [], []], 'x'); }, TypeError, 'iosched.select');
assert.throws(function () { iosched.poll('x'); }, TypeError, 'iosched.poll');
assert.throws(function () { iosched.forever('x'); }, TypeError, 'iosched.forever');
assert.throws(function () { iosched.forever({ quit: false }, 'x'); }, TypeError, 'iosched.forever');

// Nothing was watched by the failed calls.
assert.deepEqual(iosched.fds(), [[], [], []]);
pair.close();
