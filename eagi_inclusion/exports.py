"""Cells of CSV and XLSX exports that are safe to open in a spreadsheet.

A value that starts with =, +, -, @, a tab or a carriage return is taken for a formula
by Excel and LibreOffice (formula injection: names come from the admin and the SIS
import). In CSV such a value gets a leading apostrophe, as OWASP advises; in XLSX the
cell is written as text, so it shows exactly what was typed and is never evaluated."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_row(values) -> list:
    return [f"'{value}" if _risky(value) else value for value in values]


def xlsx_row(sheet, values) -> list:
    """Cells for `sheet.append(...)` (normal or write-only worksheets)."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=str(value) if _risky(value) else value)
        if _risky(value):
            cell.data_type = "s"
        cells.append(cell)
    return cells
