var option = {
  rejectUnauthorized: false,
  loadDefaultCerts: true
};

var saddr = Tls.sockaddr('192.168.0.3', 3000);
var tls = Tls.createClient(option, saddr, (tls) => {
  console.log('Connected');
});

while (true) {
  iosched.poll(); // callback() will called here.
}
