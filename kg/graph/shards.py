"""Sharded N-Triples: the graph as files of at most N triples, for bulk loaders past one machine.

`nkkg build --format nt --shard-size N --out DIR/nkkg.nt` writes DIR/nkkg-00001.nt,
DIR/nkkg-00002.nt, ... (the output's stem, a dash, five digits) and then the
manifest DIR/nkkg-shards.txt, which names them in order, one a line. The
shards are the lines of the unsharded .nt file in order, so they concatenate
to exactly its bytes; each file is written atomically, the manifest last, and
shards a previous manifest listed beyond the new count are removed.
"""

from __future__ import annotations

from pathlib import Path

from kg.graph.serialize import write_atomic


def shard_names(target: Path, count: int) -> list[Path]:
    return [target.with_name(f"{target.stem}-{n:05d}.nt") for n in range(1, count + 1)]


def manifest_path(target: Path) -> Path:
    return target.with_name(f"{target.stem}-shards.txt")


def write_shards(nt: bytes, target: Path, size: int) -> tuple[Path, int]:
    """Write the shards of canonical N-Triples and their manifest; (manifest, shard count)."""
    lines = nt.splitlines(keepends=True)
    count = max(1, -(-len(lines) // size))
    names = shard_names(target, count)
    for number, name in enumerate(names):
        write_atomic(name, b"".join(lines[number * size : (number + 1) * size]))
    manifest = manifest_path(target)
    previous = manifest.read_text(encoding="utf-8").split() if manifest.is_file() else []
    write_atomic(manifest, "".join(f"{name.name}\n" for name in names).encode())
    current = {name.name for name in names}
    for stale in previous:
        if stale not in current and stale.startswith(f"{target.stem}-") and "/" not in stale:
            target.with_name(stale).unlink(missing_ok=True)
    return manifest, count
