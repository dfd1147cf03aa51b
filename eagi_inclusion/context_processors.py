from django.conf import settings

from eagi_inclusion.roles import Role, user_roles

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
        "user_roles": roles,
        "nav_key": ".".join(sorted(roles)),
        "role_labels": [label for value, label in Role.choices if value in roles],
    }
