from django.conf import settings

from eagi_inclusion.roles import Role, user_roles
from eagi_inclusion.rules import May

DISPLAY_COOKIE = "eagi_display"
DISPLAY_OPTIONS = ("large-text", "high-contrast")


def display_preferences(request) -> list[str]:
    """Large text / high contrast: the account's choice when signed in (so it follows
    the person to another computer), else the browser's cookie."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = user.display
    else:
        raw = request.COOKIES.get(DISPLAY_COOKIE, "")
    return [option for option in raw.split(".") if option in DISPLAY_OPTIONS]


def site(request):
    roles = user_roles(request.user) if hasattr(request, "user") else frozenset()
    return {
        "display": display_preferences(request),
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        # Who may do what: templates ask the rules (eagi_inclusion/rules.py), never roles.
        "may": May(getattr(request, "user", None)),
        "nav_key": ".".join(sorted(roles)),
        "role_labels": [label for value, label in Role.choices if value in roles],
    }
