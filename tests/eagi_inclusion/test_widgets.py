"""FastSelect renders the same HTML as Django's Select, escaped the same way."""

import pytest
from django import forms
from django.test.html import parse_html

from eagi_inclusion.widgets import FastSelect

CHOICES = [("", "any"), ("1", "Педагогика"), ("2", 'A & B <"quoted">'), (3, "three")]


@pytest.mark.parametrize("value", [None, "", "1", "2", 3, "missing"])
def test_fast_select_matches_django(value):
    attrs = {"id": "id_faculty", "aria-describedby": "id_faculty_helptext"}
    django_html = forms.Select(choices=CHOICES).render("faculty", value, attrs=attrs)
    fast_html = FastSelect(choices=CHOICES).render("faculty", value, attrs=attrs)
    assert parse_html(fast_html) == parse_html(django_html)
    assert "<script" not in fast_html and "&lt;&quot;quoted&quot;&gt;" in fast_html
