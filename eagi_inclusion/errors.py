"""The one base class of refused domain actions."""


class DomainError(Exception):
    """A service refused an action (wrong state, no right to it, bad data): its message
    is translated and shown to the person. Views may catch it to show it beside a form;
    one left uncaught becomes a message and a redirect (DomainErrorMiddleware), never a
    server error."""

    # Where the person can put it right: (address, link text), shown with the message.
    link: tuple[str, str] | None = None
    # The answer to a GET the refusal ends: 403, or 409 when the thing exists but is
    # not ready (e.g. a form whose texts are not written in the language asked for).
    status: int = 403
