"""Infrastructure every app uses. Knows nothing of routes or applications: they call it
with their own data. The student is referred to by a string foreign key.

Split by domain: access (the access log), register (numbered documents), files (what
the register gives out), privacy (destruction acts, disclosures, breaches), institution
(the institution's record and register patterns). Everything is importable from
`documents.models` as before (migrations name `documents.models._issued_path`)."""

from .access import AccessEvent, AppendOnlyError
from .ecp import EcpEvent, PersonSignature, SignatureRequest
from .exchange import ApiCall, ApiClient, Webhook, WebhookDelivery
from .files import CaseFileCopy, IssuedFile, StampedCopy, _issued_path, _stamped_path
from .institution import (
    LOGO_TYPES,
    NUMBER_MAX_LENGTH,
    PLACEHOLDER,
    Institution,
    logo_type,
    pattern_problem,
    render_number,
    validate_logo,
)
from .privacy import Breach, Disclosure, DisposalAct
from .register import RegisterCounter, RegisterEntry

__all__ = [
    "LOGO_TYPES",
    "NUMBER_MAX_LENGTH",
    "PLACEHOLDER",
    "AccessEvent",
    "ApiCall",
    "ApiClient",
    "AppendOnlyError",
    "Breach",
    "CaseFileCopy",
    "Disclosure",
    "DisposalAct",
    "EcpEvent",
    "Institution",
    "PersonSignature",
    "IssuedFile",
    "RegisterCounter",
    "RegisterEntry",
    "SignatureRequest",
    "StampedCopy",
    "Webhook",
    "WebhookDelivery",
    "_issued_path",
    "_stamped_path",
    "logo_type",
    "pattern_problem",
    "render_number",
    "validate_logo",
]
