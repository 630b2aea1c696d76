// Every message type both ways: strings, numbers, booleans, null, arrays, nested plain
// objects and Buffers (arriving as Buffers); ARGUMENT; Task.recv with from and timeout.
var assert = require('../lib/assert');
assert.ok(Task.isMain());
assert.equal(Task.me(), 1);
assert.equal(Task.parent(), 0);
var t = new Task('./fixtures/echo-task.js', 'echo-1');
assert.ok(t.id() > 1, 'a task id');
assert.ok(t.isAlive());
assert.ok(Task.count() >= 2);
assert.ok(Task.list().indexOf(t.id()) !== -1);
assert.equal(Task.list(true).indexOf(1), -1, 'list(exceptMe)');
var samples = ['text', 42, -1.5, true, false, null, [1, 'two', [3]], { a: 1, b: { c: [true, null] } }, Buffer.from([1, 2, 255])];
samples.forEach(function (m) {
  assert.ok(t.send(m));
  var from = {};
  var reply = Task.recv(from, 5000);
  assert.ok(reply, 'a reply for ' + JSON.stringify(m));
  assert.equal(from.id, t.id(), 'recv fills from.id');
  assert.equal(reply.tag, 'echo-1', 'ARGUMENT');
  assert.equal(reply.from, 1, 'the task saw the main task as sender');
  assert.equal(reply.me, t.id());
  assert.equal(reply.parent, 1);
  if (Buffer.isBuffer(m)) {
    assert.ok(Buffer.isBuffer(reply.msg), 'Buffers arrive as Buffers');
    assert.ok(reply.msg.equals(m));
  } else {
    assert.deepEqual(reply.msg, m);
  }
});
var t0 = Date.now();
assert.equal(Task.recv({}, 100), undefined, 'recv times out with undefined');
assert.ok(Date.now() - t0 >= 90);
assert.equal(sys.errno(), 60);
assert.throws(function () { t.send(function () {}); }, TypeError, 'a function cannot be sent');
assert.throws(function () { t.send({ f: Symbol('x') }); }, TypeError, 'cannot be sent');
var cyc = {};
cyc.self = cyc;
assert.throws(function () { t.send(cyc); }, TypeError, 'circular');
t.send('quit');
assert.until(function () { return !t.isAlive(); }, 5000, 'the task to exit');
assert.equal(t.send('late'), false, 'send to an ended task');
assert.equal(sys.errno(), 3);
