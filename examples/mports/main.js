var option = {
  name: 'Tls-Server1',
  cert: fs.readString('./cert.pem')
};

var saddr = Tls.sockaddr(Tls.INADDR_ANY, 2049);
var tls = Tls.createServer(option, saddr);
tls.mports(5); // add listen ports: 2050, 2051, 2052, 2053, 2054
