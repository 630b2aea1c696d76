// An uncaught exception in a task is reported with the task's file and line and ends
// only that task; Task.on('uncaughtException') in a task catches it; a missing or broken
// task file is a clear failure (id 0, errno and sys.error()).
var assert = require('../lib/assert');
var bad = new Task('./fixtures/throws-task.js');
assert.until(function () { return !bad.isAlive(); }, 5000, 'the failing task to end');
var catcher = new Task('./fixtures/catches-task.js');
assert.equal(Task.recv({}, 5000), 'caught: from a timer');
var missing = new Task('./fixtures/no-such-task.js');
assert.equal(missing.id(), 0);
assert.equal(missing.isAlive(), false);
assert.equal(sys.errno(), 2);
assert.ok(/no-such-task\.js/.test(sys.error()), sys.error());
var broken = new Task('./fixtures/broken-task.js');
assert.equal(broken.id(), 0);
assert.ok(/broken-task\.js:1:\d+: SyntaxError/.test(sys.error()), sys.error());
assert.throws(function () { new Task(42); }, TypeError, 'new Task: file must be a string');
assert.throws(function () { Task('x'); }, TypeError);
console.log('main still running');
