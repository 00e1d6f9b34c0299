"""TCP_NODELAY on the server's listening socket (gateway/tcp_nodelay.py, issue 14): set on listening TCP sockets
only, carried to the connections accepted from them, and, through serve.py, a keep-alive connection answers its
second request at once instead of after the browser's delayed acknowledgement (at least 40 ms on Linux)."""

from __future__ import annotations

import os
import socket
import time

import pytest

from gateway.tcp_nodelay import no_delay_on, no_delay_on_listening_sockets
from tests.conftest import demo_server_fixtures

database, token, server = demo_server_fixtures("nodelay")


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.fixture
def listener():
    # As Streamlit 1.67 binds its socket: protocol number 0, so asyncio leaves Nagle on for its connections.
    sock = socket.socket(family=socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock
    sock.close()


def test_a_listening_socket_gets_it_and_its_accepted_connections_inherit_it(listener):
    assert nodelay(listener) == 0
    assert no_delay_on(listener.fileno()) is True
    assert nodelay(listener) == 1
    with socket.create_connection(listener.getsockname()) as client:
        accepted, _ = listener.accept()
        with accepted:
            assert nodelay(accepted) == 1
            assert nodelay(client) == 0  # the client side is not ours to change
    assert listener.fileno() >= 0  # the duplicate was closed, not the server's socket
    assert listener.getsockname()[1] > 0


def test_connected_sockets_and_other_files_are_left_alone(listener, tmp_path):
    with socket.create_connection(listener.getsockname()) as client:
        accepted, _ = listener.accept()
        with accepted:
            assert no_delay_on(client.fileno()) is False
            assert no_delay_on(accepted.fileno()) is False
            assert (nodelay(client), nodelay(accepted)) == (0, 0)
    with open(tmp_path / "plain.txt", "w") as plain:
        assert no_delay_on(plain.fileno()) is False
    read, write = os.pipe()
    try:
        assert no_delay_on(read) is False
    finally:
        os.close(read), os.close(write)
    assert nodelay(listener) == 0


def test_every_listening_socket_of_the_process_and_nothing_without_proc(listener, tmp_path):
    with socket.socket(family=socket.AF_INET6) as second:
        second.bind(("::1", 0))
        second.listen()
        # this process's pytest may hold listening sockets of its own: count at least the two made here
        assert no_delay_on_listening_sockets() >= 2
        assert (nodelay(listener), nodelay(second)) == (1, 1)
    assert no_delay_on_listening_sockets(tmp_path / "no-such-dir") == 0


def second_request_ms(base: str, path: str) -> float:
    """Milliseconds for the second of two requests on one keep-alive connection, read to the body's end."""
    host, port = base.removeprefix("http://").split(":")
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    with socket.create_connection((host, int(port))) as conn:
        reader = conn.makefile("rb")

        def ask() -> bytes:
            conn.sendall(request)
            status = reader.readline()
            length = 0
            while (line := reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            reader.read(length)
            return status

        assert ask().startswith(b"HTTP/1.1 200")
        start = time.perf_counter()
        assert ask().startswith(b"HTTP/1.1 200")
        return (time.perf_counter() - start) * 1000


@pytest.mark.browser
def test_serve_py_answers_a_keep_alive_connection_without_the_delayed_ack_wait(server):
    # A small static file: uvicorn writes its headers and its body separately. With Nagle on, the body waited
    # for the acknowledgement of the headers, which Linux delays by at least 40 ms (measured 43–47 ms each).
    best = min(second_request_ms(server, "/polyfills.js") for _ in range(5))
    assert best < 25, f"the second request on a keep-alive connection took {best:.1f} ms"
