"""Reading the environment for eagi_inclusion/settings.py: small typed helpers that
refuse a malformed value with a sentence naming the variable, and the settings that
take more than one variable to build (the directory, the media storage, the cache)."""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    value = os.environ.get(name, default).strip()
    if re.search(r"\s#", value):
        # systemd's EnvironmentFile= and a shell both keep "value   # note" whole.
        raise ImproperlyConfigured(
            f"{name} ends in what looks like a comment ({value!r}): the environment file "
            "takes comments on lines of their own only (docs/deployment.md, section 2)."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def directory_settings() -> dict:
    """django-auth-ldap's settings from the LDAP_* variables; empty without
    LDAP_SERVER_URI."""
    uri = env_str("LDAP_SERVER_URI")
    if not uri:
        return {}
    import ldap
    from django_auth_ldap.config import (
        ActiveDirectoryGroupType,
        GroupOfNamesType,
        LDAPSearch,
        NestedActiveDirectoryGroupType,
        PosixGroupType,
    )

    group_types = {
        "groupOfNames": GroupOfNamesType,
        "activeDirectory": ActiveDirectoryGroupType,
        "nestedActiveDirectory": NestedActiveDirectoryGroupType,
        "posixGroup": PosixGroupType,
    }
    group_type = env_str("LDAP_GROUP_TYPE", "groupOfNames")
    if group_type not in group_types:
        raise ImproperlyConfigured(f"LDAP_GROUP_TYPE must be one of {sorted(group_types)}.")
    timeout = env_int("LDAP_TIMEOUT", 10)
    options = {
        ldap.OPT_REFERRALS: 0,  # Active Directory's referrals would need a bind of their own
        ldap.OPT_NETWORK_TIMEOUT: timeout,
        ldap.OPT_TIMEOUT: timeout,
    }
    if env_str("LDAP_CA_FILE"):
        options[ldap.OPT_X_TLS_CACERTFILE] = env_str("LDAP_CA_FILE")
        options[ldap.OPT_X_TLS_NEWCTX] = 0
    user_base = env_str("LDAP_USER_SEARCH_BASE")
    if not user_base:
        raise ImproperlyConfigured("LDAP_USER_SEARCH_BASE must be set with LDAP_SERVER_URI.")
    return {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": env_str("LDAP_BIND_DN"),
        "AUTH_LDAP_BIND_PASSWORD": env_str("LDAP_BIND_PASSWORD"),
        "AUTH_LDAP_START_TLS": env_bool("LDAP_START_TLS", False),
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            user_base, ldap.SCOPE_SUBTREE, env_str("LDAP_USER_FILTER", "(uid=%(user)s)")
        ),
        # "field=attribute,...": the defaults fit Active Directory too.
        "AUTH_LDAP_USER_ATTR_MAP": dict(
            item.split("=", 1)
            for item in env_list("LDAP_ATTR_MAP", "first_name=givenName,last_name=sn,email=mail")
        ),
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(
            env_str("LDAP_GROUP_SEARCH_BASE") or user_base,
            ldap.SCOPE_SUBTREE,
            env_str("LDAP_GROUP_FILTER", "(objectClass=*)"),
        ),
        "AUTH_LDAP_GROUP_TYPE": group_types[group_type](),
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,  # memberships are read afresh at every sign-in
        # "role=group DN;role=group DN": the directory groups each role follows.
        "DIRECTORY_ROLE_GROUPS": [
            tuple(part.strip() for part in pair.split("=", 1))
            for pair in env_str("LDAP_ROLE_GROUPS").split(";")
            if "=" in pair
        ],
    }


def media_storage() -> dict:
    """Where uploads and issued files live. MEDIA_STORAGE=local (the default): under
    MEDIA_ROOT; MEDIA_STORAGE=s3: a private bucket of S3-compatible object storage
    that every app server reaches (django-storages). Either way no URL serves them:
    they leave through the permission-checked views."""
    kind = env_str("MEDIA_STORAGE", "local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {kind!r}.")
    bucket = env_str("S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("S3_BUCKET must name the bucket when MEDIA_STORAGE=s3.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
        "region_name": env_str("S3_REGION") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
        "location": env_str("S3_PREFIX"),
        "addressing_style": env_str("S3_ADDRESSING_STYLE") or None,
        "default_acl": "private",
        "querystring_auth": True,  # no object is ever readable by its URL alone
        "file_overwrite": False,
    }
    if env_bool("S3_SERVER_SIDE_ENCRYPTION", True):
        options["object_parameters"] = {"ServerSideEncryption": "AES256"}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def cache_from_url(url: str, var_dir: Path) -> dict:
    """CACHE_URL: redis://host:port/db (or rediss://) — one cache every worker and
    server shares; file:///path — one every worker of this machine shares;
    locmem:// — each process its own (development, tests). The file and memory caches
    hold up to 20,000 entries (Django's default, 300, is fewer than the sessions of a
    busy morning: every session and signed-in user is an entry)."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "eagi",
        }
    if scheme == "file":
        return {
            "BACKEND": "eagi_inclusion.file_cache.FileCache",  # Django's, culled less often
            "LOCATION": url.removeprefix("file://") or str(var_dir / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, file:// or locmem://, not {url!r}."
    )
