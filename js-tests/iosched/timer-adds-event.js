// An event added from a timer callback is watched from then on: a following poll with
// no timeout wakes for it and runs its callback.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var got = null;
var buf = new Buffer(16);
var ev = iosched.event(iosched.READ, pair.b.sockFd, function () {
  var n = pair.b.recv(buf, 0, 16, 0);
  got = buf.toString('utf8', 0, n);
});
var added = false;
setTimeout(function () {
  added = iosched.add(ev);
  setTimeout(function () { pair.a.send('late data'); }, 30);
}, 20);
var t0 = Date.now();
while (got === null && Date.now() - t0 < 10000) iosched.poll();
assert.equal(added, true);
assert.equal(got, 'late data');
assert.ok(Date.now() - t0 < 5000);
iosched.remove(ev);
pair.close();
