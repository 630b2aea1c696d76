var newTls = tls.accept();

// Send file descriptor to other task.
Task.send(otherTask.id(), { sockFd: newTls.sockFd });

// MUST Call flyAway() and cannot use this object again.
newTls.flyAway();
