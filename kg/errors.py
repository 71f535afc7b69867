"""Errors that the command line reports as one line and a non-zero exit."""


class NkkgError(Exception):
    """A problem the user can fix; str(error) is the one-line message."""


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
