"""A select widget rendered in Python. Django renders each <option> through a
template include, which on a list page with a few filters of dozens of choices was a
fifth of the request's time (docs/performance.md). Same HTML, escaped the same way."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        selected = {str(v) for v in widget["value"]}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in selected else "", label)
                for option_value, label in self._flat_choices()
            ),
        )
        attributes = {**widget["attrs"], "name": widget["name"]}
        return format_html("<select{}>{}</select>", flatatt(attributes), options)

    def _flat_choices(self):
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                yield from ((v, lbl) for v, lbl in label)
            else:
                yield ("" if option_value is None else option_value), label


class FastSelectFilterSet:
    """Mixin for django-filter FilterSets: every plain select of the form is rendered
    by FastSelect."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_fast_selects", False):
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    fast = FastSelect(attrs=field.widget.attrs)
                    fast.choices = field.widget.choices
                    fast.is_required = field.widget.is_required
                    field.widget = fast
            form._fast_selects = True
        return form
