"""Local files and folders: listing, size checks before reading, and reading without surprises."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .fetch import Fetcher, Skipped
from .formats import SUFFIX_FORMATS, parse_document
from .limits import Limits
from .records import ArticleRecord, Rejection

Item = ArticleRecord | Rejection | Skipped


def list_folder(folder: Path) -> tuple[list[Path], list[Rejection]]:
    """Supported files below `folder`, recursively, sorted by path; hidden files/folders are skipped
    and symlinked folders are not followed. Folders that cannot be listed come back as Rejections."""
    found: list[Path] = []
    problems: list[Rejection] = []

    def on_error(error: OSError) -> None:
        problems.append(Rejection(str(error.filename or folder), "ingest",
                                  f"cannot list folder ({error.strerror or type(error).__name__})"))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for filename in files:
            if not filename.startswith(".") and Path(filename).suffix.lower() in SUFFIX_FORMATS:
                found.append(Path(root) / filename)
    return sorted(found, key=lambda p: p.relative_to(folder).parts), problems


def read_capped(path: Path, max_bytes: int) -> bytes | Rejection:
    """The file's bytes, reading at most ``max_bytes + 1`` of them; a Rejection if it is gone,
    unreadable, or (having grown since it was checked) over the cap."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return Rejection(str(path), "ingest", "file disappeared before it could be read")
    except OSError as error:
        return Rejection(str(path), "ingest", f"cannot read file ({error.strerror or type(error).__name__})")
    if len(data) > max_bytes:
        return Rejection(str(path), "ingest", f"file is over the {max_bytes} byte limit")
    return data


def iter_file(path: Path, *, fetcher: Fetcher, limits: Limits) -> Iterator[Item]:
    """Articles in one local file; its suffix picks the format, its stat size is checked before reading."""
    location = str(path)
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(SUFFIX_FORMATS))
        yield Rejection(location, "ingest", f"unsupported file type '{path.suffix}' (supported: {supported})")
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield Rejection(location, "ingest", "file disappeared before it could be read")
        return
    except OSError as error:
        yield Rejection(location, "ingest", f"cannot access file ({error.strerror or type(error).__name__})")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Rejection(location, "ingest", "not a regular file")
        return
    if info.st_size > limits.max_bytes:
        yield Rejection(location, "ingest", f"file is {info.st_size} bytes, over the {limits.max_bytes} byte limit",
                        detail={"bytes": info.st_size})
        return
    data = read_capped(path, limits.max_bytes)
    if isinstance(data, Rejection):
        yield data
        return
    yield from parse_document(data, fmt, location=location, name=path.stem, fetcher=fetcher, limits=limits)


def iter_path(path: Path, *, fetcher: Fetcher, limits: Limits) -> Iterator[Item]:
    """Articles in a local file, or in every supported file below a folder."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield Rejection(str(path), "ingest", "no such file or folder")
        return
    except OSError as error:
        yield Rejection(str(path), "ingest", f"cannot access path ({error.strerror or type(error).__name__})")
        return
    if stat.S_ISDIR(info.st_mode):
        files, problems = list_folder(path)
        yield from problems
        for file in files:
            yield from iter_file(file, fetcher=fetcher, limits=limits)
    elif stat.S_ISREG(info.st_mode):
        yield from iter_file(path, fetcher=fetcher, limits=limits)
    else:
        yield Rejection(str(path), "ingest", "not a regular file or folder")
