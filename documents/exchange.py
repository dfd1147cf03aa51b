"""The register as the Institute's document-flow system reads it (§10.2): one entry's
public description -- number, type, date, status, checksums, verification address and
the student's register line, nothing else -- for the API (documents/api.py) and the
signed webhooks sent on each registration and change of status.

A webhook's POST carries `X-EAGI-Event`, `X-EAGI-Delivery` and `X-EAGI-Signature:
sha256=<hex>`, the HMAC-SHA256 of the exact body under the webhook's secret (the
receiver checks it before trusting the body; docs/api.md). A failed POST is tried again
with the e-mails' back-off (EMAIL_RETRY_SECONDS)."""

import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from eagi_inclusion.mail import retry_later

from .models import ApiClient, RegisterEntry, Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

REGISTERED, STATUS_CHANGED = "entry.registered", "entry.status_changed"
ENTRY_RELATED = ("student", "superseded_by")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_client_create(*, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A client system and its token, returned once: only its digest is kept."""
    token = "eagi_" + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name, token_sha256=token_digest(token), token_prefix=token[:12], scopes=scopes
    )
    return client, token


def describe(entry: RegisterEntry) -> dict:
    """What the register says of one document to another system. The files' checksums
    come from `entry.files` (prefetched by the callers)."""
    return {
        "number": entry.number,
        "type": entry.doc_type,
        "registered_at": entry.registered_at.isoformat(),
        "status": entry.status,
        "status_changed_at": entry.status_changed_at.isoformat()
        if entry.status_changed_at
        else None,
        "superseded_by": entry.superseded_by.number if entry.superseded_by_id else None,
        "language": entry.language,
        "student": entry.student.full_name if entry.student_id else None,
        "files": [
            {"language": f.language, "variant": f.variant, "sha256": f.sha256, "size": f.size}
            for f in entry.files.all()
        ],
        "verification_url": settings.SITE_URL
        + reverse("documents:verify", args=[entry.verification_code]),
    }


def entries_changed(entry_ids, event: str) -> None:
    """Tell the webhooks after the change commits (nothing is sent for a rollback)."""
    ids = sorted({pk for pk in entry_ids if pk})
    if ids and Webhook.objects.filter(active=True, client__active=True).exists():
        transaction.on_commit(lambda: notify_webhooks.enqueue(ids, event))


@task()
def notify_webhooks(entry_ids: list[int], event: str) -> int:
    """One delivery per active webhook and entry, each sent at once."""
    entries = RegisterEntry.objects.filter(pk__in=entry_ids).select_related(*ENTRY_RELATED)
    descriptions = [describe(e) for e in entries.prefetch_related("files")]
    made = 0
    for webhook in Webhook.objects.filter(active=True, client__active=True):
        for description in descriptions:
            delivery = WebhookDelivery.objects.create(
                webhook=webhook, event=event, payload={"event": event, "entry": description}
            )
            deliver.enqueue(delivery.pk)
            made += 1
    return made


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@task()
def deliver(delivery_id: int, attempt: int = 1) -> bool:
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.delivered_at is not None:
        return True
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    request = urllib.request.Request(  # noqa: S310 - an address the administrator set
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "EAGI-Inclusion-Register",
            "X-EAGI-Event": delivery.event,
            "X-EAGI-Delivery": str(delivery.pk),
            "X-EAGI-Signature": signature(delivery.webhook.secret, body),
        },
    )
    delivery.attempts = attempt
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            ok = 200 <= response.status < 300
            error = "" if ok else f"HTTP {response.status}"
    except (urllib.error.URLError, OSError) as problem:
        ok, error = False, str(problem)[:300]
    if ok:
        delivery.delivered_at, delivery.last_error = timezone.now(), ""
        delivery.save(update_fields=["attempts", "delivered_at", "last_error"])
        return True
    delivery.last_error = error
    delivery.save(update_fields=["attempts", "last_error"])
    if not retry_later(deliver, attempt, delivery_id):
        logger.error("Webhook delivery %s given up after %s attempts", delivery_id, attempt)
    return False
