// Scene for the tls.recv example: `tls` is a client connected to the partner server at
// 192.168.0.3:3000, which sends one message; main.js runs unchanged and receives it into
// `buf`; the scene prints what recv returned and the bytes.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.run(__dirname + '/main.js');
scene.say('recv returned', num, num > 0 ? JSON.stringify(buf.slice(0, num).toString()) : '');
tls.close();
