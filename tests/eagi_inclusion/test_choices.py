"""eagi_inclusion.choices.choice_label: the models' own `get_status_display()` gives
what Django's would, for every value, in every language."""

import pytest
from django.db import models
from django.utils import translation

from routes.models import Route
from students.models import Application


@pytest.mark.parametrize("model", [Application, Route])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_status_shown_is_djangos(model, language):
    field = model._meta.get_field("status")
    values = [value for value, _label in field.flatchoices] + ["", "no-such-status", None]
    with translation.override(language):
        for value in values:
            row = model(status=value)
            shown = row.get_status_display()
            assert shown == models.Model._get_FIELD_display(row, field), value
            assert type(shown) is type(models.Model._get_FIELD_display(row, field))


def test_the_label_is_translated():
    row = Application(status=Application._meta.get_field("status").flatchoices[1][0])
    with translation.override("en"):
        english = row.get_status_display()
    with translation.override("ru"):
        russian = row.get_status_display()
    assert english != russian
