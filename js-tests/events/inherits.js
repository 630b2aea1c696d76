// EventEmitter.inherits on a plain object and on a constructor (each instance gets
// its own listeners); existing own properties are kept.
var assert = require('../lib/assert');
var EventEmitter = require('events');
var obj = { name: 'client', emit: undefined };
delete obj.emit;
obj.send = function () { return 'mine'; };
EventEmitter.inherits(obj);
var got = [];
obj.on('message', function (m, n) { got.push(m + n); });
obj.emit('message', 'hi', 1);
assert.deepEqual(got, ['hi1']);
assert.equal(obj.send(), 'mine');
assert.equal(Object.keys(obj).indexOf('on'), -1, 'mixed-in methods are not enumerable');
function Thing(n) { this.n = n; }
EventEmitter.inherits(Thing);
var t1 = new Thing(1), t2 = new Thing(2);
var hits = [];
t1.on('ping', function () { hits.push(this.n); });
t2.emit('ping');
t1.emit('ping');
assert.deepEqual(hits, [1], 'each instance has its own listeners');
assert.throws(function () { EventEmitter.inherits(3); }, TypeError, 'EventEmitter.inherits');
