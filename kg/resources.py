"""Where the ontology, shapes, queries and default data live.

In a wheel they are package data under kg/; in a source checkout (including
an editable install) they are the top-level folders beside kg/.
"""

import os
import shutil
from functools import cache
from pathlib import Path

from kg.errors import NkkgError, UsageError
from kg.folders import finished, remove_dead_staging, staging_beside, swap_in

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """The folder `name` (ontology, shapes or queries), packaged or in the checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"nkkg is installed without its {name}/ folder")


def data_dir() -> Path:
    """The sourced input data that `nkkg build` reads by default."""
    return _PACKAGE / "data"


INSTALL_FOLDERS = frozenset({"site-packages", "dist-packages"})


def in_source_checkout(folder: Path | None = None) -> bool:
    """Whether `folder` (default: the packaged data) is nkkg's data in a source checkout.

    True only when no part of the resolved path is an install folder
    (site-packages, dist-packages) and the folder's package sits beside the
    checkout's pyproject.toml naming nkkg: a wheel install has no such file, an
    editable install keeps the checkout's data, which is yours to edit.
    """
    path = (folder if folder is not None else data_dir()).resolve()
    if INSTALL_FOLDERS & set(path.parts):
        return False
    project = path.parent.parent / "pyproject.toml"
    try:
        text = project.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return 'name = "nkkg"' in text


def editable_data_dir(data: str | Path | None, packaged: Path | None = None) -> Path:
    """The data folder an edit may change: `data` if given, else the packaged data in a checkout.

    Refuses to edit data inside an installed package: the next upgrade would
    silently undo the edit, and the install may be shared by other users.
    """
    if data is not None:
        return Path(data)
    folder = packaged if packaged is not None else data_dir()
    if not in_source_checkout(folder):
        raise NkkgError(
            f"the packaged data in {folder} belongs to an installed package, not to you: "
            "copy it out with `nkkg data export DIR`, then pass `--data DIR`"
        )
    return folder


def export_data(dest: str | Path, source: Path | None = None) -> list[Path]:
    """Copy the packaged data folder's files to `dest`, which must be new or empty.

    All or nothing: the files are copied into a hidden folder beside `dest`
    and renamed onto it at the end, so a full disk leaves `dest` as it was
    (a rerun is not refused as "not empty"); a kill leaves at most that
    hidden `.NAME.*.tmp` folder, never a partial `dest`, and the next export
    to `dest` removes it (it is marked with its writer's pid while written).
    """
    target = Path(dest)
    if target.exists() and not target.is_dir():
        raise UsageError(f"cannot export to {target}: it exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"cannot export to {target}: the folder is not empty")
    origin = source if source is not None else data_dir()
    files = sorted(p for p in origin.iterdir() if p.is_file() and p.suffix == ".yaml")
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_dead_staging(target)
        staging = staging_beside(target)
        staging.chmod(0o777 & ~_umask())  # the permissions `mkdir dest` would give
        for path in files:
            shutil.copyfile(path, staging / path.name)
        finished(staging)
        swap_in(staging, target)  # onto a missing or empty folder
    except OSError as err:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise NkkgError(f"cannot export to {target}: {err.strerror}") from None
    return [target / path.name for path in files]


def ontology_path() -> Path:
    return resource_dir("ontology") / "nkkg.ttl"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
