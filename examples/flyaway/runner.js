// Scene for the flyAway example (main task). `tls` is a server on port 3000 named
// 'ServerName' (./cert.pem, www.example.com); `otherTask` is a task running
// task-runner.js, which runs task.js. main.js runs unchanged: it accepts a client, sends
// its fd to otherTask and calls flyAway(). The scene then waits for the task's report
// and ends the program.
var scene = require('../_shared/scene.js');
globalThis.tls = Tls.createServer({ name: 'ServerName', cert: fs.readString('./cert.pem') },
  Tls.sockaddr(Tls.INADDR_ANY, 3000));
if (!tls) {
  scene.fail('createServer: ' + sys.error());
}
globalThis.otherTask = new Task('./task-runner.js');
scene.say('listening on port 3000, other task', otherTask.id());
scene.run(__dirname + '/main.js');
scene.say('main: fd sent, flyAway done, newTls.sockFd is now', newTls.sockFd);
var report = Task.recv({}, 20000);
scene.say('main: the task reports:', report);
