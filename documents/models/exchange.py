"""The Institute's document-flow system reads this register (§10.2): client systems
with their own token and scopes, every call they make, and the signed webhooks that
tell them of a registration or a change of status (documents/exchange.py, api.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SCOPES = (("register:read", _("read the register")),)


class ApiClient(models.Model):
    """A system that reads the register: its token is shown once when made (`manage.py
    api_client`), kept only as its SHA-256; its scopes say what it may read."""

    name = models.CharField(_("system"), max_length=200, unique=True)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token begins"), max_length=12, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last call"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("register API client")
        verbose_name_plural = _("register API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiCall(models.Model):
    """One call to the register API, answered or refused (no client: a token unknown)."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, related_name="calls")
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    ip_address = models.GenericIPAddressField(null=True)

    class Meta:
        verbose_name = _("register API call")
        verbose_name_plural = _("register API calls")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class Webhook(models.Model):
    """Where a client system is told of registrations and status changes: each POST is
    signed with HMAC-SHA256 of its body under `secret` (docs/api.md)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or being retried) to one webhook."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"
