"""What one import did: what it wrote, or every error that kept it from writing anything."""

from __future__ import annotations

from dataclasses import dataclass, field

from import_export.results import Result, RowResult

from councils.spreadsheets.errors import RowError, errors_of


@dataclass
class ImportOutcome:
    # What was written, by kind ({"projects": 3, "budget_lines": 5}); nothing when there are errors.
    imported: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    # Rows that add a record and rows that change one already there (import-export's totals).
    added: int = 0
    changed: int = 0
    # The money the rows move into a fund, in baht ("" when they move none).
    amount: str = ""

    @classmethod
    def of(cls, result: Result, **imported: int) -> ImportOutcome:
        errors = errors_of(result)
        if errors:
            return cls(errors=errors)
        totals = result.totals
        return cls(
            imported=imported,
            added=totals.get(RowResult.IMPORT_TYPE_NEW, 0),
            changed=totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
        )

    @classmethod
    def refused(cls, message: str) -> ImportOutcome:
        """A file refused as a whole, before or instead of reading its rows."""
        return cls(errors=[RowError(None, "", message)])

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[str]:
        return [error.message for error in self.errors if error.row is None]

    @property
    def row_errors(self) -> list[tuple[int, dict[str, list[str]]]]:
        """(spreadsheet row, {column: messages}) for each row with errors, in row order."""
        rows: dict[int, dict[str, list[str]]] = {}
        for error in self.errors:
            if error.row is not None:
                rows.setdefault(error.row, {}).setdefault(error.column, []).append(error.message)
        return list(rows.items())


class ImportRefused(Exception):
    """Leaves an import's transaction so that nothing of a file with errors is kept; carries the
    outcome that names them."""

    def __init__(self, outcome: ImportOutcome):
        super().__init__()
        self.outcome = outcome
