"""The load bench's own parts: its HTTP client and its reading of gunicorn's access log."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

from bench import load


def test_access_log_line_as_gunicorn_writes_it_is_read_back(tmp_path):
    config = Config()
    config.set("access_log_format", load.LOG_FORMAT)
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/sessie/7/live/?part=sync&state=a",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/sessie/7/live/",
        "QUERY_STRING": "part=sync&state=a",
    }
    response = SimpleNamespace(status="204 No Content", headers=[], sent=0)
    atoms = logger.atoms(
        response, SimpleNamespace(headers=[]), environ, timedelta(microseconds=12345)
    )
    log = tmp_path / "access.log"
    log.write_text(load.LOG_FORMAT % atoms + "\n")

    [(seconds, status, method, path)] = load._server_times(log, since=time.time() - 60)

    assert (seconds, status, method) == (0.012345, 204, "GET")
    assert load._kind(method, path) == "console state check"
    assert load._server_times(log, since=time.time() + 60) == []


def test_request_kinds():
    assert load._kind("GET", "/sessie/3/projector/?v=4") == "projector poll"
    assert load._kind("GET", "/sessie/3/live/?part=lists_sync&v=2") == "console lists check"
    assert load._kind("GET", "/sessie/3/live/?part=lists") == "console lists after a capture"
    assert load._kind("GET", "/sessie/3/live/") == "console page"
    assert load._kind("POST", "/sessie/3/live/notitie/") == "capture"
    assert load._kind("GET", "/t/ABC123/") == "phone page"
    assert load._kind("POST", "/t/ABC123/") == "phone post"


def test_client_keeps_its_connection_resends_once_after_a_close_and_reads_cookies():
    """A tiny server: the first connection answers one request and then closes without a
    word (an idle keep-alive timed out); the client must send the next request again on a
    new connection, count it once, and keep the cookie it was given."""
    seen: list[tuple[int, bytes]] = []
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        number = connections
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            seen.append((number, head))
            if number == 1 and len(seen) == 2:
                writer.close()  # the second request on the first connection: gone
                return
            if b"chunked" in head:
                writer.write(
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                )
            else:
                writer.write(
                    b"HTTP/1.1 204 No Content\r\nSet-Cookie: csrftoken=tok; Path=/\r\n"
                    b"X-Live-Version: 5\r\n\r\n"
                )
            await writer.drain()
        writer.close()

    async def play() -> list:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        results: list = []
        user = load.User(port, results, {"sessionid": "s"})
        first = await user.request("GET", "/a/")
        second = await user.request("GET", "/b/", headers={"X-Want": "chunked"})
        server.close()
        await server.wait_closed()
        return [first, second, results, user.cookies]

    # In a thread of its own: after the browser tests, Playwright's loop runs in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        first, second, results, cookies = pool.submit(asyncio.run, play()).result()

    assert first[0] == 204 and first[2]["x-live-version"] == "5"
    assert second[:2] == (200, b"abcde")
    assert [r[1] for r in results] == [204, 200]  # the resent request counted once
    assert [number for number, _head in seen] == [1, 1, 2]
    assert b"Cookie: sessionid=s; csrftoken=tok" in seen[-1][1]
    assert cookies == {"sessionid": "s", "csrftoken": "tok"}
