"""HTTP probes of the deploy check, through nginx over HTTPS (standard library only).

probe.py pages BASE EMAIL PASSWORD      log in, walk every page linked from the start, no 5xx
probe.py headers BASE                   home page: security headers; healthz; http -> https
probe.py static BASE                    a hashed static file: long cache, gzip and brotli
probe.py upload BASE EMAIL PASSWORD MB EXPECT [SOCKET]   post a sector table of MB megabytes
probe.py code-login BASE EMAIL MAILDIR  log in with the code a worker mailed
"""

from __future__ import annotations

import email as email_parser
import http.client
import http.cookiejar
import os
import re
import socket
import ssl
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

CA = os.environ.get("PROBE_CA", "/etc/praktijktafel/tls/fullchain.pem")
HOST = os.environ.get("PROBE_HOST", "praktijktafel.test")


def fail(message: str) -> None:
    print(f"FAIL {message}")
    sys.exit(1)


def ok(message: str) -> None:
    print(f"ok   {message}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(follow: bool = True) -> urllib.request.OpenerDirector:
    context = ssl.create_default_context(cafile=CA)
    handlers: list = [
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    ]
    if not follow:
        handlers.append(NoRedirect())
    return urllib.request.build_opener(*handlers)


def get(op, url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (https only)
    try:
        response = op.open(request, timeout=120)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    return response.status, response.headers, response.read()


def csrf_of(html: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        fail("no CSRF token on the page")
    return found.group(1).decode()


def post(op, url: str, fields: dict, referer: str):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": referer})  # noqa: S310
    try:
        response = op.open(request, timeout=120)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read(), url
    return response.status, response.headers, response.read(), response.url


def login(base: str, email: str, password: str):
    op = opener()
    status, _h, html = get(op, base + "/accounts/login/")
    status, _h, _body, url = post(
        op,
        base + "/accounts/login/",
        {"csrfmiddlewaretoken": csrf_of(html), "login": email, "password": password},
        base + "/accounts/login/",
    )
    if "/accounts/login/" in url:
        fail(f"password login as {email} did not work ({status})")
    return op


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def pages(base: str, email: str, password: str) -> None:
    op = login(base, email, password)
    seen, queue, answered = set(), ["/"], 0
    # Links that change state on GET would not exist (POST only); these leave the HTML pages.
    skip = re.compile(r"/(uitloggen|logout|export|\.csv|\.ics|pdf|download|admin/)")
    while queue and answered < 400:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = get(op, base + path)
        answered += 1
        if status >= 500:
            fail(f"GET {path} answered {status}")
        if "text/html" not in headers.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        for href in parser.links:
            absolute = urllib.parse.urljoin(base + path, href)
            if not absolute.startswith(base):
                continue
            target = absolute[len(base) :].split("#")[0]
            if (
                target
                and target not in seen
                and not skip.search(target)
                and "/static/" not in target
            ):
                queue.append(target)
    if answered < 20:
        fail(f"only {answered} pages reached from the start page")
    ok(f"{answered} pages answered without a server error (logged in as {email})")


def headers(base: str) -> None:
    op = opener(follow=False)
    status, h, body = get(op, base + "/")
    if status not in (200, 302):
        fail(f"home page answered {status}")
    wanted = {
        "Strict-Transport-Security": "max-age=",
        "Content-Security-Policy": "default-src",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    for name, part in wanted.items():
        if part not in (h.get(name) or ""):
            fail(f"home page: {name} is {h.get(name)!r}")
    ok(f"home page {status} with {', '.join(wanted)}")
    status, h, body = get(op, base + "/healthz")
    if status != 200 or b'"ok"' not in body:
        fail(f"/healthz answered {status} {body[:80]!r}")
    ok("/healthz 200 ok")
    plain = "http://" + base.split("://", 1)[1]
    status, h, body = get(opener(follow=False), plain + "/kennisbank/?q=x")
    if status != 301 or not (h.get("Location") or "").startswith("https://"):
        fail(f"http answered {status} -> {h.get('Location')}")
    ok("http redirects to https (301)")


def static(base: str) -> None:
    op = opener()
    status, h, body = get(op, base + "/")
    found = re.search(rb'(/static/[^"]+\.[0-9a-f]{12}\.css)', body) or fail(
        "no hashed stylesheet linked"
    )
    path = found.group(1).decode()
    for encoding in ("gzip", "br"):
        status, h, body = get(op, base + path, {"Accept-Encoding": encoding})
        cache = h.get("Cache-Control") or ""
        if status != 200 or "max-age=31536000" not in cache or "immutable" not in cache:
            fail(f"{path}: {status}, Cache-Control {cache!r}")
        if h.get("Content-Encoding") != encoding:
            got = h.get("Content-Encoding")
            fail(f"{path}: Content-Encoding {got!r} for Accept-Encoding {encoding}")
    ok(f"{path}: one year immutable cache, gzip and brotli")


def upload(
    base: str, email: str, password: str, megabytes: str, expect: str, sock: str = ""
) -> None:
    op = login(base, email, password)
    status, _h, html = get(op, base + "/sectordata/")
    token = csrf_of(html)
    boundary = "----praktijktafel-deploy-check"
    size = int(float(megabytes) * 1024 * 1024)
    with tempfile.TemporaryFile() as body:
        part = f"--{boundary}\r\nContent-Disposition: form-data; "
        head = (
            f'{part}name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
            f'{part}name="table_id"\r\n\r\nCHECK01\r\n'
            f'{part}name="source"\r\n\r\nCBS\r\n'
            f'{part}name="data"; filename="CHECK01.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        body.write(head)
        # NUL bytes: the app stores the whole upload, then its import refuses it at once
        # ("not a CSV or XLSX file"), so the answer proves the size passed, without an import
        # of minutes.
        filler = b"\x00" * (1024 * 1024)
        left = size - len(head) - len(tail)
        while left > 0:
            chunk = filler[:left]
            body.write(chunk)
            left -= len(chunk)
        body.write(tail)
        length = body.tell()
        body.seek(0)
        cookies = "; ".join(f"{c.name}={c.value}" for c in op.handlers_cookiejar())  # type: ignore[attr-defined]
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(length),
            "Cookie": cookies,
            "Referer": base + "/sectordata/",
            "Host": HOST,
            "X-Forwarded-Proto": "https",
        }
        if sock:  # straight to gunicorn: the app's own limit
            connection = http.client.HTTPConnection("localhost", timeout=600)
            connection.sock = socket.socket(socket.AF_UNIX)
            connection.sock.connect(sock)
        else:
            context = ssl.create_default_context(cafile=CA)
            connection = http.client.HTTPSConnection(HOST, 443, context=context, timeout=600)
        started = time.monotonic()
        try:
            connection.request("POST", "/sectordata/", body=body, headers=headers)
            response = connection.getresponse()
            status, text = response.status, response.read().decode("utf-8", "replace")
        except (BrokenPipeError, ConnectionResetError) as error:
            fail(f"{megabytes} MB upload: connection broken ({error})")
        took = time.monotonic() - started
    where = "gunicorn directly" if sock else "nginx"
    if expect == "accepted":
        if status != 422 or "Dit is geen CSV- of XLSX-bestand" not in text:
            fail(f"{megabytes} MB upload through {where}: {status}, {text[:300]!r}")
        ok(
            f"{megabytes} MB upload accepted through {where}: the app read it and answered "
            f"{status} with its import report ({took:.0f} s)"
        )
    else:
        if status != 413 or expect not in text:
            fail(f"{megabytes} MB upload via {where}: {status}, no {expect!r} in {text[:300]!r}")
        ok(f"{megabytes} MB upload refused through {where}: 413 '{expect}' ({took:.0f} s)")


def code_login(base: str, email: str, maildir: str) -> None:
    op = opener()
    before = set(os.listdir(maildir))
    status, _h, html = get(op, base + "/accounts/login/code/")
    status, _h, body, url = post(
        op,
        base + "/accounts/login/code/",
        {"csrfmiddlewaretoken": csrf_of(html), "email": email},
        base + "/accounts/login/code/",
    )
    if "/confirm" not in url:
        fail(f"asking for a code went to {url} ({status})")
    code, waited = None, 0.0
    while code is None and waited < 90:
        for name in sorted(set(os.listdir(maildir)) - before):
            with open(os.path.join(maildir, name), encoding="utf-8", errors="replace") as handle:
                raw = handle.read()
            for chunk in raw.split("-" * 79):
                message = email_parser.message_from_string(chunk.strip())
                if email not in (message.get("To") or ""):
                    continue
                for part in message.walk():
                    if part.get_content_type() == "text/plain":
                        text = part.get_payload(decode=True).decode("utf-8", "replace")
                        found = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", text, re.M)
                        code = found.group(1) if found else code
        if code is None:
            time.sleep(1)
            waited += 1
    if code is None:
        fail(f"no mail with a login code for {email} in {maildir} after {waited:.0f} s")
    ok(f"a worker mailed the login code after {waited:.0f} s")
    status, _h, html = get(op, url)
    status, _h, body, url = post(op, url, {"csrfmiddlewaretoken": csrf_of(html), "code": code}, url)
    if "/accounts/login" in url:
        fail(f"the mailed code did not log in ({status}, {url})")
    status, _h, body = get(op, base + "/")
    if b"/accounts/logout/" not in body:
        fail("logged in by code, but the home page shows no way to log out")
    ok(f"logged in by emailed code as {email}")


def _cookiejar(self):
    for handler in self.handlers:
        if isinstance(handler, urllib.request.HTTPCookieProcessor):
            return handler.cookiejar
    return []


urllib.request.OpenerDirector.handlers_cookiejar = _cookiejar  # type: ignore[attr-defined]

if __name__ == "__main__":
    command, *args = sys.argv[1:]
    commands = {"pages": pages, "headers": headers, "static": static, "upload": upload}
    commands["code-login"] = code_login
    commands[command](*args)
