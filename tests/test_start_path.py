"""The README's start path, as a newcomer meets it: a SQLite file, `migrate`, the
compiled catalogues, `seed_demo`, served by `runserver` exactly as scripts/start.sh
does. Every demo account signs in through the real forms (TOTP for staff), then opens
its home page and every link the app draws in the menu and on that page, in Kazakh,
Russian and English: no server error, no 404 or 403 on a link the app itself showed
that person, and no words left in another language."""

import os
import re
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_demo_instance, demo_instance_env
from tests.instance import ACCOUNTS, PASSWORD, Browser, Page, parse, serve, totp_now

ROOT = Path(__file__).resolve().parents[1]
# Who confirms sign-in with the demo TOTP key: staff and the legal representative.
STAFF = set(ACCOUNTS) - {"student", "student2"}
LANGUAGES = ["kk", "ru", "en"]

# Latin words a Kazakh or Russian page may show: formats, standards, our own name,
# codes. Anything else in Latin letters is an English leftover.
LATIN_ALLOWED = {
    "EAGI",
    "Inclusion",
    "PDF",
    "PNG",
    "JPEG",
    "Excel",
    "UTF",
    "NVDA",
    "JAWS",
    # Authenticator apps the second-step page names.
    "Google",
    "Authenticator",
    "FreeOTP",
    "Aegis",
    "CSV",
    "XLSX",
    "TOTP",
    "SVG",
    "English",
    "IIN",
    "SHA",
    "ID",
    "eagi",
    "kz",
    "example",
    "inclusion",
    "demo",
    "http",
    "https",
    "www",
}


@pytest.fixture(scope="module")
def started_app(tmp_path_factory, demo_instance_template):
    """scripts/start.sh's steps on a fresh SQLite file (`migrate`, the compiled
    catalogues, `seed_demo`: tests/conftest.py runs them as commands), then runserver."""
    folder = copy_demo_instance(demo_instance_template, tmp_path_factory.mktemp("start-path"))
    env = demo_instance_env(folder)
    server, log, url = serve(env, folder, "server")
    yield url, folder
    server.terminate()
    server.wait(timeout=20)
    log.close()


def _sign_in(browser: Browser, username: str) -> None:
    status, url, body = browser.submit(
        "/accounts/login/", {"username": username, "password": PASSWORD}
    )
    assert status == 200, (username, status, body[:500])
    if username in STAFF:
        assert "/accounts/otp/" in url, (username, url)
        status, url, body = browser.submit("/accounts/otp/", {"otp_token": totp_now()})
        assert status == 200, (username, status)
    assert urllib.parse.urlsplit(url).path == "/", (username, url, body[:300])


def _own_links(page: Page) -> list[str]:
    links = []
    for href in page.links:
        parts = urllib.parse.urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, or an anchor on this page
        if parts.path.startswith(("/accounts/logout", "/static/")):
            continue
        links.append(urllib.parse.urlunsplit(("", "", parts.path, parts.query, "")))
    return list(dict.fromkeys(links))


def _leftovers(language: str, texts: list[str], catalogues: dict) -> list[str]:
    """Words of another language on a page that should be all `language`: English
    words on a Kazakh or Russian page, and any text that is, whole, one of our
    messages in another language (a person's own text may be in either language)."""
    found = []
    if language in {"kk", "ru"}:
        # Addresses and file names ("өтініш-қағаз.pdf") are not words of a language.
        prose = re.sub(r"\S+@\S+|https?://\S+|\S+\.[a-z]{3,4}\b", " ", " ".join(texts))
        for word in re.findall(r"\b[A-Za-z][A-Za-z']{2,}\b", prose):
            if word not in LATIN_ALLOWED and not re.fullmatch(r"[IVX]+", word):
                found.append(word)
    for other, sentences in catalogues.items():
        if other != language:
            found += [text for text in texts if text in sentences]
    return found


def _po_sentences(language: str) -> list[str]:
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    text = path.read_text(encoding="utf-8")
    sentences = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block or "msgid_plural" in block:
            continue
        match = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.MULTILINE)
        if not match:
            continue
        value = "".join(re.findall(r'"(.*)"', match.group(1)))
        if value.count(" ") >= 2 and "%" not in value and "{" not in value:
            sentences.append(value.replace('\\"', '"'))
    return sentences


@pytest.mark.once(
    "it sets up its own SQLite instance, as the README's start command does", run_in="sqlite"
)
@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_demo_account_works_on_the_start_path(started_app, username):
    base, _folder = started_app
    catalogues = {language: set(_po_sentences(language)) for language in ("kk", "ru")}
    browser = Browser(base)
    _sign_in(browser, username)
    problems = []
    for language in LANGUAGES:
        _status, _url, body = browser.get("/")
        token = parse(body).inputs["csrfmiddlewaretoken"]
        browser.post("/language/", {"csrfmiddlewaretoken": token, "language": language})
        status, url, body = browser.get("/")
        assert status == 200, (username, language, status)
        assert f'<html lang="{language}"' in body, (username, language)
        home = parse(body)
        for word in _leftovers(language, home.text, catalogues):
            problems.append(f"{language} / : {word!r}")
        for link in _own_links(home):
            status, url, body = browser.get(link)
            if status >= 500 or status in {403, 404}:
                problems.append(f"{language} {link}: {status}")
                continue
            if body:
                for word in _leftovers(language, parse(body).text, catalogues):
                    problems.append(f"{language} {link}: {word!r}")
    assert not problems, f"{username}:\n" + "\n".join(sorted(set(problems)))


def test_start_checks_its_port_before_the_slow_steps():
    """#27: start.sh reported a busy port only after installing, migrating and seeding.
    `PORT=… bash scripts/start.sh` chooses the port and says at once that it is taken."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(  # noqa: S603 - the README's start command
            ["bash", "scripts/start.sh"],
            cwd=ROOT,
            env={**os.environ, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    assert f"Another program already listens on port {port}" in done.stderr
    assert "==>" not in done.stdout  # no step of the set-up ran
    wrong = subprocess.run(  # noqa: S603
        ["bash", "scripts/start.sh"],
        cwd=ROOT,
        env={**os.environ, "PORT": "80a"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert wrong.returncode == 1 and "PORT must be a number" in wrong.stderr
