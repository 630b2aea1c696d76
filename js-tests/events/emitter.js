// on/addListener (with an array of names), once, off/removeListener, removeAllListeners,
// emit's return value, listeners (a copy), listenerCount, eventNames, 'error' rule.
var assert = require('../lib/assert');
var EventEmitter = require('events');
assert.equal(EventEmitter, globalThis.EventEmitter, 'global EventEmitter is the module');
assert.equal(EventEmitter.EventEmitter, EventEmitter);
var e = new EventEmitter();
var seen = [];
function a(x) { seen.push('a' + x); }
function b(x) { seen.push('b' + x); }
e.on('x', a);
e.addListener(['x', 'y'], b);
e.once('x', function (x) { seen.push('once' + x); });
assert.equal(e.emit('x', 1), true);
assert.equal(e.emit('x', 2), true);
assert.equal(e.emit('y', 3), true);
assert.equal(e.emit('none'), false);
assert.deepEqual(seen, ['a1', 'b1', 'once1', 'a2', 'b2', 'b3']);
assert.equal(e.listenerCount('x'), 2);
var list = e.listeners('x');
list.pop();
assert.equal(e.listenerCount('x'), 2, 'listeners() returns a copy');
assert.deepEqual(e.eventNames(), ['x', 'y']);
e.off('x', a);
assert.deepEqual(e.listeners('x'), [b]);
e.removeListener('y', b);
assert.deepEqual(e.eventNames(), ['x']);
e.removeAllListeners();
assert.deepEqual(e.eventNames(), []);
assert.throws(function () { e.emit('error', new RangeError('bad')); }, RangeError, 'bad');
assert.throws(function () { e.on('x', 5); }, TypeError, 'listener must be a function');
var self;
e.on('me', function () { self = this; });
e.emit('me');
assert.equal(self, e, 'listeners run with the emitter as this');
class Child extends EventEmitter {}
var c = new Child();
var got;
c.on('v', function (v) { got = v; });
c.emit('v', 7);
assert.equal(got, 7, 'class extends EventEmitter');
