// The socket module's fd-level calls: socket/bind/listen/accept/connect/send/recv/
// pending/shutdown/error/sockName/peerName/isListen/getTcpState/domain/close, and the
// constants (lwIP TCP state numbers, not Linux's).
var assert = require('../lib/assert');
var socket = require('socket');
assert.equal(socket.AF_INET, 2);
assert.equal(socket.AF_INET6, 10);
assert.equal(socket.SOCK_STREAM, 1);
assert.equal(socket.SOCK_DGRAM, 2);
assert.equal(socket.IPPROTO_TCP, 6);
assert.equal(socket.IPPROTO_UDP, 17);
assert.deepEqual([socket.TCP_CLOSED, socket.TCP_LISTEN, socket.TCP_SYN_SENT, socket.TCP_SYN_RCVD,
  socket.TCP_ESTABLISHED, socket.TCP_FIN_WAIT_1, socket.TCP_FIN_WAIT_2, socket.TCP_CLOSE_WAIT,
  socket.TCP_CLOSING, socket.TCP_LAST_ACK, socket.TCP_TIME_WAIT], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
assert.deepEqual(socket.sockaddr('127.0.0.1', 80), { domain: 2, addr: '127.0.0.1', port: 80 });
assert.deepEqual(socket.sockaddr6('::1', 80), { domain: 10, addr: '::1', port: 80 });
var lfd = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
assert.ok(lfd >= 0);
assert.ok(socket.setReuseAddr(lfd, true));
assert.ok(socket.bind(lfd, socket.sockaddr('127.0.0.1', 0)));
assert.ok(socket.listen(lfd, 5));
assert.ok(socket.isListen(lfd));
assert.equal(socket.getTcpState(lfd), socket.TCP_LISTEN);
var port = socket.sockName(lfd).port;
var cfd = socket.socket(socket.AF_INET);
assert.ok(socket.connect(cfd, socket.sockaddr('127.0.0.1', port), 2000));
var remote = {};
var afd = socket.accept(lfd, remote, 2000);
assert.ok(afd >= 0);
assert.equal(remote.port, socket.sockName(cfd).port);
assert.equal(socket.peerName(afd).port, socket.sockName(cfd).port);
assert.equal(socket.getTcpState(afd), socket.TCP_ESTABLISHED);
assert.equal(socket.domain(afd), 2);
assert.equal(socket.domain(socket.sockaddr6('::1', 1)), 10);
assert.equal(socket.send(cfd, 'hello'), 5);
assert.equal(socket.send(cfd, Buffer.from('xworldx'), 1, 5), 5);
var buf = new Buffer(32);
assert.until(function () { return socket.pending(afd) === 10; }, 2000, 'pending bytes');
assert.equal(socket.recv(afd, buf, 0, 32, 1000), 10);
assert.equal(buf.toString(10), 'helloworld');
assert.equal(socket.recv(afd, buf, 0, 32, 0), 0);
assert.equal(sys.errno(), 11);
assert.equal(socket.error(afd), 0);
assert.ok(socket.shutdown(cfd, 'w'));
assert.ok(socket.recv(afd, buf, 0, 32, 1000) < 0, 'the peer shut down writing');
assert.equal(socket.getTcpState(afd), socket.TCP_CLOSE_WAIT);
assert.equal(socket.accept(lfd, undefined, 50), -1, 'accept times out');
assert.equal(sys.errno(), 60);
[afd, cfd, lfd].forEach(function (fd) { assert.ok(socket.close(fd)); });
assert.equal(socket.close(lfd), false, 'closing twice fails');
assert.equal(sys.errno(), 9);
assert.equal(socket.recv(lfd, buf), -1, 'a closed fd');
assert.equal(sys.errno(), 9);
assert.equal(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), -1, 'UDP is not supported');
assert.throws(function () { socket.recv(0, buf, 40); }, RangeError, 'socket.recv: offset 40');
assert.throws(function () { socket.bind('x'); }, TypeError, 'socket.bind');
