var option = {
  rejectUnauthorized: true,
  ca: fs.readString('./ca.pem'),
  server: 'www.example.com'
};

var saddr = Tls.sockaddr('192.168.0.3', 3000);
var tls = Tls.createClient(option, saddr);
if (!tls) {
  console.log('connect error:', sys.error());
}
