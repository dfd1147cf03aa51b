"""Reading a CSV or XLSX file from the student information system into rows of text,
for students/importer.py: the first row names the columns."""

import csv
import datetime
import io

from django.utils.translation import gettext as _

from eagi_inclusion.errors import DomainError

MAX_ROWS = 50_000


class ImportFileError(DomainError):
    """The file cannot be read at all (format, header)."""


def read_rows(name: str, data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    """The column names, and (line number, {column: text}) for every non-empty row
    of a CSV or XLSX file."""
    if name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.lower().endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ImportFileError(_("Choose a CSV or XLSX file."))
    try:
        header = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    names = [str(cell or "").strip().lower() for cell in header]
    result = []
    for number, values in enumerate(rows, start=2):
        cells = ["" if value is None else _text(value) for value in values]
        if not any(cells):
            continue
        result.append((number, dict(zip(names, cells, strict=False))))
        if len(result) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)s rows: split it.") % {"count": MAX_ROWS}
            )
    return names, result


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Save the CSV file in UTF-8 encoding.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return iter(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for bad files
        raise ImportFileError(_("This is not a readable XLSX workbook.")) from error
    return iter(workbook.worksheets[0].iter_rows(values_only=True))
