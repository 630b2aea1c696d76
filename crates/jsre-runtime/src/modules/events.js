(function (native, require) {
  'use strict';
  // Listener tables live in a non-enumerable own property, created on first use, so
  // that a mixin on a prototype (inherits on a constructor) gives each instance its own.
  var kEvents = typeof Symbol === 'function' ? Symbol('events') : '__events';
  var kMax = typeof Symbol === 'function' ? Symbol('maxListeners') : '__maxListeners';

  function table(self) {
    if (!Object.prototype.hasOwnProperty.call(self, kEvents)) {
      Object.defineProperty(self, kEvents, { value: new Map(), writable: true, configurable: true });
    }
    return self[kEvents];
  }

  function checkListener(fn, call) {
    if (typeof fn !== 'function') throw new TypeError('EventEmitter.' + call + ': listener must be a function');
  }

  function addListener(self, name, fn, once, prepend, call) {
    checkListener(fn, call);
    var names = Array.isArray(name) ? name : [name];
    var t = table(self);
    for (var i = 0; i < names.length; i++) {
      var list = t.get(names[i]);
      if (!list) { list = []; t.set(names[i], list); }
      var rec = { fn: fn, once: once };
      if (prepend) list.unshift(rec); else list.push(rec);
    }
    return self;
  }

  function EventEmitter() {
    if (!(this instanceof EventEmitter)) return new EventEmitter();
    table(this);
  }

  var proto = EventEmitter.prototype;
  proto.on = function on(name, fn) { return addListener(this, name, fn, false, false, 'on'); };
  proto.addListener = function addListener_(name, fn) { return addListener(this, name, fn, false, false, 'addListener'); };
  proto.prependListener = function prependListener(name, fn) { return addListener(this, name, fn, false, true, 'prependListener'); };
  proto.once = function once(name, fn) { return addListener(this, name, fn, true, false, 'once'); };
  proto.prependOnceListener = function prependOnceListener(name, fn) { return addListener(this, name, fn, true, true, 'prependOnceListener'); };

  proto.removeListener = function removeListener(name, fn) {
    checkListener(fn, 'removeListener');
    var names = Array.isArray(name) ? name : [name];
    var t = table(this);
    for (var n = 0; n < names.length; n++) {
      var list = t.get(names[n]);
      if (!list) continue;
      // Like Node: the most recently added matching listener goes.
      for (var i = list.length - 1; i >= 0; i--) {
        if (list[i].fn === fn) { list.splice(i, 1); break; }
      }
      if (list.length === 0) t.delete(names[n]);
    }
    return this;
  };
  proto.off = proto.removeListener;

  proto.removeAllListeners = function removeAllListeners(name) {
    var t = table(this);
    if (name === undefined) t.clear(); else t.delete(name);
    return this;
  };

  proto.emit = function emit(name) {
    var list = table(this).get(name);
    if (!list || list.length === 0) {
      if (name === 'error') {
        var err = arguments[1];
        throw err instanceof Error ? err : new Error('Unhandled error. (' + String(err) + ')');
      }
      return false;
    }
    var args = Array.prototype.slice.call(arguments, 1);
    var snapshot = list.slice();
    for (var i = 0; i < snapshot.length; i++) {
      var rec = snapshot[i];
      if (rec.once) {
        var at = list.indexOf(rec);
        if (at !== -1) list.splice(at, 1);
        if (list.length === 0) table(this).delete(name);
      }
      rec.fn.apply(this, args);
    }
    return true;
  };

  proto.listeners = function listeners(name) {
    var list = table(this).get(name);
    return list ? list.map(function (r) { return r.fn; }) : [];
  };
  proto.rawListeners = proto.listeners;
  proto.listenerCount = function listenerCount(name) {
    var list = table(this).get(name);
    return list ? list.length : 0;
  };
  proto.eventNames = function eventNames() { return Array.from(table(this).keys()); };
  proto.setMaxListeners = function setMaxListeners(n) {
    Object.defineProperty(this, kMax, { value: n, writable: true, configurable: true });
    return this;
  };
  proto.getMaxListeners = function getMaxListeners() {
    return this[kMax] === undefined ? EventEmitter.defaultMaxListeners : this[kMax];
  };

  // Makes `target` an emitter: an object gets the methods itself; a constructor gets
  // them on its prototype. Existing own properties are kept.
  EventEmitter.inherits = function inherits(target) {
    if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
      throw new TypeError('EventEmitter.inherits: target must be an object or a constructor');
    }
    var dest = typeof target === 'function' ? target.prototype : target;
    Object.getOwnPropertyNames(proto).forEach(function (k) {
      if (k === 'constructor' || Object.prototype.hasOwnProperty.call(dest, k)) return;
      Object.defineProperty(dest, k, { value: proto[k], writable: true, configurable: true, enumerable: false });
    });
    if (typeof target !== 'function') table(target);
    return target;
  };

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.captureRejections = false;
  EventEmitter.errorMonitor = Symbol('events.errorMonitor');
  EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');
  return EventEmitter;
})
