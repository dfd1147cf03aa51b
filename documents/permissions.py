"""Who may use the register's pages, by permission and role."""

from eagi_inclusion.roles import Role, has_role


def can_verify_documents(user) -> bool:
    """Staff who handle documents check a printed code: the registry (by permission),
    the centre's staff and the rector's office."""
    return user.has_perm("documents.view_registerentry") or has_role(
        user, Role.SPECIALIST, Role.CENTRE_HEAD, Role.MANAGEMENT
    )


def can_view_disclosures(user) -> bool:
    """The register of disclosures to third parties (Law 94-V): the centre head."""
    return user.has_perm("documents.view_disclosure")


def can_record_disclosures(user) -> bool:
    return user.has_perm("documents.add_disclosure")


def can_view_breaches(user) -> bool:
    """The register of personal-data breaches: the centre head and the administrator."""
    return user.has_perm("documents.view_breach")


def can_record_breaches(user) -> bool:
    return user.has_perm("documents.add_breach")


def can_update_breaches(user) -> bool:
    return user.has_perm("documents.change_breach")
