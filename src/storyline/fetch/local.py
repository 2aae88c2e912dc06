"""A transport that sends every request to one local server, keeping the Host header.

Tests and benchmarks serve many host names from one server on 127.0.0.1, and still exercise
per-host politeness: the client sees ``news.example`` and ``wire.example`` as two hosts, and the
server reads which one was meant from the Host header.
"""

from __future__ import annotations

import httpx


class LocalTransport(httpx.BaseTransport):
    """Rewrites each request's address to ``127.0.0.1:port`` (plain http); the Host header stays."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self._port, self._host = port, host
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host=self._host, port=self._port)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


__all__ = ["LocalTransport"]
