"""Recording reads of personal data (Law 94-V; OWASP ASVS: log every read of
sensitive data). Call from the view that shows the data, once per request."""

from django.db import models

from eagi_inclusion.roles import user_roles

from .models import AccessEvent


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by whoever sends the request and
    # must be rewritten by a trusted proxy before it can be believed.
    return request.META.get("REMOTE_ADDR") or None


def access_log(
    *,
    request,
    action: str,
    student=None,
    obj: models.Model | None = None,
    reason: str = "",
) -> AccessEvent:
    roles = user_roles(request.user)
    return AccessEvent.objects.create(
        actor=request.user,
        action=action,
        role=",".join(sorted(roles))[:100],
        request_id=getattr(request, "id", "")[:32],
        student=student,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        path=request.get_full_path()[:300],
        ip_address=_client_ip(request),
        reason=reason,
    )
