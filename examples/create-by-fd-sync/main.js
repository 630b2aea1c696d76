var tls = Tls.createByFd('Tls-Server1', sockFd);
