"""eagi_inclusion.addresses.object_url gives the address `reverse()` gives, for every
page of the URL configuration that takes one id, in every language, under a script
prefix, and with `reverse()`'s errors for what is not an id."""

import pytest
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
    set_script_prefix,
)
from django.utils import translation

from eagi_inclusion.addresses import object_url
from routes.models import Conclusion, MeetingProtocol, Route
from students.models import Application, Student

IDS = [0, 1, 7, 42, 123456, 2**31, 2**63 - 2]


def _one_id_pages(patterns=None, namespace=""):
    """Every named page whose path takes exactly one argument, an `int`."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _one_id_pages(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            if len(converters) == 1 and type(next(iter(converters.values()))).__name__ == (
                "IntConverter"
            ):
                yield f"{namespace}{entry.name}"


def test_there_are_pages_to_compare():
    pages = set(_one_id_pages())
    assert {"students:student-detail", "routes:route-detail"} <= pages
    assert len(pages) > 20


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_one_id_page_has_reverses_address(language):
    with translation.override(language):
        for name in _one_id_pages():
            for pk in IDS:
                try:
                    expected = reverse(name, args=[pk])
                except NoReverseMatch:  # an `int` part inside a larger pattern
                    with pytest.raises(NoReverseMatch):
                        object_url(name, pk)
                    continue
                assert object_url(name, pk) == expected, (name, pk)


def test_under_a_script_prefix_the_address_has_it():
    try:
        set_script_prefix("/inclusion/")
        assert object_url("routes:route-detail", 5) == reverse("routes:route-detail", args=[5])
        assert object_url("routes:route-detail", 5).startswith("/inclusion/")
    finally:
        set_script_prefix("/")
    assert object_url("routes:route-detail", 5) == reverse("routes:route-detail", args=[5])
    assert not object_url("routes:route-detail", 5).startswith("/inclusion/")


@pytest.mark.parametrize("value", [None, -1, "7", 2.5, True])
def test_what_is_not_an_id_is_reverses_to_answer(value):
    try:
        expected = reverse("students:student-detail", args=[value])
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            object_url("students:student-detail", value)
    else:
        assert object_url("students:student-detail", value) == expected


def test_a_page_that_takes_more_than_an_id_is_refused():
    with pytest.raises(NoReverseMatch):
        object_url("students:case-unassign", 5)
    with pytest.raises(NoReverseMatch):
        object_url("home", 5)


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Student, "students:student-detail"),
        (Application, "students:application-detail"),
        (Route, "routes:route-detail"),
        (Conclusion, "routes:conclusion-detail"),
        (MeetingProtocol, "routes:protocol-detail"),
    ],
)
def test_the_objects_pages_are_reverses(model, name):
    for pk in IDS:
        assert model(pk=pk).get_absolute_url() == reverse(name, args=[pk])
