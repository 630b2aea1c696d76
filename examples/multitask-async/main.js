// The documentation's multi-task server, with task.js's blocking createByFd turned into
// the callback form: the handshake runs inside each task's iosched loop, so one slow
// client never stalls a task. To be self-contained it listens on loopback, runs four
// clients itself, and ends when they have all been answered.
var Tls = require('tls');
var fs = require('fs');
var iosched = require('iosched');

var certs = module.directory + '/../../certs/';

// Two Task Server.
var next = 0;
var task = [];
task[0] = new Task('./task.js', certs, { directory: module.directory });
task[1] = new Task('./task.js', certs, { directory: module.directory });

var option = {
  name: 'TLS-Server1',
  cert: fs.readString(certs + 'server-combined.pem')
};

var saddr = Tls.sockaddr(Tls.INADDR_LOOPBACK, 0);
var server = Tls.createServer(option, saddr);

server.accept(undefined, (client, remoteAddr) => {
  // The file descriptor is passed to other tasks and will be closed by other tasks.
  task[next].send({ sockFd: client.sockFd });
  // MUST Call flyAway()
  client.flyAway();
  if (++next > 1) {
    next = 0;
  }
});

var answered = 0;
var clientOption = { ca: fs.readString(certs + 'ca.pem'), server: 'localhost', rejectUnauthorized: true };
for (var i = 0; i < 4; i++) {
  Tls.createClient(clientOption, Tls.sockaddr(Tls.INADDR_LOOPBACK, server.sockName().port), (tls) => {
    tls.send('Hello I am client ^_^');
    iosched.add(iosched.event(iosched.READ, tls.sockFd, () => {
      var buffer = new Buffer(256);
      var num = tls.recv(buffer, 0, buffer.length, 0);
      if (num > 0) {
        console.log('Server says:', buffer.toString(num));
        tls.close();
        answered++;
        return false;
      }
    }));
  });
}

while (answered < 4) {
  iosched.poll();
}
task.forEach((t) => t.cancel());
server.close();
