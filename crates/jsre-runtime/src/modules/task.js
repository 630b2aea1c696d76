(function (native, require) {
  'use strict';
  // new Task(file[, arg[, { directory }]]): a task running `file` on its own thread with
  // its own JS context; `arg` arrives there as the global ARGUMENT. Statics reach the
  // current task; Task.on('message', (msg, fromId) => ...) runs inside iosched.poll.
  var EventEmitter = require('events');
  var emitter = new EventEmitter();
  native.setEmitter(emitter);

  function Task(file, arg, opt) {
    if (!(this instanceof Task)) throw new TypeError('Task: use new Task(file[, arg[, opt]])');
    var id = native.spawn(file, arg === undefined ? '' : arg, opt);
    Object.defineProperty(this, '_id', { value: id });
  }

  Task.create = function create(file, arg, opt) { return new Task(file, arg, opt); };
  Task.prototype.id = function id() { return this._id; };
  Task.prototype.isAlive = function isAlive() { return this._id !== 0 && native.isAlive(this._id); };
  Task.prototype.send = function send(msg) { return native.send(this._id, msg); };
  Task.prototype.cancel = function cancel(callback) {
    var r = native.cancel(this._id);
    if (typeof callback === 'function') Task.nextTick(callback, this._id, undefined);
    return r;
  };

  Task.me = native.me;
  Task.parent = native.parent;
  Task.isMain = function isMain() { return native.me() === 1; };
  Task.count = native.count;
  Task.list = native.list;
  Task.send = native.send;
  Task.recv = native.recv;
  Task.fd = native.fd;
  Task.exit = native.exit;
  Task.cleanup = native.cleanup;
  Task.nextTick = native.nextTick;
  Task.getBufferSize = native.getBufferSize;
  Task.setBufferSize = native.setBufferSize;
  Task.getCurrentSize = native.getCurrentSize;
  ['on', 'addListener', 'once', 'off', 'removeListener', 'removeAllListeners', 'emit',
    'listeners', 'listenerCount', 'eventNames', 'prependListener'].forEach(function (name) {
    Task[name] = function () {
      var r = emitter[name].apply(emitter, arguments);
      return r === emitter ? Task : r;
    };
  });
  return Task;
})
