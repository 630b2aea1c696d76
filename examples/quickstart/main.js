// A TLS echo server and a client in one program, with the test certificates in certs/:
// the server accepts asynchronously, the client connects asynchronously, both run from
// iosched.poll(), and the program ends when the echo comes back.
var Tls = require('tls');
var fs = require('fs');
var iosched = require('iosched');

var certs = module.directory + '/../../certs/';
var server = Tls.createServer({ cert: fs.readString(certs + 'server-combined.pem') },
  Tls.sockaddr(Tls.INADDR_LOOPBACK, 0));
if (!server) {
  console.log('createServer failed:', sys.error());
  require('process').exit(1);
}
var port = server.sockName().port;
console.log('server listening on port', port);

server.accept(undefined, function (client, remote) {
  console.log('server: new client from', remote.addr);
  var ev = iosched.event(iosched.READ, client.sockFd, function (c) {
    var buf = new Buffer(4096);
    var n;
    do {
      n = c.recv(buf, 0, buf.length, 0);
      if (n > 0) {
        c.send(buf, 0, n);
      } else if (n < 0) {
        c.close();
        return false;
      }
    } while (n > 0);
  }, undefined, client);
  iosched.add(ev);
});

var done = false;
var option = { rejectUnauthorized: true, ca: fs.readString(certs + 'ca.pem'), server: 'localhost' };
Tls.createClient(option, Tls.sockaddr(Tls.INADDR_LOOPBACK, port), function (tls) {
  if (!tls) {
    console.log('connect failed:', sys.error());
    done = true;
    return;
  }
  console.log('client: connected with', tls.getProtocol(), tls.getCipher());
  tls.send('Hello TLS!');
  var ev = iosched.event(iosched.READ, tls.sockFd, function () {
    var buf = new Buffer(100);
    var n = tls.recv(buf, 0, buf.length, 0);
    if (n > 0) {
      console.log('client: echo:', buf.toString(n));
      tls.close();
      done = true;
      return false;
    }
  });
  iosched.add(ev);
});

while (!done) {
  iosched.poll();
}
server.close();
