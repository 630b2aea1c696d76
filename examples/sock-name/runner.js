// Scene for this example: `tls` is a client connected from 192.168.0.2 to the partner
// server at 192.168.0.3:3000; main.js runs unchanged and prints the address.
var scene = require('../_shared/scene.js');
globalThis.tls = scene.connect();
scene.run(__dirname + '/main.js');
tls.close();
