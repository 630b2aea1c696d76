var tls = Tls.createByFd('Tls-Server1', sockFd, (tls) => {
  console.log('Client handshaked!');
});

while (true) {
  iosched.poll(); // callback() will called here.
}
