"""Who may do what: one vocabulary for views, services and templates.

Each app states its rules in its own `permissions` module, as predicates marked with
`@rule`: `can_x(user)` for a page or an action, `can_x(user, obj)` for one object. A
rule is the only place that reads a role (eagi_inclusion.roles), a model permission
or an object permission. Views call the rule and refuse with `require`; a service that
changes something calls the rule itself, so no view can forget it; templates ask
`may.<name>`, the rules of the user alone (`context_processors.site` puts `may` in
every page). tests/test_architecture.py fails when a view or a template checks a role
or a permission string itself, or asks a rule that does not exist.

A rule marked `by_role=True` depends on the user's roles (and `is_staff`) only: the
main menu, cached per combination of roles, may ask only those."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[..., bool]
    by_role: bool
    takes_object: bool


_RULES: dict[str, Rule] = {}


def rule(name: str | None = None, *, by_role: bool = False):
    """Register a predicate under `name` (its function name without `can_`)."""

    def register(check):
        rule_name = name or check.__name__.removeprefix("can_")
        parameters = inspect.signature(check).parameters
        known = _RULES.get(rule_name)
        if known is not None and known.check.__qualname__ != check.__qualname__:
            raise ImproperlyConfigured(f"Two rules named {rule_name!r}.")
        _RULES[rule_name] = Rule(rule_name, check, by_role, len(parameters) > 1)
        return check

    return register


def rules() -> dict[str, Rule]:
    return dict(_RULES)


def require(allowed: bool) -> None:
    """Refuse the request (403) unless the rule allowed it."""
    if not allowed:
        raise PermissionDenied


class May:
    """`may.<rule>` in a template: whether the user may, by the rule of that name
    (each asked once per page)."""

    def __init__(self, user):
        self._user = user
        self._answers: dict[str, bool] = {}

    def __getitem__(self, name: str) -> bool:
        if name not in self._answers:
            found = _RULES.get(name)
            if found is None or found.takes_object:
                # Not a KeyError: the template engine would read that as "no".
                raise ImproperlyConfigured(f"No rule of the user alone named {name!r}.")
            user = self._user
            self._answers[name] = bool(
                user is not None and user.is_authenticated and found.check(user)
            )
        return self._answers[name]


class RuleRequiredMixin(AccessMixin):
    """A class-based view open to those its rule allows (`allowed_by =
    staticmethod(can_x)`): not signed in, the sign-in page; signed in, 403."""

    allowed_by: Callable[..., bool]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(self.allowed_by(request.user))
        return super().dispatch(request, *args, **kwargs)
