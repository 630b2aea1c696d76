var saddr = tls.sockName();
console.log(saddr);
