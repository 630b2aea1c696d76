// An exception thrown in a timer callback propagates out of iosched.poll.
var assert = require('../lib/assert');
setTimeout(function () { throw new Error('from timer'); }, 1);
var e = assert.throws(function () { iosched.poll(100); iosched.poll(100); }, Error, 'from timer');
console.log('caught', e.message);
