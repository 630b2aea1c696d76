(function (native, require) {
  'use strict';
  // JSRE prints objects with String() unless console.inspectEnable is set; then it
  // prints them recursively down to console.depth, much like Node's util.inspect.
  var console = {
    inspectEnable: false,
    depth: 3,
    timestampEnable: false,
    tagEnable: false,
  };
  var counts = new Map();
  var timers = new Map();
  var indent = '';

  function plain(v) {
    if (typeof v === 'string') return v;
    try {
      return String(v);
    } catch (e) {
      return Object.prototype.toString.call(v);
    }
  }

  function quote(s) {
    return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
  }

  function key(k) {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k);
  }

  function inspect(v, depth, seen) {
    switch (typeof v) {
      case 'string': return quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return String(v) + 'n';
      case 'undefined': return 'undefined';
      case 'boolean': return String(v);
      case 'symbol': return v.toString();
      case 'function': return '[Function: ' + (v.name || '(anonymous)') + ']';
    }
    if (v === null) return 'null';
    if (seen.indexOf(v) !== -1) return '[Circular]';
    if (v instanceof Error) return v.stack ? v.name + ': ' + v.message + '\n' + v.stack : String(v);
    if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (typeof Buffer !== 'undefined' && v instanceof Buffer) {
      var hex = [];
      for (var i = 0; i < Math.min(v.length, 50); i++) hex.push((v[i] < 16 ? '0' : '') + v[i].toString(16));
      return '<Buffer' + (hex.length ? ' ' + hex.join(' ') : '') + (v.length > 50 ? ' ... ' + (v.length - 50) + ' more bytes' : '') + '>';
    }
    if (depth < 0) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen.push(v);
    var parts = [];
    var out;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      for (var j = 0; j < v.length && j < 100; j++) parts.push(inspect(v[j], depth - 1, seen));
      if (v.length > 100) parts.push('... ' + (v.length - 100) + ' more items');
      out = parts.length ? '[ ' + parts.join(', ') + ' ]' : '[]';
      if (!Array.isArray(v)) out = v.constructor.name + '(' + v.length + ') ' + out;
    } else if (v instanceof Map) {
      v.forEach(function (val, k) { parts.push(inspect(k, depth - 1, seen) + ' => ' + inspect(val, depth - 1, seen)); });
      out = 'Map(' + v.size + ') {' + (parts.length ? ' ' + parts.join(', ') + ' ' : '') + '}';
    } else if (v instanceof Set) {
      v.forEach(function (val) { parts.push(inspect(val, depth - 1, seen)); });
      out = 'Set(' + v.size + ') {' + (parts.length ? ' ' + parts.join(', ') + ' ' : '') + '}';
    } else {
      var keys = Object.keys(v);
      for (var n = 0; n < keys.length; n++) parts.push(key(keys[n]) + ': ' + inspect(v[keys[n]], depth - 1, seen));
      var proto = Object.getPrototypeOf(v);
      var name = proto && proto !== Object.prototype && proto.constructor && proto.constructor.name;
      out = (name ? name + ' ' : '') + (parts.length ? '{ ' + parts.join(', ') + ' }' : '{}');
    }
    seen.pop();
    return out;
  }

  function format(args) {
    var out = [];
    for (var i = 0; i < args.length; i++) {
      var a = args[i];
      out.push(typeof a === 'string' ? a : console.inspectEnable ? inspect(a, console.depth, []) : plain(a));
    }
    return out.join(' ');
  }

  function pad(n, w) {
    var s = String(n);
    while (s.length < w) s = '0' + s;
    return s;
  }

  function stamp() {
    if (!console.timestampEnable) return '';
    var d = new Date();
    return '[' + d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + ' ' +
      pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' +
      pad(d.getMilliseconds(), 3) + '] ';
  }

  function emit(stream, prefix, args) {
    var text = format(args);
    if (indent) text = indent + text.split('\n').join('\n' + indent);
    native.write(stream, stamp() + prefix + text + '\n');
  }

  console.log = function log() { emit(1, '', arguments); };
  console.info = function info() { emit(1, 'Info: ', arguments); };
  console.warn = function warn() { emit(2, 'Warning: ', arguments); };
  console.error = function error() { emit(2, 'Error: ', arguments); };
  console.debug = console.log;
  console.toString = function toString() { return format(arguments); };
  console.inspect = function (v, depth) { return inspect(v, depth === undefined ? console.depth : depth, []); };
  console.clear = function clear() {};
  console.drain = function drain() { native.flush(); };
  console.assert = function assert(cond) {
    if (cond) return;
    var rest = Array.prototype.slice.call(arguments, 1);
    var message = rest.length ? format(rest) : 'console.assert';
    emit(2, 'Assertion failed: ', [message]);
    throw new Error(message);
  };
  console.trace = function trace() {
    var stack = new Error().stack || '';
    emit(2, 'Trace: ', [format(arguments) + '\n' + stack]);
  };
  console.backtrace = console.trace;
  console.count = function count(label) {
    label = label === undefined ? 'default' : String(label);
    var n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    emit(1, '', [label + ': ' + n]);
  };
  console.countReset = function countReset(label) { counts.delete(label === undefined ? 'default' : String(label)); };
  console.group = function group() {
    if (arguments.length) emit(1, '', arguments);
    indent += '  ';
  };
  console.groupCollapsed = console.group;
  console.groupEnd = function groupEnd() { indent = indent.slice(2); };
  console.time = function time(label) { timers.set(label === undefined ? 'default' : String(label), Date.now()); };
  function elapsed(label, end, rest) {
    label = label === undefined ? 'default' : String(label);
    var t = timers.get(label);
    if (t === undefined) return;
    if (end) timers.delete(label);
    emit(1, '', [label + ': ' + (Date.now() - t) + 'ms'].concat(rest));
  }
  console.timeEnd = function timeEnd(label) { elapsed(label, true, []); };
  console.timeLog = function timeLog(label) { elapsed(label, false, Array.prototype.slice.call(arguments, 1)); };
  console.tag = function tag(module) {
    if (!console.tagEnable) return;
    emit(1, '[' + String(module) + '] ', Array.prototype.slice.call(arguments, 1));
  };
  return console;
})
