"""Working days and the intake's deadline (settings.DEADLINES): the conclusion on a
registered application. One query whatever the data size."""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Application, ApplicationStatus


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) before `day`."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def today() -> datetime.date:
    return timezone.localdate()


def overdue_conclusions(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Registered applications still without a conclusion after the target."""
    cutoff = working_days_before(today(), settings.DEADLINES["conclusion_working_days"])
    return applications.filter(
        status__in=[ApplicationStatus.REGISTERED, ApplicationStatus.IN_ASSESSMENT],
        register_entry__registered_at__date__lt=cutoff,
    )
