tls.bindToDevice('en1');
