from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from routes.selectors import letters_of
from students.models import ApplicationStatus
from students.roles import Role, user_roles
from students.selectors import application_list_visible_to, student_list_visible_to

from . import dashboards
from .context_processors import DISPLAY_COOKIE, DISPLAY_OPTIONS, display_preferences


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
    import sys

    from django.views.defaults import server_error as plain_server_error

    from .middleware import outage_response

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


@login_required
def home(request):
    """A dashboard per role: what this person may open and should do now."""
    user = request.user
    roles = user_roles(user)
    context = {
        "roles": roles,
        "unread": user.notifications.filter(read_at__isnull=True).count(),
    }
    if roles & {Role.SPECIALIST, Role.TEACHER} and Role.CENTRE_HEAD not in roles:
        # The first few of the students the user may see (one more tells whether the
        # list goes on); the head, who sees every case, starts from the centre's figures.
        first = list(student_list_visible_to(user)[:11])
        context["students"], context["more_students"] = first[:10], len(first) > 10
    if roles & {Role.STUDENT, Role.REPRESENTATIVE}:
        mine = student_list_visible_to(user).filter(Q(user=user) | Q(representatives__user=user))
        context["family"] = dashboards.family(user, list(mine.distinct()))
    if roles & {Role.STUDENT, Role.REPRESENTATIVE, Role.TEACHER, Role.SPECIALIST}:
        # Applicants follow their applications here; specialists see their cases'.
        context["applications"] = list(
            application_list_visible_to(user).order_by("-submitted_at", "-pk")[:10]
        )
    if Role.SPECIALIST in roles and Role.CENTRE_HEAD not in roles:
        # A specialist's deadlines, overdue ones first and flagged.
        context["due_next"] = dashboards.due_next(user)
    if Role.CENTRE_HEAD in roles:
        context.update(dashboards.centre_figures(user))
        context["deadlines"] = settings.DEADLINES
        incoming = application_list_visible_to(user).filter(status=ApplicationStatus.REGISTERED)
        first = list(incoming.order_by("submitted_at", "pk")[:11])
        context["incoming"], context["more_incoming"] = first[:10], len(first) > 10
    if Role.MANAGEMENT in roles:
        context.update(dashboards.management(user))
    if Role.TEACHER in roles:
        context.update(dashboards.teacher(user))
        context["letters_pending"] = letters_of(user).filter(acknowledged_at__isnull=True).count()
    return render(request, "home.html", context)


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
