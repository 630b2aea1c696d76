// TLS echo server for bench/tls_bench.py, written with the documented asynchronous API
// ("Synchronous to asynchronous"): accept(undefined, cb), one iosched READ event per
// client whose callback drains recv(buf, 0, len, 0) and sends each piece back.
// Listens on 127.0.0.1, port 0 (or argv port), with certs/server-ec.pem + .key;
// prints `PORT n`, then serves until killed.
var Tls = require('tls');
var fs = require('fs');
var iosched = require('iosched');

var certs = module.directory + '/../../certs/';
var option = {
  cert: fs.readString(certs + 'server-ec.pem'),
  key: fs.readString(certs + 'server-ec.key')
};
var server = Tls.createServer(option, Tls.sockaddr(Tls.INADDR_LOOPBACK, 0), 1024);
if (!server) {
  console.log('createServer failed:', sys.error());
  require('process').exit(1);
}

var buffer = new Buffer(65536);

server.accept(undefined, function (client, remoteAddr) {
  client.revent = iosched.event(iosched.READ, client.sockFd, function (c) {
    var num;
    do {
      num = c.recv(buffer, 0, buffer.length, 0);
      if (num > 0) {
        if (c.send(buffer, 0, num) !== num) {
          c.close();
          return false;
        }
      } else if (num < 0) {
        // The peer closed (close_notify or FIN) or the connection broke.
        c.close();
        return false;
      }
    } while (num > 0);
    return true;
  }, undefined, client);
  iosched.add(client.revent);
});

console.log('PORT', server.sockName().port);

while (true) {
  iosched.poll();
}
