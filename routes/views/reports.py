"""Statistics for the rector's office and their CSV/XLSX exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from eagi_inclusion.exports import csv_row, xlsx_row

from .. import statistics
from ..forms import StatisticsYearForm
from ..permissions import can_see_small_counts, can_view_statistics


def _statistics_for(request):
    """The centre head and the rector's office (others 403): aggregates of one year."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    form = StatisticsYearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    year = year or statistics.current_year()
    if year is None:
        raise Http404(_("No academic year in the catalogue yet."))
    form = StatisticsYearForm(initial={"year": year})
    data = statistics.cached_year_statistics(year)
    if not can_see_small_counts(request.user):
        data = statistics.suppress_small_cells(data)  # small counts can name a student
    return form, data


@login_required
def statistics_page(request):
    form, data = _statistics_for(request)
    return render(request, "routes/statistics.html", {"form": form, **data})


@login_required
def statistics_export(request, fmt):
    """The same tables as the page, as an XLSX workbook or a CSV file."""
    _form, data = _statistics_for(request)
    year, tables, figures = data["year"], data["tables"], data["figures"]
    key_figures = [
        (_("Students with special educational needs"), figures["students"]),
        (_("Applications"), figures["applications"]),
        (_("Routes (all versions)"), figures["routes"]),
        (_("Median days from application to approved route"), figures["median_days_to_route"]),
        (_("Teachers' agreement, median days"), figures["median_agreement_days"]),
    ]
    filename = f"eagi-statistics-{year.name}"
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("Table"), _("Group"), _("Count")])
        for label, value in key_figures:
            writer.writerow(csv_row([_("Key figures"), label, "" if value is None else value]))
        for table in tables:
            for label, value in table.rows:
                writer.writerow(csv_row([table.title, label, value]))
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        import io

        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Key figures")[:31]
        sheet.append(xlsx_row(sheet, [_("Academic year"), year.name]))
        for label, value in key_figures:
            sheet.append(xlsx_row(sheet, [str(label), value]))
        for number, table in enumerate(tables, start=1):
            sheet = workbook.create_sheet(f"{number}. {table.title}"[:31])
            sheet.append(xlsx_row(sheet, [str(table.title)]))
            sheet.append([_("Group"), _("Count")])
            for row in table.rows:
                sheet.append(xlsx_row(sheet, [str(row[0]), *row[1:]]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
