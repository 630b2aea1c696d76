var remoteAddr = {};
var tlsNew = tls.accept(remoteAddr);
if (tlsNew) {
  console.log('New remote connected:', remoteAddr);
}
