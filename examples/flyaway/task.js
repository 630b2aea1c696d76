var msg = Task.recv();

// Create a tls object by sockFd.
var tls = Tls.createByFd('ServerName', msg.sockFd);
