// Scene for the asynchronous createClient example: defines `Tls` (scene.js), then runs
// main.js unchanged. It prints 'Connected' from iosched.poll() and loops forever; the
// harness ends it.
var scene = require('../_shared/scene.js');
scene.run(__dirname + '/main.js');
