// Asynchronous tcp: accept(undefined, callback) from poll, a READ event per connection
// draining with recv(buf, 0, len, 0) until it returns 0, echoing; an async client
// (createClient with a callback); the server sees the client's close as negative + isEOF.
'use strict';
var assert = require('../lib/assert');
var Tcp = require('tcp');

var server = Tcp.createServer(Tcp.sockaddr(Tcp.INADDR_ANY, 0));
var port = server.sockName().port;
var check = { quit: false };
var log = [];
var serverGot = '';
var accepted = null;

assert.equal(server.accept(undefined, function (tcp, remote) {
  accepted = tcp;
  assert.equal(remote.domain, Tcp.AF_INET);
  assert.equal(remote.addr, '127.0.0.1');
  assert.deepEqual(remote, tcp.peerName());
  log.push('accept');
  var buf = new Buffer(7); // small, so one READ event needs several recv calls
  iosched.add(iosched.event(iosched.READ, tcp.sockFd, function () {
    for (;;) {
      var n = tcp.recv(buf, 0, buf.length, 0);
      if (n > 0) {
        serverGot += buf.toString('utf8', 0, n);
        assert.equal(tcp.send(buf, 0, n), n);
        continue;
      }
      if (n === 0) {
        assert.equal(sys.errno(), 11, 'EAGAIN when nothing is left');
        return;
      }
      assert.equal(tcp.isEOF(), true, 'the client closed');
      log.push('server saw eof');
      tcp.close();
      check.quit = true;
      return false;
    }
  }));
}), true, 'async accept returns true');

var message = 'a message longer than the server buffer, echoed in pieces';
var clientGot = '';
var client = Tcp.createClient(Tcp.sockaddr('127.0.0.1', port), function (tcp, remote) {
  assert.ok(tcp, 'connected: ' + sys.error());
  assert.deepEqual(remote, { domain: 2, addr: '127.0.0.1', port: port });
  log.push('connect');
  var buf = new Buffer(64);
  iosched.add(iosched.event(iosched.READ, tcp.sockFd, function () {
    var n = tcp.recv(buf, 0, buf.length, 0);
    if (n > 0) clientGot += buf.toString('utf8', 0, n);
    if (clientGot === message) {
      log.push('client done');
      tcp.close();
    }
  }));
  assert.equal(tcp.send(message), message.length);
});
assert.ok(client, 'async createClient returns the object');
assert.equal(typeof client.sockFd, 'number');

var timer = setTimeout(function () { throw new Error('echo timed out: ' + log.join(',')); }, 20000);
iosched.forever(check);
clearTimeout(timer);
assert.equal(serverGot, message);
assert.equal(clientGot, message);
assert.deepEqual(log.slice().sort(), ['accept', 'client done', 'connect', 'server saw eof']);
assert.equal(log[log.length - 1], 'server saw eof');
server.close();
assert.deepEqual(iosched.fds(), [[], [], []]);
