// The documentation's multi-task TLS server for bench/tls_mt_bench.py: the main task
// accepts and hands each fd to one of N tasks (argv: N) with flyAway(); the tasks adopt
// the fds with the asynchronous Tls.createByFd and echo. Prints `PORT n`.
var Tls = require('tls');
var fs = require('fs');
var iosched = require('iosched');
var process = require('process');

var certs = module.directory + '/../../certs/';
var count = Number(process.argv[2] || 1);
var tasks = [];
for (var i = 0; i < count; i++) {
  tasks.push(new Task('./tls_mt_task.js', '', { directory: module.directory }));
}
var server = Tls.createServer({
  name: 'MT-Bench',
  cert: fs.readString(certs + 'server-ec.pem'),
  key: fs.readString(certs + 'server-ec.key')
}, Tls.sockaddr(Tls.INADDR_LOOPBACK, 0), 1024);
var next = 0;
server.accept(undefined, function (client) {
  tasks[next].send({ sockFd: client.sockFd });
  client.flyAway();
  next = (next + 1) % count;
});
console.log('PORT', server.sockName().port);
iosched.forever();
