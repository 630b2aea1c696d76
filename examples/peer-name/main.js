var saddr = tls.peerName();
console.log(saddr);
