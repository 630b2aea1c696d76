// When a callback returns false the event is removed even if its errback then throws:
// the exception propagates, and the callback does not fire again.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
pair.a.send('x');
var calls = 0;
var ev = iosched.event(iosched.READ, pair.b.sockFd, function () { calls++; return false; },
  function () { throw new Error('errback failed'); });
iosched.add(ev);
assert.throws(function () { iosched.poll(1000); }, Error, 'errback failed');
assert.equal(iosched.listening(ev), false, 'removed although the errback threw');
iosched.poll(100);
assert.equal(calls, 1);
pair.close();
