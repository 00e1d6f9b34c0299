"""TCP_NODELAY on the server's listening socket, so every response leaves at once (issue 14).

Streamlit 1.67 binds its socket itself (`socket.socket(family=…)`, protocol number 0) and hands it to uvicorn.
asyncio turns Nagle's algorithm off only for sockets whose protocol number is IPPROTO_TCP, so on the
connections accepted from it Nagle stays on. uvicorn writes a response's headers and its body in two writes:
the body then waits for the browser's acknowledgement of the headers, which the browser delays by up to 40 ms.
Measured on a keep-alive connection: a 124-byte chunk took 45 ms, the same on a new connection 1.6 ms. The
overview's page asks for about 110 files over the browser's six connections, so this cost about half a second
of its first visit, and it delayed the WebSocket's deltas as well.

Linux copies TCP_NODELAY from a listening socket to each connection accepted from it, so setting it once on
the listening socket is enough. The socket is found through /proc/self/fd (Streamlit keeps it to itself);
where there is no /proc (not Linux) nothing changes: the server answers as before, only slower.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

FD_DIR = Path("/proc/self/fd")


def is_listening_tcp(sock: socket.socket) -> bool:
    """A TCP socket (IPv4 or IPv6) that is listening for connections."""
    return (
        sock.family in (socket.AF_INET, socket.AF_INET6)
        and sock.type == socket.SOCK_STREAM
        and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
    )


def no_delay_on(fd: int) -> bool:
    """Turn Nagle's algorithm off on the socket behind `fd` if it is a listening TCP socket; True if it is.
    Works on a duplicate of the descriptor (the same socket), so closing it leaves the server's open."""
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:  # not a socket, or closed meanwhile
        return False
    with sock:
        if not is_listening_tcp(sock):
            return False
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return True


def no_delay_on_listening_sockets(fd_dir: Path = FD_DIR) -> int:
    """TCP_NODELAY on every listening TCP socket of this process; how many there were."""
    try:
        fds = [int(name) for name in os.listdir(fd_dir)]
    except OSError:
        return 0
    return sum(no_delay_on(fd) for fd in fds)
