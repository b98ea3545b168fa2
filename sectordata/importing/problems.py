"""Problems found while importing: errors refuse the file, warnings are kept with it."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_LISTED = 200


@dataclass
class Problems:
    """Errors refuse the file; warnings are kept with the dataset. Messages are already
    translated (gettext) when they are added."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error_count: int = 0

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(message)

    def warn(self, message: str) -> None:
        if message not in self.warnings and len(self.warnings) < MAX_LISTED:
            self.warnings.append(message)

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class FileRefused(Exception):
    """The file as a whole cannot be read (empty, wrong type, too big, ...)."""


class ImportRefused(Exception):
    """One or more rows are wrong; `problems` says which."""

    def __init__(self, problems: Problems):
        super().__init__("; ".join(problems.errors[:3]))
        self.problems = problems
