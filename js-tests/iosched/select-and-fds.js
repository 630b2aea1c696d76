// iosched.fds merges user sets with the watched events' fds; iosched.select reports the
// ready fds among the given sets (or the watched ones) without running any callback.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var a = pair.a.sockFd, b = pair.b.sockFd;
function sorted(sets) { return sets.map(function (s) { return s.slice().sort(function (x, y) { return x - y; }); }); }

assert.deepEqual(iosched.fds(), [[], [], []]);
assert.deepEqual(iosched.fds([[a], [], [b]]), [[a], [], [b]], 'user sets alone');

var fired = 0;
function cb() { fired++; }
iosched.add(iosched.event(iosched.READ, b, cb));
iosched.add(iosched.event(iosched.WRITE, a, cb));
assert.deepEqual(iosched.fds(), [[b], [a], []]);
assert.deepEqual(sorted(iosched.fds([[a], [], [a]])), sorted([[a, b], [a], [a]]), 'merged');
assert.deepEqual(iosched.fds([[b], [a], []]), [[b], [a], []], 'no duplicates');

// select over user sets: only a is writable, nothing readable yet.
assert.deepEqual(iosched.select([[a, b], [a], []], 0), [[], [a], []]);
var t0 = Date.now();
assert.deepEqual(iosched.select([[a, b], [], []], 100), [[], [], []], 'timeout with nothing ready');
assert.ok(Date.now() - t0 >= 90, 'waited the timeout');

pair.a.send('data');
assert.deepEqual(iosched.select([[b], [], []], 5000), [[b], [], []]);
assert.deepEqual(sorted(iosched.select([[a, b], [a, b], []], 0)), sorted([[b], [a, b], []]));
// select with only a timeout looks at the watched events.
assert.deepEqual(iosched.select(0), [[b], [a], []]);
assert.deepEqual(iosched.select(undefined, 0), [[b], [a], []]);
assert.equal(fired, 0, 'select never runs callbacks');
assert.equal(pair.b.pending(), 4, 'select does not consume data');

// poll does.
iosched.poll(0);
assert.equal(fired, 2);
iosched.remove();
pair.close();
