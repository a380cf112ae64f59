"""An HTTP transport that sends each request in one piece.

httpx writes a request's head and its body separately. Over TLS each write is a record of its own, with about 22
bytes of framing, and on any link it may be a packet of its own. Here a connection gathers what is written to it
and sends it when the response is read (or when a long body passes :data:`FLUSH_AT`), so a request's head and
body leave together. HTTP/1.1 reads the response of every request it writes, so nothing waits for longer than the
request takes to write.
"""

from __future__ import annotations

import ssl
import typing

import httpcore
import httpx

FLUSH_AT = 64 * 1024
"""A body this long is sent as it is written, not gathered."""


class CorkedStream(httpcore.AsyncNetworkStream):
    """``stream``, with writes gathered until the next read."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self._pending: list[bytes] = []
        self._size = 0
        self._timeout: float | None = None

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._pending.append(buffer)
        self._size += len(buffer)
        self._timeout = timeout
        if self._size >= FLUSH_AT:
            await self.flush()

    async def flush(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        self._size = 0
        await self._stream.write(data, self._timeout)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        await self.flush()
        return await self._stream.read(max_bytes, timeout)

    async def aclose(self) -> None:
        self._pending.clear()
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        await self.flush()
        return CorkedStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class CorkedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's asyncio backend, its connections wrapped in :class:`CorkedStream`."""

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return CorkedStream(await self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return CorkedStream(await self._backend.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def corked_transport(verify: ssl.SSLContext | bool, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's own transport to the central, over :class:`CorkedBackend`."""
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=CorkedBackend(),
    )
    return transport
