"""Run the web app in a background thread on a free localhost port (browser tests, screenshots, benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from storyline.errors import StorylineError


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class BackgroundServer:
    """uvicorn serving ``app`` in a daemon thread; a context manager that waits until it accepts requests.

    >>> with BackgroundServer(create_app("story.db")) as server:  # doctest: +SKIP
    ...     httpx.get(server.url + "/index.json")
    """

    def __init__(self, app: FastAPI, *, host: str = "127.0.0.1", port: int | None = None, start_timeout_s: float = 15.0) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.url = f"http://{host}:{self.port}"
        self._timeout = start_timeout_s
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"storyline-web-{self.port}", daemon=True)

    def __enter__(self) -> "BackgroundServer":
        self._thread.start()
        deadline = time.monotonic() + self._timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise StorylineError(f"the web server did not start on {self.url} within {self._timeout:.0f} s")
            time.sleep(0.02)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
