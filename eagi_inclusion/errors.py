"""The one base class of refused domain actions."""


class DomainError(Exception):
    """A service refused an action (wrong state, no right to it, bad data): its message
    is translated and shown to the person. Views may catch it to show it beside a form;
    one left uncaught becomes a message and a redirect (DomainErrorMiddleware), never a
    server error."""
