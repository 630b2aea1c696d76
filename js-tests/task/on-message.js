// Task.on('message', (msg, from)) runs inside iosched.forever in both directions;
// Task.fd() is readable while messages wait; cancel ends a task.
var assert = require('../lib/assert');
var t = new Task('./fixtures/echo-task.js', { name: 'obj-arg' });
var replies = [];
Task.on('message', function (msg, from) {
  assert.equal(from, t.id());
  replies.push(msg);
});
for (var i = 0; i < 50; i++) t.send(i);
var check = { quit: false };
setTimeout(function () { assert.fail('timed out'); }, 10000);
var timer = setInterval(function () { if (replies.length === 50) check.quit = true; }, 5);
iosched.forever(check);
clearInterval(timer);
assert.deepEqual(replies.map(function (r) { return r.msg; }), Array.from({ length: 50 }, function (_, i) { return i; }), 'in order');
assert.deepEqual(replies[0].tag, { name: 'obj-arg' }, 'an object ARGUMENT');
Task.removeAllListeners('message');
t.send('direct');
var fd = Task.fd();
assert.until(function () { return iosched.select([[fd], [], []], 0)[0].length === 1; }, 5000, 'Task.fd() readable');
assert.equal(Task.recv({}, 1000).msg, 'direct');
assert.equal(t.cancel(), 0);
assert.until(function () { return !t.isAlive(); }, 5000, 'cancel to end the task');
assert.equal(t.cancel(), 1, 'cancel of an ended task');
