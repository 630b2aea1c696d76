// Events are level-triggered: a READ callback that takes one byte at a time fires again
// on every poll until the data is drained, then no more.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var buf = new Buffer(1);
var got = '';
var calls = 0;
var ev = iosched.event(iosched.READ, pair.b.sockFd, function () {
  calls++;
  var n = pair.b.recv(buf, 0, 1, 0);
  assert.equal(n, 1, 'one byte each time');
  got += buf.toString();
});
iosched.add(ev);
pair.a.send('abcde');
assert.until(function () { return pair.b.pending() === 5; }, 5000, 'all five bytes arrive');
for (var i = 1; i <= 5; i++) {
  var r = iosched.poll(1000);
  assert.equal(calls, i, 'one callback per poll');
  assert.deepEqual(r, [[pair.b.sockFd], [], []]);
}
assert.equal(got, 'abcde');
var t0 = Date.now();
var r2 = iosched.poll(100);
assert.deepEqual(r2, [[], [], []], 'drained: not ready any more');
assert.equal(calls, 5);
assert.ok(Date.now() - t0 >= 90, 'the drained fd does not wake poll');

// New data makes it fire again.
pair.a.send('f');
assert.until(function () { return got === 'abcdef'; }, 5000, 'new data');
pair.close();
