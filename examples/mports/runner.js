// Scene for the mports example: runs main.js unchanged (it needs `Tls` and `fs`, which
// scene.js defines; it reads ./cert.pem, www.example.com), prints what mports(5)
// returned, then serves six clients, one on each port 2049..2054, printing the local port
// each arrived on.
var scene = require('../_shared/scene.js');
var result = scene.run(__dirname + '/main.js');
if (!tls) {
  scene.fail('createServer: ' + sys.error());
}
scene.say('mports returned', result);
for (var i = 0; i < 6; i++) {
  scene.serveOne(tls);
}
tls.close();
