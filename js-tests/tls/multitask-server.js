// The documentation's multi-task server: the main task accepts, sends each fd to one of
// two tasks and calls flyAway(); the tasks adopt the fds with Tls.createByFd (one
// blocking, one with a callback) and echo. 24 concurrent clients are each checked, and the
// process's open fds are back to their start count when everyone has left.
var assert = require('../lib/assert');
var Tls = require('tls');
var fs = require('fs');
var tp = require('../lib/tlspair');
function openFds() { return fs.readdir('/proc/self/fd').length; }
var before = openFds();
var tasks = [new Task('./fixtures/mt-task.js', { mode: 'sync' }), new Task('./fixtures/mt-task.js', { mode: 'async' })];
var server = Tls.createServer({ name: 'MT-Server', cert: tp.pem('server-combined.pem') }, Tls.sockaddr('127.0.0.1', 0));
var port = server.sockName().port;
var next = 0;
server.accept(undefined, function (client) {
  var fd = client.sockFd;
  assert.ok(tasks[next].send({ sockFd: fd }));
  client.flyAway();
  assert.equal(client.sockFd, -1);
  assert.throws(function () { client.send('x'); }, TypeError, 'closed');
  next = (next + 1) % 2;
});
var closed = 0;
var failures = [];
Task.on('message', function (msg) {
  if (msg === 'closed') closed++; else failures.push(msg);
});
var N = 24;
var echoed = 0;
for (var i = 0; i < N; i++) {
  (function (i) {
    var text = 'hello from client ' + i;
    Tls.createClient({ ca: tp.pem('ca.pem'), server: 'localhost', rejectUnauthorized: true },
      Tls.sockaddr('127.0.0.1', port), function (c) {
        assert.ok(c, 'client ' + i + ': ' + sys.error());
        c.send(text);
        iosched.add(iosched.event(iosched.READ, c.sockFd, function () {
          var buf = new Buffer(256);
          var n = c.recv(buf, 0, buf.length, 0);
          if (n > 0) {
            assert.equal(buf.toString(n), text);
            echoed++;
            c.close();
            return false;
          }
        }));
      });
  })(i);
}
assert.until(function () { return echoed === N && closed === N; }, 10000, 'all clients echoed and closed: ' + echoed + ' ' + closed + ' ' + JSON.stringify(failures));
assert.deepEqual(failures, []);
tasks.forEach(function (t) { t.send('quit'); });
assert.until(function () { return !tasks[0].isAlive() && !tasks[1].isAlive(); }, 5000, 'tasks to quit');
server.close();
assert.equal(openFds(), before, 'no fd leaked');
