// A poll that ran timers, promise jobs or nextTick callbacks returns instead of going on
// to sleep, so `while (!done) iosched.poll()` sees what they did (with nothing else
// registered, a sleeping poll would never wake).
var assert = require('../lib/assert');
var done = false;
setTimeout(function () { done = true; }, 0);
while (!done) iosched.poll();
done = false;
Promise.resolve().then(function () { done = true; });
while (!done) iosched.poll();
done = false;
Task.nextTick(function () { done = true; });
while (!done) iosched.poll();
var count = 0;
for (var i = 0; i < 1000; i++) setTimeout(function () { count++; }, 0);
while (count < 1000) iosched.poll();
assert.equal(count, 1000);
console.log('returned');
