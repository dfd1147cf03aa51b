import errno
import logging
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError
from .roles import requires_two_factor
from .two_factor import ECP_SESSION_KEY

logger = logging.getLogger(__name__)
SESSION_STARTED = "eagi_session_started"
SESSION_RENEWED = "eagi_session_renewed"


class RequestIdMiddleware:
    """One id per request, in the access log and the X-Request-ID header, so a log line
    and a user's report can be matched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


class PrivatePagesMiddleware:
    """Pages for signed-in users are never stored by browsers or proxies (after
    logout, Back shows no personal data); a session ends 12 hours after sign-in
    whatever the activity, and 30 minutes after the last request (renewed at most
    once a minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            # Renewing the idle timeout saves the session: once a minute is enough.
            if now - request.session.get(SESSION_RENEWED, 0) > settings.SESSION_RENEW_SECONDS:
                request.session[SESSION_RENEWED] = now
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
        return response


class RequireTwoFactorMiddleware:
    """A staff account is let past sign-in only once a TOTP code has verified the
    session; until then every page sends it to the second step."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_prefixes = None

    def _open(self, path: str) -> bool:
        if self.open_prefixes is None:
            from django.urls import reverse

            self.open_prefixes = (
                reverse("otp-verify"),
                reverse("otp-setup"),
                reverse("logout"),
                reverse("set-language"),
                reverse("set-display"),
                reverse("healthz"),
                settings.STATIC_URL,
            )
        return path.startswith(self.open_prefixes)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.session.get(ECP_SESSION_KEY)
            # Staff always; anyone else who has paired an authenticator (set at sign-in).
            and (requires_two_factor(user) or request.session.get("eagi_second_factor"))
            and not self._open(request.path)
        ):
            from django.urls import reverse
            from django.utils.http import urlencode

            return redirect(
                f"{reverse('otp-verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the cookie and the browser, so the
    choice follows the person from one computer to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT, errno.EIO}


def object_storage_errors() -> tuple[type[BaseException], ...]:
    """The errors of S3-compatible object storage (MEDIA_STORAGE=s3) that mean it is
    out of reach or refusing: the same outage as a full or read-only disk."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - botocore is in the lock
        return ()
    return (BotoCoreError, ClientError)


def is_storage_failure(exception: BaseException) -> bool:
    if isinstance(exception, OSError):
        return exception.errno in STORAGE_ERRNOS
    return isinstance(exception, object_storage_errors())


def outage_response(request, exception):
    """The 503 page for a failure of the database or the media storage (down,
    restarting, full, read-only), or None for any other exception. Services write
    inside transactions, so by then nothing is half-saved and no row points to a file
    that was not written."""
    from django.db import InterfaceError, OperationalError

    if isinstance(exception, OperationalError | InterfaceError):
        # The database is down or restarting: nothing was saved (every change runs
        # in a transaction). A page that needs no database, and a hint to retry.
        logger.error("Database unavailable on %s: %s", request.path, exception)
        # Rendered without the request's context processors: they read the database.
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        page = render_to_string(
            "database_unavailable.html",
            {"LANGUAGE_CODE": translation.get_language(), "path": request.path},
        )
        response = HttpResponse(page, status=503)
        response["Retry-After"] = "30"
        return response
    if is_storage_failure(exception):
        logger.error("Media storage failure on %s: %s", request.path, exception)
        response = render(request, "storage_unavailable.html", status=503)
        response["Retry-After"] = "600"
        return response
    return None


class DomainErrorMiddleware:
    """A refused service call that a view did not catch: the message, and back to the
    page the person came from (a POST) or a 403 page that says why (a GET). Never a
    server error (docs/architecture.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if request.method != "POST":
            return render(
                request,
                "403.html",
                {"reason": str(exception), "link": exception.link},
                status=exception.status,
            )
        messages.error(request, str(exception))
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = request.path
        return redirect(back)


class OutageMiddleware:
    """A view that fails because the database or the media storage is out of reach
    gets a page that says so (503, Retry-After), not a bare server error. A failure
    earlier, in a middleware (reading the session or the signed-in user), reaches
    `eagi_inclusion.views.server_error` (handler500), which answers the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return outage_response(request, exception)
