"""A running instance of the app, as tests outside the test client meet it: the demo
password and TOTP key, `manage.py` as an operator runs it, `runserver` on a free port,
a browser without JavaScript over plain HTTP, and an SMTP inbox."""

import hashlib
import hmac
import http.cookiejar
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "eagi-demo-2026"
DEMO_TOTP_KEY = bytes.fromhex("48656c6c6f21deadbeef")  # base32 JBSWY3DPEHPK3PXP
# The demo accounts of seed_demo: the README's contract, which acceptance checks use.
ACCOUNTS = [
    "admin",
    "centre_head",
    "specialist",
    "specialist2",
    "teacher",
    "teacher2",
    "management",
    "registry",
    "events",
    "student",
    "student2",
    "parent",
]


def manage(env, *args, ok=True) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if ok:
        assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


class Page(HTMLParser):
    """Links in the main menu and the main content, the inputs of the main content's
    form, the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.inputs: dict[str, str] = {}
        self.text: list[str] = []
        self._region: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"nav", "main"}:
            self._region.append(tag)
        if tag in {"script", "style", "template", "code", "kbd"}:
            self._skip += 1  # not prose: code, key names, column names
        if tag == "a" and self._region and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "input" and attrs.get("name") and ("main" in self._region or not self.inputs):
            # The form in the main content; the header's forms only for the CSRF token.
            self.inputs[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag in {"nav", "main"} and self._region:
            self._region.pop()
        if tag in {"script", "style", "template", "code", "kbd"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(" ".join(data.split()))


def parse(body: str) -> Page:
    page = Page()
    page.feed(body)
    return page


def serve(env: dict, folder: Path, name: str, *, checks: bool = True):
    """runserver on a free port with this environment, once /healthz answers; returns
    the process, its log file (the caller closes both) and the address. `checks=False`:
    without the system checks (a second process of an instance already checked)."""
    port = free_port()
    log = open(folder / f"{name}.log", "w")  # noqa: SIM115 - closed by the caller
    extra = [] if checks else ["--skip-checks"]
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "runserver",
            "--noreload",
            *extra,
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        # Refused before the server listens; on a busy machine its first answer (URLconf
        # and views imported on first use) may take seconds: a read timeout is not ready
        # yet either (OSError covers URLError, ConnectionError and TimeoutError).
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=10)  # noqa: S310 - our server
            return server, log, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    pytest.fail(f"runserver {name} did not start: " + (folder / f"{name}.log").read_text())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies and forms over plain HTTP, as a browser without JavaScript."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                content_type = response.headers.get("Content-Type", "")
                body = response.read()
                text = body.decode() if "html" in content_type else ""
                return response.status, response.url, text
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode(errors="replace")

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        encoded = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=encoded, method="POST")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode(errors="replace")

    def submit(self, path: str, fields: dict) -> tuple[int, str, str]:
        """GET the page, then POST its form with its hidden inputs and these fields."""
        _status, _url, body = self.get(path)
        return self.post(path, {**parse(body).inputs, **fields})


def totp_now() -> str:
    return totp_at(int(time.time()) // 30)


def totp_at(window: int) -> str:
    """The demo key's code for one 30-second window."""
    counter = struct.pack(">Q", window)
    digest = hmac.new(DEMO_TOTP_KEY, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"
