var option = {
  name: 'Tls-Server1',
  cert: fs.readString('./cert.pem')
};

var saddr = Tls.sockaddr(Tls.INADDR_ANY, 3000);
var tls = Tls.createServer(option, saddr);
