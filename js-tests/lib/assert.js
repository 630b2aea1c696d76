// A small assert library for the conformance suite. Each failure throws an Error
// whose message says what was expected, so the script exits 1 with the reason.
'use strict';

function show(v) {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : console.inspect(v, 4);
  } catch (e) {
    return String(v);
  }
}

function fail(message, extra) {
  throw new Error('assert: ' + message + (extra ? ' (' + extra + ')' : ''));
}

function ok(value, message) {
  if (!value) fail('expected a truthy value, got ' + show(value), message);
}

function equal(actual, expected, message) {
  if (!Object.is(actual, expected)) fail('expected ' + show(expected) + ', got ' + show(actual), message);
}

function notEqual(actual, expected, message) {
  if (Object.is(actual, expected)) fail('expected anything but ' + show(expected), message);
}

function same(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  var ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (var k = 0; k < ka.length; k++) {
    if (!Object.prototype.hasOwnProperty.call(b, ka[k]) || !same(a[ka[k]], b[ka[k]])) return false;
  }
  return true;
}

function deepEqual(actual, expected, message) {
  if (!same(actual, expected)) fail('expected ' + show(expected) + ', got ' + show(actual), message);
}

// throws(fn, ErrorClass[, pattern]): fn must throw an instance of ErrorClass whose
// message matches pattern (a RegExp or a substring).
function throws(fn, ErrorClass, pattern, message) {
  try {
    fn();
  } catch (e) {
    if (ErrorClass && !(e instanceof ErrorClass)) {
      fail('expected a ' + ErrorClass.name + ', got ' + (e && e.name) + ': ' + (e && e.message), message);
    }
    if (pattern !== undefined) {
      var text = String(e && e.message);
      var hit = pattern instanceof RegExp ? pattern.test(text) : text.indexOf(pattern) !== -1;
      if (!hit) fail('error message ' + JSON.stringify(text) + ' does not match ' + String(pattern), message);
    }
    return e;
  }
  fail('expected an exception', message);
}

// Runs the event loop until check() is true, failing after ms milliseconds.
function until(check, ms, what) {
  var deadline = Date.now() + (ms || 10000);
  while (!check()) {
    if (Date.now() > deadline) fail('timed out waiting for ' + (what || 'a condition'));
    iosched.poll(50);
  }
}

module.exports = { ok: ok, equal: equal, notEqual: notEqual, deepEqual: deepEqual, throws: throws, until: until, fail: fail };
