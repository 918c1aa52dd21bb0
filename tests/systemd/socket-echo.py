"""A daemon handed its listening socket by the job manager (sd_listen_fds: file descriptor 3): answers every
connection with one line naming its process, so a client can tell that one process serves them all.

usage: socket-echo.py
"""
import os
import socket

assert os.environ.get("LISTEN_FDS") == "1" and os.environ.get("LISTEN_PID") == str(os.getpid()), "no socket was handed over"
listener = socket.socket(fileno=3)
while True:
    connection, _ = listener.accept()
    connection.sendall(b"hello from %d\n" % os.getpid())
    connection.close()
