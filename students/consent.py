"""The consent text shown before an application is submitted. A change of wording
is a new version: consents keep the version their person agreed to."""

from django.utils.translation import gettext_lazy as _

from documents.models import Institution

CONSENT_TEXT_VERSION = "2026-11"


def operator() -> str:
    """The operator of the personal data: the institution's record, in the language
    active now (documents.models.Institution)."""
    institution = Institution.current()
    return ", ".join(part for part in (institution.name, institution.address) if part)


PURPOSES = _(
    "Assessing the student's special educational needs, drawing up the centre's "
    "conclusion and the individual education route, organising support, and keeping "
    "the case file as the Institute's regulation on inclusive education requires."
)
DATA_CATEGORIES = _(
    "Identity and contact data; study data; information on health, disability and "
    "special educational needs; supporting documents."
)
