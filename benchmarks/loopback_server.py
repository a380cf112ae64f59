"""What the benchmarks' proxies share: a TCP server on 127.0.0.1 that cancels its connections when it stops,
and a thread with its own event loop to run one on, so that it never waits for the client's loop."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Generic, Protocol, TypeVar


class LoopbackServer:
    """Accepts on ``127.0.0.1`` (an ephemeral port); subclasses say in :meth:`_forward` what a connection does."""

    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.port = 0

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            connections = list(self._connections)
            for task in connections:
                task.cancel()
            await asyncio.gather(*connections, return_exceptions=True)
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            await self._forward(client_reader, client_writer)
        finally:
            self._connections.discard(task)
            client_writer.close()

    async def _forward(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError


class _Startable(Protocol):
    async def start(self) -> str: ...

    async def stop(self) -> None: ...


S = TypeVar("S", bound=_Startable)


class OnItsOwnLoop(Generic[S]):
    """Runs ``server`` on an event loop in a thread of its own."""

    def __init__(self, server: S, name: str = "loopback-server") -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)

    def start(self) -> str:
        self.thread.start()
        return asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
