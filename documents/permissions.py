"""Who may use the register's pages, by permission and role."""

from eagi_inclusion.roles import Role, has_role
from eagi_inclusion.rules import rule


@rule(by_role=True)
def can_read_register(user) -> bool:
    """The register of issued documents: the centre head and the registry."""
    return user.has_perm("documents.view_registerentry")


@rule(by_role=True)
def can_read_access_log(user) -> bool:
    """Who read which personal data: the centre head (never the administrator)."""
    return user.has_perm("documents.view_accessevent")


@rule(by_role=True)
def can_verify_documents(user) -> bool:
    """Staff who handle documents check a printed code: the registry (by permission),
    the centre's staff and the rector's office."""
    return user.has_perm("documents.view_registerentry") or has_role(
        user, Role.SPECIALIST, Role.CENTRE_HEAD, Role.MANAGEMENT
    )


@rule(by_role=True)
def can_view_disclosures(user) -> bool:
    """The register of disclosures to third parties (Law 94-V): the centre head."""
    return user.has_perm("documents.view_disclosure")


@rule(by_role=True)
def can_record_disclosures(user) -> bool:
    return user.has_perm("documents.add_disclosure")


@rule(by_role=True)
def can_view_breaches(user) -> bool:
    """The register of personal-data breaches: the centre head and the administrator."""
    return user.has_perm("documents.view_breach")


@rule(by_role=True)
def can_record_breaches(user) -> bool:
    return user.has_perm("documents.add_breach")


@rule(by_role=True)
def can_update_breaches(user) -> bool:
    return user.has_perm("documents.change_breach")
