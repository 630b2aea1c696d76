// Scene for the createServer example: runs main.js unchanged (it needs `Tls` and `fs`,
// which scene.js defines), then shows the server works: accepts one client, reads one
// message and answers it.
var scene = require('../_shared/scene.js');
scene.run(__dirname + '/main.js');
if (!tls) {
  scene.fail('createServer: ' + sys.error());
}
scene.say('listening', tls.sockName().addr, tls.sockName().port);
var remote = {};
var conn = tls.accept(remote, 20000);
if (!conn) {
  scene.fail('accept: ' + sys.error());
}
var buf = new Buffer(1024);
var n = conn.recv(buf, 0, buf.length, 20000);
if (n <= 0) {
  scene.fail('recv: ' + n + ' ' + sys.error());
}
scene.say('received', JSON.stringify(buf.slice(0, n).toString()), 'from', remote.addr);
conn.send('echo: ' + buf.slice(0, n).toString());
conn.close();
tls.close();
