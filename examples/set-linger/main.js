tls.setLinger({ onoff: true, time: 0 });
