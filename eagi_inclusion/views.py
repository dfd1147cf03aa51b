import hashlib
import sys
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import server_error as plain_server_error
from django.views.i18n import JavaScriptCatalog

from .context_processors import DISPLAY_COOKIE, DISPLAY_OPTIONS, display_preferences
from .mail import queue_email
from .middleware import outage_response
from .ratelimit import over_limit


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def server_error(request):
    """handler500. Django turns an exception raised in a middleware into this view's
    response at that layer, before OutageMiddleware could see it: a database that went
    away while the session or the user was being read then answered 500. Here, still
    inside Django's handling of that exception, an outage gets the 503 page too."""
    exception = sys.exc_info()[1]
    return (exception and outage_response(request, exception)) or plain_server_error(request)


@require_GET
@never_cache
def healthz(request):
    """Load balancers and monitors: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the account when signed in."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    translation.activate(language)
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(_safe_next(request, reverse("home")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@require_POST
def set_display(request):
    """Large text and high contrast, switched on or off without JavaScript."""
    chosen = set(display_preferences(request))
    option = request.POST.get("option")
    if option in DISPLAY_OPTIONS:
        chosen ^= {option}
    value = ".".join(sorted(chosen))
    if request.user.is_authenticated and request.user.display != value:
        request.user.display = value
        request.user.save(update_fields=["display"])
    response = HttpResponseRedirect(_safe_next(request, reverse("home")))
    response.set_cookie(
        DISPLAY_COOKIE,
        value,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
    )
    return response


def confirm_page(
    request, *, title: str, question: str, confirm_label: str, back: str,
    sign_url: str = "", sign_policy: str = "click",
):  # fmt: skip
    """GET of a step that cannot be undone (issuing, signing, withdrawing consent...):
    a page that says what will happen, with the button that does it (POST to the same
    address) and a way back. A stray click on the step's link changes nothing.
    `sign_url`, `sign_policy`: where the step may ("allowed") or must ("required") be
    taken by signing with ЭЦП instead."""
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "question": question,
            "confirm_label": confirm_label,
            "back": back,
            "sign_url": sign_url,
            "sign_policy": sign_policy,
        },
    )


class ResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, its e-mail queued like every other (a slow mail server
    holds no request)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_email(subject, render_to_string(email_template_name, context), [to_email])


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot your password?": the link is built from SITE_URL, never from the request's
    Host header (which anyone can set), and resets are limited per address and per
    account (#28, finding 8: 8 requests sent 8 e-mails to a link on the attacker's
    host name). Over the account's limit the page says the same as always, and no
    e-mail goes; over the address's limit the form says to try later."""

    form_class = ResetForm

    def form_valid(self, form):
        if over_limit(
            self.request,
            "password-reset",
            limit=settings.PASSWORD_RESET_ADDRESS_LIMIT,
            period=3600,
        ):
            form.add_error(
                None, _("Too many password resets from this computer. Try again in an hour.")
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        email = form.cleaned_data["email"].strip().lower()
        window = int(time.time() // 3600)
        key = f"password-reset:{hashlib.sha256(email.encode()).hexdigest()}:{window}"
        cache.add(key, 0, timeout=3605)
        try:
            asked = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=3605)
            asked = 1
        if asked <= settings.PASSWORD_RESET_ACCOUNT_LIMIT:
            site = urlsplit(settings.SITE_URL)
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                token_generator=self.token_generator,
                from_email=self.from_email,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                request=self.request,
                html_email_template_name=self.html_email_template_name,
                extra_email_context=self.extra_email_context,
            )
        return HttpResponseRedirect(self.get_success_url())


class AdminJavaScriptCatalog(JavaScriptCatalog):
    """The admin's JavaScript messages (date and time pickers, the two-list selector),
    with the ones Django's Kazakh catalogue lacks from eagi_inclusion/translations:
    JavaScriptCatalog reads only its packages' own folders, and a later folder's
    messages win. Served at the admin's own jsi18n address (eagi_inclusion/urls.py)."""

    def get_paths(self, packages):
        return [
            *super().get_paths(packages),
            str(settings.BASE_DIR / "eagi_inclusion" / "translations"),
        ]


class LoginView(auth_views.LoginView):
    """Django's sign-in page, with a link to signing in with ЭЦП once the deployment
    has the national certification centre's roots (ECP_TRUST_ROOTS)."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "ecp_enabled": bool(settings.ECP_TRUST_ROOTS)}
