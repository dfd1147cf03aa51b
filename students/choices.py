"""Choices of the list filters (faculties, programmes, SEN categories, periods,
specialists), kept in the cache for five minutes so that a list page does not read
every catalogue on every request. A change saved in this process clears them at
once; other worker processes see it within the five minutes."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from eagi_inclusion.roles import Role

from .models import AcademicPeriod, AcademicYear, Faculty, NeedCategory, Programme, User

TIMEOUT = 300
KINDS = ("faculty", "programme", "need_category", "period", "specialist")


def _key(kind: str, language: str) -> str:
    return f"eagi:choices:{kind}:{language}"


def _build(kind: str) -> list[tuple[str, str]]:

    if kind == "faculty":
        rows = Faculty.objects.order_by("code")
    elif kind == "programme":
        rows = Programme.objects.order_by("code")
    elif kind == "need_category":
        rows = NeedCategory.objects.all()
    elif kind == "period":
        rows = AcademicPeriod.objects.select_related("academic_year").order_by("-starts_on")
    else:
        rows = User.objects.filter(is_active=True, groups__name=Role.SPECIALIST).order_by(
            "last_name", "first_name"
        )
    return [(str(row.pk), str(row)) for row in rows]


def choices(kind: str):
    """A callable for django-filter's ChoiceFilter: the choices in the current
    language, from the cache when there."""

    def current():
        key = _key(kind, get_language() or "kk")
        found = cache.get(key)
        if found is None:
            found = _build(kind)
            cache.set(key, found, TIMEOUT)
        return found

    return current


def forget(*_args, **_kwargs) -> None:

    cache.delete_many(
        [_key(kind, language) for kind in KINDS for language, _name in settings.LANGUAGES]
    )


def connect() -> None:

    for model in (Faculty, Programme, NeedCategory, AcademicPeriod, AcademicYear, User):
        post_save.connect(forget, sender=model, dispatch_uid=f"choices-save-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"choices-del-{model.__name__}")
    m2m_changed.connect(forget, sender=User.groups.through, dispatch_uid="choices-groups")
