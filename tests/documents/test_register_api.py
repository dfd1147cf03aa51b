"""#30, item 7: the Institute's document-flow system reads the register (§10.2). A
read-only API (Django REST framework) for client systems with their own token and
scope, every call logged, nothing of a case beyond the register line; and a webhook
signed with HMAC-SHA256, POSTed to a real HTTP server here on each registration and
change of status."""

import datetime
import hashlib
import hmac
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import ApiCall, ApiClient, WebhookDelivery
from documents.privacy import disclosure_record
from documents.register import mark_withdrawn

pytestmark = pytest.mark.django_db

LIST = reverse("api-register")
FIELDS = {
    "number",
    "type",
    "registered_at",
    "status",
    "status_changed_at",
    "superseded_by",
    "language",
    "student",
    "files",
    "verification_url",
}


def _client(name="Құжат айналымы", *args) -> str:
    out = io.StringIO()
    call_command("api_client", "create", name, *args, stdout=out)
    return out.getvalue().split("Token (shown once, keep it secret): ")[1].split()[0]


def _disclose(case, head, what="Қорытынды"):
    return disclosure_record(
        student=case,
        actor=head,
        data={
            "recipient": "Сот",
            "legal_basis": "Сұрау",
            "what": what,
            "disclosed_on": datetime.date(2026, 9, 3),
        },
    )


def _get(client, url, token=None, **params):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.get(url, params, headers=headers)


def test_a_client_reads_the_register_and_every_call_is_logged(client, case, centre_head):
    entry = _disclose(case, centre_head).register_entry
    token = _client()
    response = _get(client, LIST, token)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert set(row) == FIELDS  # the register line, nothing of the case beyond it
    assert (row["number"], row["type"], row["status"]) == (entry.number, "disclosure", "registered")
    assert row["student"] == case.full_name
    assert row["verification_url"].endswith(f"/documents/verify/{entry.verification_code}/")
    assert "HX-4242" not in response.content.decode()  # the health note never

    detail = reverse("api-register-entry", args=[entry.number])  # ЖББМ-style, with a slash
    assert _get(client, detail, token).json()["number"] == entry.number
    assert _get(client, reverse("api-register-entry", args=["ЖОҚ-1/1"]), token).status_code == 404

    # No token, a wrong one, a client switched off: 401; no scope: 403.
    assert _get(client, LIST).status_code == 401
    assert _get(client, LIST, "eagi_not-a-token").status_code == 401
    scopeless = _client("Басқа жүйе", "--scope", "register:read")
    ApiClient.objects.filter(name="Басқа жүйе").update(scopes=[])
    assert _get(client, LIST, scopeless).status_code == 403
    call_command("api_client", "deactivate", "Құжат айналымы", stdout=io.StringIO())
    assert _get(client, LIST, token).status_code == 401
    # A signed-in person's session is not a client's token.
    client.force_login(centre_head)
    assert _get(client, LIST).status_code == 401

    calls = list(ApiCall.objects.order_by("pk").values_list("status", "client__name"))
    assert calls == [
        (200, "Құжат айналымы"),
        (200, "Құжат айналымы"),
        (404, "Құжат айналымы"),
        (401, None),
        (401, None),
        (403, "Басқа жүйе"),
        (401, None),
        (401, None),
    ]
    assert ApiClient.objects.get(name="Құжат айналымы").last_used_at is not None
    # Only the token's digest is kept.
    assert not ApiClient.objects.filter(token_sha256=token).exists()


def test_changed_since_and_the_same_queries_at_any_size(
    client, case, centre_head, django_assert_num_queries
):
    token = _client()
    first = _disclose(case, centre_head, "Бірінші")
    moment = datetime.datetime.now(datetime.UTC).isoformat()
    _get(client, LIST, token)  # warm
    with django_assert_num_queries(5) as counted:
        _get(client, LIST, token)
    for number in range(6):
        _disclose(case, centre_head, f"Құжат {number}")
    mark_withdrawn(first.register_entry_id)
    with django_assert_num_queries(len(counted.captured_queries)):
        response = _get(client, LIST, token, page_size=3)
    assert len(response.json()["results"]) == 3 and response.json()["next"]
    changed = _get(client, LIST, token, changed_since=moment).json()["results"]
    assert first.register_entry.number in [row["number"] for row in changed]
    assert len(changed) == 7
    assert _get(client, LIST, token, changed_since="вчера").status_code == 400


class _Receiver(BaseHTTPRequestHandler):
    received: list = []
    answer = 204

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        headers = {name.lower(): value for name, value in self.headers.items()}
        type(self).received.append((headers, body))
        self.send_response(type(self).answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.received, _Receiver.answer = [], 204
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver
    server.shutdown()


def test_a_signed_webhook_on_registration_and_status_change(
    case, centre_head, receiver, django_capture_on_commit_callbacks
):
    url, seen = receiver
    out = io.StringIO()
    call_command("api_client", "create", "ЭҚЖ", "--webhook", url, stdout=out)
    secret = out.getvalue().split("Webhook signing secret (shown once): ")[1].split()[0]
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = _disclose(case, centre_head)
    with django_capture_on_commit_callbacks(execute=True):
        mark_withdrawn(disclosure.register_entry_id)
    events = []
    for headers, body in seen.received:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-eagi-signature"], expected)
        payload = json.loads(body)
        assert payload["entry"]["number"] == disclosure.register_entry.number
        events.append((headers["x-eagi-event"], payload["entry"]["status"]))
    assert events == [("entry.registered", "registered"), ("entry.status_changed", "withdrawn")]
    assert WebhookDelivery.objects.filter(delivered_at__isnull=False).count() == 2

    # A receiver that fails: the delivery is kept with its error, to be tried again.
    seen.answer = 500
    with django_capture_on_commit_callbacks(execute=True):
        _disclose(case, centre_head, "Тағы")
    failed = WebhookDelivery.objects.get(delivered_at__isnull=True)
    assert failed.attempts == 1 and "500" in failed.last_error
