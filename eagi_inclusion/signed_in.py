"""The signed-in person from the shared cache: the user's row, their role names, their
model permissions and their confirmed two-factor devices, kept as one entry per user,
so the floor of every page (eagi_inclusion/sessions.py for the session) runs no query.

Correctness does not rest on a timeout. Every entry is stamped with two tokens: the
user's own and everyone's. A write that changes what the entry holds replaces the
token (signals below, wired in apps.py): a save or deletion of the user, a change of
their groups or direct permissions, a save or deletion of their device, and (for
everyone) a change of a group's permissions, a group, a permission, a bulk update of
users (`SignedInUserQuerySet`) or a migration. A reader takes the entry only if its
stamp is the tokens' current value, read in the same cache round trip. The token is
replaced at once and again once the transaction commits: a reader that read the
database before the commit stamped its entry with a token that the second
replacement makes stale. An evicted token is re-created with a new random value, so
eviction too only costs a database read."""

import hashlib
import logging
import uuid
from functools import cache

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import models, transaction

from . import data_version

logger = logging.getLogger(__name__)

EVERYONE = "eagi.signed-in.everyone"


def _store():
    return caches[settings.SIGNED_IN_CACHE]


@cache
def _schema() -> str:
    """The fields an entry holds, in order: a deployment that changes them reads its
    own entries, never an older release's."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    names = [f.attname for f in get_user_model()._meta.concrete_fields]
    names += ["|"] + [f.attname for f in TOTPDevice._meta.concrete_fields]
    return hashlib.sha256(",".join(names).encode()).hexdigest()[:12]


def _entry_key(pk) -> str:
    return f"eagi.signed-in.{_schema()}.{pk}"


def _token_key(pk) -> str:
    return f"eagi.signed-in.token.{pk}"


def _values(instance) -> list:
    return [getattr(instance, f.attname) for f in instance._meta.concrete_fields]


def _restore(model, values):
    return model.from_db("default", [f.attname for f in model._meta.concrete_fields], values)


def _current(store, key, seen):
    """The token at `key`, made if the cache has none (first use, or evicted)."""
    if seen is not None:
        return seen
    store.add(key, uuid.uuid4().hex, None)
    return store.get(key)


def in_transaction(using: str = "default") -> bool:
    """Inside a transaction that may yet roll back (a test's own outer transaction, which
    never commits, does not count): what is read or written here is not for the cache
    until it commits."""
    from django.db import connections

    return any(not block._from_testcase for block in connections[using].atomic_blocks)


def signed_in_user(pk, read):
    """The user `pk` with `_perm_cache`, `eagi_roles` and `eagi_devices` (persistent id
    → confirmed device) set: from the cache, or from `read()` (which sets them, or
    returns None for no such user) and then kept. `eagi_data_version` is the data
    version (eagi_inclusion.data_version) as it was before the user was read."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    store = _store()
    entry_key, token_key = _entry_key(pk), _token_key(pk)
    # The data version too, in the same round trip when it lives in the same cache: the
    # version as the request found it before reading anything (data_version.kept).
    with_version = settings.SIGNED_IN_CACHE == DEFAULT_CACHE_ALIAS
    keys = [entry_key, token_key, EVERYONE, *([data_version.KEY] if with_version else [])]
    found = store.get_many(keys)
    version = (
        data_version.seen(found.get(data_version.KEY)) if with_version else data_version.current()
    )
    stamp = (found.get(token_key), found.get(EVERYONE))
    entry = found.get(entry_key)
    if entry is not None and None not in stamp and entry["stamp"] == stamp:
        user = _restore(get_user_model(), entry["user"])
        user.eagi_data_version = version
        user._perm_cache = set(entry["permissions"])
        user.eagi_roles = entry["roles"]
        devices = [_restore(TOTPDevice, values) for values in entry["devices"]]
        user.eagi_devices = {device.persistent_id: device for device in devices}
        return user
    # Tokens before the database: a write that commits after this read replaces them.
    stamp = (_current(store, token_key, stamp[0]), _current(store, EVERYONE, stamp[1]))
    user = read()
    if user is not None:
        user.eagi_data_version = version
    if user is None or None in stamp or in_transaction():
        return user
    entry = {
        "stamp": stamp,
        "user": _values(user),
        "permissions": frozenset(user._perm_cache),
        "roles": user.eagi_roles,
        "devices": [_values(d) for d in user.eagi_devices.values()],
    }
    store.set(entry_key, entry, settings.SESSION_COOKIE_AGE)
    return user


def confirmed_devices(user) -> dict:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk")
    return {device.persistent_id: device for device in devices}


def _replace(key: str) -> None:
    store = _store()

    def replace():
        try:
            store.set(key, uuid.uuid4().hex, None)
        except Exception:  # noqa: BLE001 - logged; the write itself has committed
            logger.exception("Could not replace the signed-in token %s", key)

    # Now, for the rest of this transaction (and tests, which never commit); and after
    # the commit, for a reader that read the database in between.
    store.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(replace)


def forget(pk) -> None:
    """What is kept about user `pk` is read again on their next request."""
    if pk is not None:
        _replace(_token_key(pk))


def forget_everyone() -> None:
    _replace(EVERYONE)


class SignedInUserQuerySet(models.QuerySet):
    """A bulk update of users sends no signal: it makes everyone's entry stale."""

    def update(self, **kwargs):
        forget_everyone()
        return super().update(**kwargs)

    update.alters_data = True


# Signal receivers (connected in apps.py) ------------------------------------------


def user_changed(sender, instance, **kwargs):
    forget(instance.pk)


def device_changed(sender, instance, **kwargs):
    forget(instance.user_id)


def everyone_changed(sender, **kwargs):
    forget_everyone()


def membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """user.groups / user.user_permissions, from either side."""
    if not action.startswith("post_"):
        return
    if not reverse:
        forget(instance.pk)
    elif pk_set:
        for pk in pk_set:
            forget(pk)
    else:  # group.user_set.clear(): whose, no longer known
        forget_everyone()


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model()
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(user_changed, sender=user, dispatch_uid=f"eagi-signed-in-user-{name}")
        signal.connect(
            device_changed, sender=TOTPDevice, dispatch_uid=f"eagi-signed-in-device-{name}"
        )
        for model in (Group, Permission):
            signal.connect(
                everyone_changed,
                sender=model,
                dispatch_uid=f"eagi-signed-in-{model.__name__}-{name}",
            )
    for through in (user.groups.through, user.user_permissions.through):
        m2m_changed.connect(
            membership_changed,
            sender=through,
            dispatch_uid=f"eagi-signed-in-{through._meta.label}",
        )
    m2m_changed.connect(
        everyone_changed, sender=Group.permissions.through, dispatch_uid="eagi-signed-in-roles"
    )
    post_migrate.connect(everyone_changed, dispatch_uid="eagi-signed-in-migrate")
