// iosched.remove takes one IoEvent, an array of them, or nothing (all); it returns
// true when something was removed and false otherwise (unknown event, empty list).
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var fd = pair.b.sockFd;
var fired = 0;
function cb() { fired++; }
var e1 = iosched.event(iosched.READ, fd, cb);
var e2 = iosched.event(iosched.WRITE, fd, cb);
var e3 = iosched.event(iosched.READ, pair.a.sockFd, cb);
var e4 = iosched.event(iosched.WRITE, pair.a.sockFd, cb);
var never = iosched.event(iosched.READ, fd, cb);

assert.equal(iosched.remove(), false, 'nothing watched yet');
assert.equal(iosched.remove(never), false, 'an event never added');
[e1, e2, e3, e4].forEach(function (e) { assert.equal(iosched.add(e), true); });
assert.equal(iosched.add(e1), false, 'adding twice');

assert.equal(iosched.remove(e1), true);
assert.equal(iosched.listening(e1), false);
assert.equal(iosched.remove(e1), false, 'already removed');

assert.equal(iosched.remove([e2, e3]), true, 'an array');
assert.equal(iosched.listening(e2), false);
assert.equal(iosched.listening(e3), false);
assert.equal(iosched.listening(e4), true);
assert.equal(iosched.remove([e2, never]), false, 'an array of events not watched');
assert.equal(iosched.remove([]), false, 'an empty array');

assert.equal(iosched.add(e1), true);
assert.equal(iosched.remove(), true, 'no argument removes all');
assert.equal(iosched.listening(e1), false);
assert.equal(iosched.listening(e4), false);
assert.deepEqual(iosched.fds(), [[], [], []], 'nothing left watched');
assert.equal(iosched.remove(), false, 'nothing left');

// Removed events do not fire although their conditions hold.
pair.a.send('x');
fired = 0;
iosched.poll(100);
assert.equal(fired, 0);
pair.close();
