"""Cells that reach a spreadsheet as text, never as a formula (CSV/formula injection).

Anything an outsider typed (an employer's name from the anonymous portal, a claimant's note)
can end up in an export. A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
is a formula, or turns into one, in Excel, WPS and LibreOffice. Every xlsx and CSV writer goes
through the functions below:

- xlsx: `xlsx_cell` / `xlsx_row` store such a string as a string cell with Excel's "quote
  prefix" (what typing a leading `'` does): it shows as typed and stays text when edited.
- CSV has no cell types, so `csv_value` puts a `'` before such a value (OWASP's advice), and
  `csv_writer` applies it to every row written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A write-only cell for `value`; a formula-like string becomes a quoted text cell. Other
    values (numbers, dates, plain text) are kept as they are."""
    if hasattr(value, "_proxy____cast"):  # a lazy translation
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    return [xlsx_cell(sheet, value) for value in values]


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, formula-safe, for write-only and ordinary worksheets alike."""
    sheet.append(xlsx_row(sheet, values))


def csv_value(value: Any) -> Any:
    return "'" + value if is_formula_like(value) else value


class _SafeWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_value(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **kwargs: Any) -> _SafeWriter:
    """`csv.writer(stream)` whose every value is formula-safe."""
    return _SafeWriter(csv.writer(stream, **kwargs))
