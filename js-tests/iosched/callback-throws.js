// An exception thrown by an iosched callback (or errback) propagates out of
// iosched.poll unchanged, and the loop keeps working afterwards.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
pair.a.send('x');
assert.until(function () { return pair.b.pending() > 0; }, 5000, 'data');

var thrown = new RangeError('from the callback');
var ev = iosched.event(iosched.READ, pair.b.sockFd, function () { throw thrown; });
iosched.add(ev);
var caught = null;
try {
  iosched.poll(1000);
} catch (e) {
  caught = e;
}
assert.equal(caught, thrown, 'the same exception object');
iosched.remove(ev);

var ev2 = iosched.event(iosched.READ, pair.b.sockFd, function () { return false; },
  function () { throw new TypeError('from the errback'); });
iosched.add(ev2);
assert.throws(function () { iosched.poll(1000); }, TypeError, 'from the errback');
iosched.remove();

// The loop still works.
var fired = 0;
iosched.add(iosched.event(iosched.READ, pair.b.sockFd, function () { fired++; return false; }));
iosched.poll(1000);
assert.equal(fired, 1);

// forever propagates it too.
iosched.add(iosched.event(iosched.WRITE, pair.a.sockFd, function () { throw new Error('out of forever'); }));
assert.throws(function () { iosched.forever(); }, Error, 'out of forever');
iosched.remove();
pair.close();
