"""`links --timeout` bounds the whole request: a server that sends one header line a second never
holds a check longer than the timeout (each single read is quick, so socket timeouts alone do not)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from packgen.links.request import NetworkFailure, request


@pytest.fixture
def dripping_server() -> Iterator[str]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=drip, args=(client,), daemon=True).start()

    def drip(client: socket.socket) -> None:
        try:
            client.recv(4096)
            client.sendall(b"HTTP/1.1 200 OK\r\n")
            for n in range(30):
                if stop.is_set():
                    break
                time.sleep(0.25)
                client.sendall(f"X-Slow-{n}: yes\r\n".encode())
        except OSError:
            pass
        finally:
            client.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    stop.set()
    thread.join(2)
    server.close()


def test_a_server_sending_a_header_line_at_a_time_is_cut_off_at_the_timeout(dripping_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(NetworkFailure) as failure:
        request(dripping_server, "HEAD", 1.0, {})
    elapsed = time.monotonic() - started
    assert failure.value.kind == "timeout"
    assert elapsed < 2.0, f"the request took {elapsed:.1f} s with a 1 s timeout"
