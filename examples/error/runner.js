// Scene for the tls.error example: `tls` is a client connected to the partner server at
// 192.168.0.3:3000, which resets the connection (SO_LINGER 0). The scene waits a second
// without reading, so the reset stays pending on the socket; main.js runs unchanged and
// prints it ('socket error: Connection reset by peer').
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.sleep(1000);
scene.run(__dirname + '/main.js');
scene.say('error returned', errno);
