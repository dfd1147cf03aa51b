"""The student list's table rows, rendered in Python.

The list is the page staff open most, and its 25 rows through the template engine —
a loop, a dozen variable lookups and conditions per row — were a quarter of the
page's time at any data size (docs/performance.md). This tag writes the same markup
with `format_html`, escaping every value the same way."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def student_rows(students, show_iin: bool, staff: bool):
    archived = format_html(' <span class="badge">{}</span>', gettext("archived"))
    not_assigned = format_html('<span class="muted">{}</span>', gettext("not assigned"))
    rows = []
    for student in students:
        cells = [
            format_html(
                '<td><a href="{}">{}</a>{}</td>',
                student.get_absolute_url(),
                student.full_name,
                archived if student.archived_at else "",
            )
        ]
        if show_iin:
            cells.append(format_html("<td>{}</td>", student.iin))
        cells.append(format_html("<td>{}</td>", student.study_group))
        cells.append(format_html("<td>{}</td>", student.study_group.programme.name))
        cells.append(format_html("<td>{}</td>", student.year_of_study))
        if staff:
            names = format_html_join(
                ", ", "{}", ((a.specialist.get_full_name(),) for a in student.active_assignments)
            )
            cells.append(format_html("<td>{}</td>", names or not_assigned))
        rows.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))  # noqa: S308 - each cell escaped above
    return mark_safe("\n".join(rows))  # noqa: S308 - each row escaped above
