"""The first people of a new installation: the administrator and the first head of the
centre (docs/deployment.md, section 4).

Nobody can give the head's role in the app before there is a head: the administrator
is refused the roles that open health data by design, and a superuser is no head.
This command, run by the operator on the server, is the one place that makes the
first head. Neither account gets a password from it: each owner chooses one from a
one-time link — e-mailed to them, and printed here for the operator to hand over if
mail does not work yet — and pairs an authenticator app at the first sign-in (staff
always confirm with a code). Later heads and specialists are given their roles by a
head, in the app.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from eagi_inclusion.roles import Role
from students.accounts import password_link, password_link_send
from students.models import User


def _person(value: str, option: str) -> tuple[str, str, str, str, str]:
    """'username,email,Surname First Patronymic' -> its four parts."""
    parts = [part.strip() for part in value.split(",", 2)]
    if len(parts) != 3 or not all(parts):
        raise CommandError(
            _("%(option)s takes “user name,e-mail,Surname First Patronymic”, not “%(value)s”.")
            % {"option": option, "value": value}
        )
    username, email, full_name = parts
    try:
        validate_email(email)
    except ValidationError:
        raise CommandError(_("“%(value)s” is not an e-mail address.") % {"value": email}) from None
    names = full_name.split()
    if len(names) < 2:
        raise CommandError(
            _("Give the surname and the first name: “%(value)s”.") % {"value": full_name}
        )
    return username, email, names[0], " ".join(names[1:2]), " ".join(names[2:])


class Command(BaseCommand):
    help = (
        "Create the administrator and the first head of the centre, with no password: "
        "each chooses one from a one-time link and pairs an authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            metavar="USERNAME,EMAIL,FULL NAME",
            help="The administrator (accounts, catalogues; no health data).",
        )
        parser.add_argument(
            "--head",
            metavar="USERNAME,EMAIL,FULL NAME",
            help="The head of the centre (gives the roles that open health data).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages and of the two accounts (default: LANGUAGE_CODE).",
        )

    def handle(self, *args, admin, head, language, **options):
        language = language or settings.LANGUAGE_CODE
        with translation.override(language):
            if not admin and not head:
                raise CommandError(
                    _("Name the administrator (--admin), the head (--head), or both.")
                )
            with transaction.atomic():
                made = []
                if admin:
                    made.append(self._create(admin, "--admin", Role.ADMINISTRATOR, language))
                if head:
                    if User.objects.filter(is_active=True, groups__name=Role.CENTRE_HEAD).exists():
                        raise CommandError(
                            _(
                                "There is a head of the centre already: the head gives this "
                                "role to others in the app (Roles that open health data)."
                            )
                        )
                    made.append(self._create(head, "--head", Role.CENTRE_HEAD, language))
            for user, role in made:
                mailed = password_link_send(user)
                self.stdout.write(
                    _("%(role)s %(username)s (%(name)s) was created with no password.")
                    % {"role": role.label, "username": user.username, "name": user.get_full_name()}
                )
                self.stdout.write(
                    (
                        _("A link to choose a password was e-mailed to %(email)s.")
                        if mailed
                        else _("No e-mail could be sent to %(email)s.")
                    )
                    % {"email": user.email}
                )
                self.stdout.write(
                    _(
                        "If the e-mail does not arrive, hand over this link in person; it "
                        "works once: %(link)s"
                    )
                    % {"link": password_link(user)}
                )
            self.stdout.write(
                _(
                    "At the first sign-in each of them pairs an authenticator app (a code "
                    "confirms every sign-in of staff)."
                )
            )

    def _create(self, value: str, option: str, role: Role, language: str):
        username, email, last_name, first_name, patronymic = _person(value, option)
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(_("The user name “%(username)s” is taken.") % {"username": username})
        user = User(
            username=username,
            email=email,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            language=language,
            is_staff=role == Role.ADMINISTRATOR,
            is_active=True,
        )
        user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        return user, role
