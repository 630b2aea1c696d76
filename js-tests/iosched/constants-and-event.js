// iosched is both a global and a module; its constants; iosched.event's overloads
// (errback or arg in 4th place, `undefined, arg`) and the IoEvent's fd/method/arg fields.
'use strict';
var assert = require('../lib/assert');
var pair = require('../lib/tcp-pair').pair();
var io = require('iosched');

assert.equal(io, iosched, 'require("iosched") is the global iosched');
assert.equal(io.READ, 0);
assert.equal(io.WRITE, 1);
assert.equal(io.EXCEPT, 2);
assert.equal(io.ACCEPT, 0);
assert.equal(io.CONNECT, 1);

function cb() {}
function eb() {}
var fd = pair.b.sockFd;

var plain = io.event(io.READ, fd, cb);
assert.equal(typeof plain, 'object');
assert.equal(plain.fd, fd);
assert.equal(plain.method, io.READ);
assert.equal(plain.arg, undefined, 'no arg');
assert.equal(io.listening(plain), false, 'nothing is watched before add');

var withArg = io.event(io.WRITE, fd, cb, 'the arg');
assert.equal(withArg.method, io.WRITE);
assert.equal(withArg.arg, 'the arg', 'a non-function 4th argument is the arg');

var withObjArg = io.event(io.EXCEPT, fd, cb, { k: 1 });
assert.equal(withObjArg.method, io.EXCEPT);
assert.deepEqual(withObjArg.arg, { k: 1 });

var full = io.event(io.READ, fd, cb, eb, 42);
assert.equal(full.arg, 42, 'errback then arg');

var undefErrback = io.event(io.READ, fd, cb, undefined, 'x');
assert.equal(undefErrback.arg, 'x', 'undefined errback then arg');

// fd and method are read-only, arg is writable.
assert.throws(function () { plain.fd = 999; }, TypeError);
assert.throws(function () { plain.method = 2; }, TypeError);
assert.equal(plain.fd, fd);
assert.equal(plain.method, 0);
plain.arg = 'changed';
assert.equal(plain.arg, 'changed');
// arg is an own enumerable accessor over the event's native part; callback and errback
// are not properties at all.
assert.deepEqual(Object.keys(plain), ['method', 'fd', 'arg']);
assert.equal(JSON.stringify(plain), JSON.stringify({ method: 0, fd: fd, arg: 'changed' }));
assert.equal(plain.callback, undefined);
var argAccessor = Object.getOwnPropertyDescriptor(plain, 'arg');
assert.throws(function () { argAccessor.get.call({}); }, TypeError);
assert.throws(function () { argAccessor.set.call(null, 1); }, TypeError);
// It cannot be deleted or redefined, so what scripts see is what the callbacks get.
assert.throws(function () { delete plain.arg; }, TypeError);
assert.throws(function () { Object.defineProperty(plain, 'arg', { value: 1 }); }, TypeError);
// An object made from an IoEvent reads arg through it, and an assignment gives it its own.
var heir = Object.create(plain);
assert.equal(heir.arg, 'changed');
heir.arg = 'own';
assert.equal(heir.arg, 'own');
assert.equal(plain.arg, 'changed');
assert.equal(plain.arg, 'changed');

// The callback gets (arg, ioevent), with the arg as it is now; a function in 4th
// place is the errback, called with the same arguments when the callback returns false.
var calls = [];
var ev = io.event(io.READ, fd, function (arg, e) {
  calls.push(['cb', arg, e]);
  return false;
}, function (arg, e) {
  calls.push(['eb', arg, e]);
}, 'first');
ev.arg = 'second';
assert.equal(io.add(ev), true);
assert.equal(io.listening(ev), true);
pair.a.send('x');
assert.until(function () { return calls.length === 2; }, 5000, 'callback and errback');
assert.equal(calls[0][0], 'cb');
assert.equal(calls[0][1], 'second');
assert.equal(calls[0][2], ev, 'the IoEvent itself is the second argument');
assert.equal(calls[1][0], 'eb');
assert.equal(calls[1][1], 'second');
assert.equal(calls[1][2], ev);
assert.equal(io.listening(ev), false);

// With `undefined, arg` there is no errback: returning false just removes the event.
var seen = [];
var ev2 = io.event(io.READ, fd, function (arg) { seen.push(arg); return false; }, undefined, 'arg2');
io.add(ev2);
assert.until(function () { return seen.length === 1; }, 5000, 'callback with undefined errback');
assert.deepEqual(seen, ['arg2']);
assert.equal(io.listening(ev2), false);

// With an arg in 4th place the arg is not mistaken for an errback.
var seen3 = [];
var ev3 = io.event(io.READ, fd, function (arg) { seen3.push(arg); return false; }, 'arg3');
io.add(ev3);
assert.until(function () { return seen3.length === 1; }, 5000, 'callback with arg only');
assert.deepEqual(seen3, ['arg3']);
pair.close();
