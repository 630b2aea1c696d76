// Timers, intervals, immediates, nextTick and promise jobs run only inside
// iosched.poll, in order: nextTick, then promise jobs, then due timers by deadline.
var assert = require('../lib/assert');
var log = [];
setTimeout(function (x) { log.push('t20' + x); }, 20, '!');
setTimeout(function () { log.push('t5'); }, 5);
var cancelled = setTimeout(function () { log.push('cancelled'); }, 1);
clearTimeout(cancelled);
setImmediate(function () { log.push('immediate'); });
Promise.resolve().then(function () { log.push('promise'); });
Task.nextTick(function (a, b) { log.push('tick' + a + b); }, 1, 2);
var n = 0;
var iv = setInterval(function () {
  log.push('iv' + ++n);
  if (n === 3) clearInterval(iv);
}, 8);
assert.deepEqual(log, [], 'nothing runs before iosched.poll');
assert.until(function () { return log.indexOf('t20!') !== -1 && n === 3; }, 5000, 'timers');
iosched.poll(40);
assert.equal(log[0], 'tick12');
assert.equal(log[1], 'promise');
assert.ok(log.indexOf('t5') < log.indexOf('t20!'));
assert.equal(log.indexOf('cancelled'), -1);
assert.ok(log.indexOf('immediate') !== -1);
assert.deepEqual(log.filter(function (s) { return s.startsWith('iv'); }), ['iv1', 'iv2', 'iv3'], 'a cleared interval stops');
assert.throws(function () { setTimeout('code', 1); }, TypeError, 'setTimeout: callback must be a function');
clearTimeout(12345);
clearTimeout(undefined);
