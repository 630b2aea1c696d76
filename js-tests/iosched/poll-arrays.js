// iosched.poll returns [[read fds], [write fds], [except fds]] that it dispatched, each
// fd in its slot; with nothing ready, poll(timeout) waits about timeout and returns [[],[],[]].
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var a = pair.a.sockFd, b = pair.b.sockFd;
var buf = new Buffer(16);

var t0 = Date.now();
var r = iosched.poll(150);
var took = Date.now() - t0;
assert.deepEqual(r, [[], [], []], 'nothing watched');
assert.ok(took >= 140 && took < 2000, 'waited about 150 ms, took ' + took);

var reads = 0;
var rev = iosched.event(iosched.READ, b, function () { reads++; pair.b.recv(buf, 0, 16, 0); });
iosched.add(rev);
t0 = Date.now();
r = iosched.poll(120);
took = Date.now() - t0;
assert.deepEqual(r, [[], [], []], 'watched but not ready');
assert.ok(took >= 110 && took < 2000, 'waited about 120 ms, took ' + took);
assert.equal(reads, 0);

pair.a.send('hi');
r = iosched.poll(5000);
assert.deepEqual(r, [[b], [], []], 'the readable fd in the read slot');
assert.equal(reads, 1);

var wev = iosched.event(iosched.WRITE, a, function () {});
iosched.add(wev);
r = iosched.poll(5000);
assert.deepEqual(r, [[], [a], []], 'the writable fd in the write slot');

pair.a.send('more');
iosched.add(iosched.event(iosched.WRITE, b, function () {}));
assert.until(function () { return pair.b.pending() === 4; }, 5000, 'data arrives');
r = iosched.poll(5000);
assert.deepEqual(r[0], [b]);
assert.deepEqual(r[1].slice().sort(), [a, b].sort(), 'both writable fds');
assert.deepEqual(r[2], []);

// poll() with no timeout returns as soon as something is ready.
iosched.remove();
iosched.add(rev);
pair.a.send('z');
t0 = Date.now();
r = iosched.poll();
assert.deepEqual(r, [[b], [], []]);
assert.ok(Date.now() - t0 < 2000);
pair.close();
