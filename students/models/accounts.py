"""Accounts: people who sign in, with their names as in the identity document."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from eagi_inclusion.signed_in import SignedInUserQuerySet

from ..validators import validate_iin


class InterfaceLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class DocumentLanguage(models.TextChoices):
    """Official documents are drawn up in Kazakh or in Russian, one language a form."""

    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


def _full_name(last: str, first: str, patronymic: str) -> str:
    return " ".join(part for part in (last, first, patronymic) if part)


class AccountManager(UserManager.from_queryset(SignedInUserQuerySet)):
    """Django's UserManager; a bulk update makes the signed-in users kept in the cache
    stale (eagi_inclusion/signed_in.py)."""


class User(AbstractUser):
    """An account. Names are kept as in the identity document, with the Russian
    spelling where it differs, because official forms in Russian need it."""

    objects = AccountManager()

    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=150,
        blank=True,
        help_text=_("How the person wishes to be addressed, if not by the first name."),
    )
    full_name_ru = models.CharField(
        _("full name in Russian"),
        max_length=300,
        blank=True,
        help_text=_("Surname, first name and patronymic as spelled in Russian documents."),
    )
    language = models.CharField(
        _("interface language"),
        max_length=2,
        choices=InterfaceLanguage.choices,
        default=InterfaceLanguage.KAZAKH,
    )
    position = models.CharField(
        _("position"),
        max_length=200,
        blank=True,
        help_text=_("Job title as printed in signature blocks, e.g. Vice-rector."),
    )
    position_ru = models.CharField(
        _("position in Russian"),
        max_length=200,
        blank=True,
        help_text=_("The job title as printed on forms in Russian."),
    )
    unit = models.ForeignKey(
        "students.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("structural unit"),
        help_text=_("For the staff of a structural unit (the unit role): whose tasks they see."),
    )

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("an e-mail for each event")
        DIGEST = "digest", _("one daily digest e-mail")

    notification_delivery = models.CharField(
        _("e-mail notifications"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.IMMEDIATE,
        help_text=_("Notifications always appear in the app; this chooses the e-mails."),
    )
    display = models.CharField(
        _("display preferences"),
        max_length=40,
        blank=True,
        help_text=_("Large text and high contrast, remembered for the account."),
    )
    # The day the last daily digest went out: one digest a person a day, however many
    # times the timer runs (operational, not part of the account's history).
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)
    # Directory sign-in (students/directory.py): the account's entry in the Institute's
    # directory, and the roles that open health data its groups propose, which only the
    # centre head gives.
    directory_dn = models.CharField(
        _("directory entry"), max_length=500, blank=True, editable=False
    )
    directory_roles_proposed = models.JSONField(
        _("roles the directory proposes"), default=list, blank=True, editable=False
    )

    # Signing in with ЭЦП (students/ecp.py): the IIN a staff member's certificate names.
    # A student's account is found by the IIN of the student's case instead.
    iin = models.CharField(
        _("IIN"),
        max_length=12,
        blank=True,
        validators=[validate_iin],
        help_text=_("Individual identification number, 12 digits: to sign in with ЭЦП."),
    )

    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "digest_sent_on", "directory_roles_proposed"]
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iin"], condition=~models.Q(iin=""), name="user_iin_unique"
            )
        ]

    def get_full_name(self) -> str:
        if get_language() == "ru" and self.full_name_ru:
            return self.full_name_ru
        return _full_name(self.last_name, self.first_name, self.patronymic) or self.username

    def get_position(self) -> str:
        """The job title in the active language (forms render inside theirs)."""
        if get_language() == "ru" and self.position_ru:
            return self.position_ru
        return self.position

    def get_short_name(self) -> str:
        return self.preferred_name or self.first_name or self.username

    def __str__(self) -> str:
        return self.get_full_name()
