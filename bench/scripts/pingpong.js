// 100,000 readiness callbacks on one loopback socket pair: 50,000 one-byte round trips,
// each side reacting to its socket becoming readable. One JSON line.
var ROUNDS = 50000;
var isJsre = typeof iosched !== 'undefined';
if (isJsre) {
  var Tcp = require('tcp');
  var server = Tcp.createServer(Tcp.sockaddr('127.0.0.1', 0));
  var client = Tcp.createClient(Tcp.sockaddr('127.0.0.1', server.sockName().port));
  var peer = server.accept();
  client.setNoDelay(true);
  peer.setNoDelay(true);
  var buf = new Buffer(64);
  var one = new Buffer([1]);
  var rounds = 0;
  var callbacks = 0;
  iosched.add(iosched.event(iosched.READ, peer.sockFd, function () {
    callbacks++;
    if (peer.recv(buf, 0, 64, 0) > 0) peer.send(one);
  }));
  iosched.add(iosched.event(iosched.READ, client.sockFd, function () {
    callbacks++;
    if (client.recv(buf, 0, 64, 0) > 0 && ++rounds < ROUNDS) client.send(one);
  }));
  var t0 = Date.now();
  client.send(one);
  while (rounds < ROUNDS) iosched.poll();
  console.log(JSON.stringify({ name: '100k readiness callbacks', ms: Date.now() - t0, callbacks: callbacks }));
  client.close();
  peer.close();
  server.close();
} else {
  var net = require('net');
  var srv = net.createServer(function (sock) {
    sock.setNoDelay(true);
    sock.on('data', function () { sock.write(Buffer.from([1])); });
  });
  srv.listen(0, '127.0.0.1', function () {
    var rounds = 0;
    var callbacks = 0;
    var c = net.connect(srv.address().port, '127.0.0.1', function () {
      c.setNoDelay(true);
      var t0 = Date.now();
      c.on('data', function () {
        callbacks += 2;
        if (++rounds < ROUNDS) return c.write(Buffer.from([1]));
        console.log(JSON.stringify({ name: '100k readiness callbacks', ms: Date.now() - t0, callbacks: callbacks }));
        c.destroy();
        srv.close();
      });
      c.write(Buffer.from([1]));
    });
  });
}
