"""Errors that the command line reports as one line and a non-zero exit.

The exit status belongs to the error, so the CLI catches NkkgError in one
place and every command exits the same way for the same kind of problem.
"""


class NkkgError(Exception):
    """A problem the user can fix; str(error) is the one-line message."""

    exit_code = 1


class UsageError(NkkgError):
    """Options that do not fit together, or input nkkg cannot use at all: exit status 2."""

    exit_code = 2


class InputFileError(UsageError):
    """An RDF or query file given on the command line that cannot be read or parsed."""


class DataError(NkkgError):
    """A bad input record: names the file, the record and the field."""

    def __init__(self, file: str, record: str | None, field: str | None, message: str) -> None:
        self.file, self.record, self.field = file, record, field
        where = [file]
        if record is not None:
            where.append(f"record {record}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}")
