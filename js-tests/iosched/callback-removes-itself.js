// Callbacks may remove events during dispatch: an event that removes itself stops
// firing, and an event removed by an earlier callback in the same turn is not called.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
pair.a.send('unread');
assert.until(function () { return pair.b.pending() > 0; }, 5000, 'data');
var fd = pair.b.sockFd;

var n = 0, removedResult = null;
var self = iosched.event(iosched.READ, fd, function (arg, e) {
  n++;
  removedResult = iosched.remove(e);
});
iosched.add(self);
iosched.poll(1000);
assert.equal(n, 1);
assert.equal(removedResult, true, 'remove() from inside the callback finds it');
assert.equal(iosched.listening(self), false);
for (var i = 0; i < 3; i++) iosched.poll(20);
assert.equal(n, 1, 'not called again');

// first (added first) removes second, both ready in the same turn.
var log = [];
var second;
var first = iosched.event(iosched.READ, fd, function () {
  log.push('first');
  iosched.remove(second);
});
second = iosched.event(iosched.READ, fd, function () { log.push('second'); });
var third = iosched.event(iosched.WRITE, fd, function () { log.push('third'); });
iosched.add(first);
iosched.add(second);
iosched.add(third);
var r = iosched.poll(1000);
assert.deepEqual(log, ['first', 'third'], 'callbacks run in add order, the removed one skipped');
assert.deepEqual(r, [[fd], [fd], []]);

// A callback that removes everything ends the dispatch.
log = [];
var a1 = iosched.event(iosched.READ, fd, function () { log.push('a1'); iosched.remove(); });
iosched.remove();
iosched.add(a1);
iosched.add(iosched.event(iosched.READ, fd, function () { log.push('a2'); }));
iosched.add(iosched.event(iosched.WRITE, fd, function () { log.push('a3'); }));
iosched.poll(1000);
assert.deepEqual(log, ['a1']);
assert.deepEqual(iosched.fds(), [[], [], []]);
pair.close();
