"""A stand-in for NCALayer, the national certification centre's program on a person's
computer: a real WebSocket server over TLS on a loopback port, speaking the part of
NCALayer's protocol the pages use (the greeting with its version, `kz.gov.pki.knca.basics`
`sign` with `format: "cms"`; other modules answer "not found", as NCALayer without
KAZTOKEN's extension does). It signs with a test PKCS#12 file — the key the person
"chose" in NCALayer's window (`key`); `key = None` is the person pressing Cancel.

The browser (real Chromium) reaches it exactly as it reaches NCALayer."""

import asyncio
import base64
import datetime
import ipaddress
import json
import ssl
import threading
from pathlib import Path

from aiohttp import WSMsgType, web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.pki import Key, sign_cms


def _tls_context(folder: Path) -> ssl.SSLContext:
    """NCALayer's own kind of certificate: self-made, for 127.0.0.1."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "ncalayer.crt", folder / "ncalayer.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


class NCALayerStandIn:
    __test__ = False

    def __init__(self, folder: Path):
        self.key: Key | None = None
        self.requests: list[dict] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._tls = _tls_context(Path(folder))
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    @property
    def url(self) -> str:
        return f"wss://127.0.0.1:{self.port}"

    def _serve(self):
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_get("/", self._socket)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self._tls)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def close(self):
        async def stop():
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _socket(self, request):
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_str(json.dumps({"result": {"version": "1.4"}}))
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                break
            asked = json.loads(message.data)
            self.requests.append(asked)
            answer = await asyncio.to_thread(self._answer, asked)
            await socket.send_str(json.dumps(answer))
        return socket

    def _answer(self, asked: dict) -> dict:
        if (asked.get("module"), asked.get("method")) != ("kz.gov.pki.knca.basics", "sign"):
            return {"status": False, "code": "500", "message": "module not found"}
        if self.key is None:  # the person pressed Cancel in NCALayer's window
            return {"status": True, "body": {}}
        args = asked["args"]
        params = args.get("signingParams") or {}
        data = args["data"] if isinstance(args["data"], list) else [args["data"]]
        signatures = [
            sign_cms(self.key, base64.b64decode(item), digested=bool(params.get("digested")))
            for item in data
        ]
        return {"status": True, "body": {"result": signatures}}
