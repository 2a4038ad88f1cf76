"""Load the tables people actually have: CSV/TSV/TXT, Excel, Parquet, JSON, optionally inside .gz or .zip.

`load_table` takes a path, bytes or an uploaded file and returns one `Dataset` per table found. It repairs
what can be repaired without changing meaning (blank or duplicate headers, an encoding other than UTF-8) and
says so in the dataset's load notes. It leaves questionable values alone (thousands separators, decimal commas,
placeholders such as "NA"): the quality checks report them. Anything it cannot read raises `LoadError`, whose
message names the file and the problem in words a non-programmer understands.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mlscout.memory import release_freed_memory_promptly

if TYPE_CHECKING:
    from mlscout.engines import TableStatistics

__all__ = [
    "Dataset",
    "DatasetInfo",
    "LoadError",
    "LoadLimits",
    "SUPPORTED_EXTENSIONS",
    "load_table",
    "unique_name",
]

SUPPORTED_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq", ".json", ".jsonl",
                        ".ndjson", ".gz", ".zip")
_TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab", ".dat"}
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SNIFF_BYTES = 256 * 1024
_MB = 1024 * 1024
_DIRECT_READ_MIN_BYTES = 8 * _MB  # below this, holding the bytes costs little


class LoadError(ValueError):
    """A file could not be read as a table. The message is meant for the person who uploaded it."""

    def __init__(self, file_name: str, problem: str):
        self.file_name = file_name
        self.problem = problem
        super().__init__(f"{file_name}: {problem}")


@dataclass(frozen=True)
class LoadLimits:
    """Bounds that protect the machine from files that are too large or hostile.

    Parameters
    ----------
    max_file_bytes : int
        Largest file accepted, as stored (compressed size for archives).
    max_uncompressed_bytes : int
        Largest total size the content of a .gz or .zip may expand to.
    ragged_tolerance : float
        Share of data lines that may have more fields than the header before the file is refused.
        Lines within the tolerance are skipped and listed in the load notes.
    max_columns : int
        Widest table accepted, in every format.
    max_cells : int
        Most cells (rows x columns) one dataset may hold: a small file must not become a table that fills the
        machine's memory (a 0.4 MB zip of 200 million one-character lines). Derived from the machine's memory.
    max_rows : int
        Most rows one dataset may hold.
    """

    max_file_bytes: int = 1024 * _MB
    max_uncompressed_bytes: int = 2048 * _MB
    ragged_tolerance: float = 0.01
    max_columns: int = 20_000
    max_cells: int = field(default_factory=lambda: default_max_cells())
    max_rows: int = 50_000_000


def default_max_cells() -> int:
    """Cells one dataset may hold on this machine: about 160 bytes of memory per cell (values at rest, the
    profile's working copies), at least 5 million."""
    try:
        import psutil

        total = psutil.virtual_memory().total
    except Exception:  # noqa: BLE001 - a machine psutil cannot read gets the floor
        total = 0
    return max(5_000_000, total // 160)


def _check_shape(file_name: str, rows: int, columns: int, limits: LoadLimits, *, estimated: bool = False) -> None:
    """Refuse a table over the column, row or cell budget, before it is built when the shape is known early."""
    about = "about " if estimated else ""
    if columns > limits.max_columns:
        raise LoadError(file_name, f"the table has {about}{columns:,} columns, over the {limits.max_columns:,} "
                                   "limit.")
    if rows > limits.max_rows:
        raise LoadError(file_name, f"the table has {about}{rows:,} rows, over the {limits.max_rows:,} limit. Load a "
                                   "sample or a filtered extract.")
    if rows * max(columns, 1) > limits.max_cells:
        raise LoadError(file_name, f"the table has {about}{rows * max(columns, 1):,} cells ({rows:,} rows x "
                                   f"{columns:,} columns), over the {limits.max_cells:,}-cell limit of this "
                                   "machine's memory. Load a sample or a filtered extract.")


class DatasetInfo(BaseModel):
    """Facts about where a dataset came from and how it was read."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Dataset name: the file's stem, made unique among loaded datasets.")
    file_name: str = Field(description="Name of the file (or archive member) the table was read from.")
    format: str = Field(description="csv, excel, parquet, json or jsonl.")
    encoding: str | None = Field(default=None, description="Text encoding, for text formats.")
    delimiter: str | None = Field(default=None, description="Field delimiter, for delimited text.")
    sheet: str | None = Field(default=None, description="Excel sheet name.")
    compression: str | None = Field(default=None, description="gzip or zip when the table came compressed.")
    bytes: int = Field(description="Size of the file as uploaded, in bytes.")
    rows: int
    columns: int
    content_hash: str = Field(description="SHA-256 of the uploaded bytes (identifies identical uploads).")
    load_notes: tuple[str, ...] = Field(default=(), description="What was repaired or assumed while loading.")
    applied_fixes: tuple[str, ...] = Field(default=(), description="Fixes applied in ML Scout after loading "
                                                                   "(mlscout.fixes), in order.")
    engine: str = Field(default="pandas", description="What read the table: pandas (loaded into memory), or an "
                                                      "engine where the table lives (duckdb, sql, spark).")
    sample_rows: int | None = Field(default=None, description="Rows the engine drew for the checks that read "
                                                              "rows, when fewer than the table's (None: all).")
    sample_method: str | None = Field(default=None, description="How the engine drew that sample.")


@dataclass(frozen=True)
class Dataset:
    """A loaded table and the facts about how it was read. Treat the frame as read-only."""

    info: DatasetInfo
    frame: pd.DataFrame
    statistics: TableStatistics | None = None  # the whole table's, when an engine read it and `frame` is a sample

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def table_rows(self) -> int | None:
        """The whole table's rows when `frame` is an engine's sample of it, else None (the frame is the table)."""
        return self.info.rows if self.info.sample_rows else None

    def renamed(self, name: str) -> Dataset:
        """The same dataset under another name (used to keep names unique)."""
        return Dataset(self.info.model_copy(update={"name": name}), self.frame, self.statistics)


# --------------------------------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------------------------------
def load_table(source: str | Path | bytes | IO[bytes], name: str | None = None, *,
               limits: LoadLimits | None = None) -> list[Dataset]:
    """Read every table in a file.

    Parameters
    ----------
    source : path, bytes or binary file-like object
        A file-like object must carry a ``name`` (as Streamlit's uploaded files do) unless `name` is given.
    name : str, optional
        The file name, used to pick the format and to name the datasets. Required for raw bytes.
    limits : LoadLimits, optional
        Size bounds; the defaults accept files up to 1 GB.

    Returns
    -------
    list of Dataset
        One per table: a CSV gives one, an Excel workbook one per non-empty sheet (named ``stem:sheet``),
        a zip archive one per table inside it. Names are unique within the list.

    Raises
    ------
    LoadError
        When the file cannot be read as a table; the message names the file and the problem.
    """
    limits = limits or LoadLimits()
    direct = _load_csv_on_disk(source, name, limits)
    if direct is not None:
        datasets, content_hash, size = direct
    else:
        file_name, data = _read_source(source, name, limits)
        content_hash, size = hashlib.sha256(data).hexdigest(), len(data)
        datasets = _load_bytes(data, file_name, limits, compression=None, depth=0)
        del data  # the parsed frame is all that is kept
    stamped = [Dataset(d.info.model_copy(update={"content_hash": content_hash, "bytes": size}), d.frame)
               for d in datasets]
    taken: set[str] = set()
    unique = []
    for dataset in stamped:
        new_name = unique_name(dataset.name, taken)
        taken.add(new_name)
        unique.append(dataset if new_name == dataset.name else dataset.renamed(new_name))
    return unique


def unique_name(name: str, taken: Iterable[str]) -> str:
    """Return `name`, or `name_2`, `name_3`, ... whichever is not in `taken`."""
    taken = set(taken)
    if name not in taken:
        return name
    i = 2
    while f"{name}_{i}" in taken:
        i += 1
    return f"{name}_{i}"


# --------------------------------------------------------------------------------------------------
# source handling
# --------------------------------------------------------------------------------------------------
class _NeedsFullRead(Exception):
    """The direct read of a file on disk met something only the byte-level route handles."""


def _load_csv_on_disk(source: Any, name: str | None, limits: LoadLimits
                      ) -> tuple[list[Dataset], str, int] | None:
    """Parse a large UTF-8 text table straight from its file, without holding the file's bytes in memory.

    pyarrow reads the file in blocks, so the peak memory of loading a 131 MB CSV drops from about 650 MB to
    about 500 MB. Returns None when the file is not such a table (small, compressed, another format or
    encoding, or irregular in a way pyarrow refuses); the byte-level route then handles it as before.
    """
    if not isinstance(source, (str, Path)):
        return None
    path = Path(source)
    try:
        size = path.stat().st_size if path.is_file() else 0
        if size < _DIRECT_READ_MIN_BYTES:
            return None
        with path.open("rb") as fh:
            head = fh.read(2 * _SNIFF_BYTES)
    except OSError:
        return None
    file_name = name or path.name
    head = head[: head.rfind(b"\n") + 1]  # whole lines only: a cut multi-byte character would look like cp1252
    if size > limits.max_file_bytes or not head.strip() or _sniff_format(head, file_name) != "text":
        return None
    try:
        if _detect_encoding(head, file_name)[0] not in ("utf-8", "utf-8-sig"):
            return None
        dataset = _load_text(head, file_name, limits, compression=None, path=path)
    except (LoadError, _NeedsFullRead):
        return None  # the byte-level route gives the same verdict, or the detailed one
    return [dataset], _file_sha256(path), size


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_MB):
            digest.update(chunk)
    return digest.hexdigest()


def _read_source(source: Any, name: str | None, limits: LoadLimits) -> tuple[str, bytes]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        file_name = name or path.name
        if not path.exists():
            raise LoadError(file_name, "no such file.")
        if path.is_dir():
            raise LoadError(file_name, "this is a folder, not a file.")
        size = path.stat().st_size
        _check_size(file_name, size, limits)
        return file_name, path.read_bytes()
    if isinstance(source, (bytes, bytearray, memoryview)):
        if not name:
            raise TypeError("load_table(bytes) needs name= (the file name picks the format).")
        _check_size(name, len(source), limits)
        return name, bytes(source)
    if hasattr(source, "read"):
        file_name = name or getattr(source, "name", None)
        if not file_name:
            raise TypeError("load_table(file object) needs name= when the object has no .name.")
        file_name = Path(str(file_name)).name
        declared = getattr(source, "size", None)
        if isinstance(declared, int):
            _check_size(file_name, declared, limits)
        if hasattr(source, "getvalue"):
            data = source.getvalue()
        else:
            data = source.read(limits.max_file_bytes + 1)
        _check_size(file_name, len(data), limits)
        return file_name, bytes(data)
    raise TypeError(f"load_table() takes a path, bytes or a binary file object, not {type(source).__name__}.")


def _check_size(file_name: str, size: int, limits: LoadLimits) -> None:
    if size > limits.max_file_bytes:
        raise LoadError(file_name, f"the file is {_human(size)}, over the {_human(limits.max_file_bytes)} limit. "
                                   "Upload a smaller extract or a compressed (.gz, .parquet) copy.")


def _human(n: int | float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def _stem(file_name: str) -> str:
    base = Path(file_name).name
    for ext in (".gz",):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
    stem = Path(base).stem if "." in base else base
    return stem or "dataset"


# --------------------------------------------------------------------------------------------------
# format dispatch
# --------------------------------------------------------------------------------------------------
def _sniff_format(data: bytes, file_name: str) -> str:
    """Decide the format from the content first (names lie), then from the extension."""
    ext = Path(file_name).suffix.lower()
    head = data[:8]
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"  # xlsx is a zip too: told apart by its members
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # legacy .xls or a password-protected .xlsx
    if ext in {".parquet", ".pq"}:
        return "parquet"  # claimed parquet without the magic bytes: let the reader explain
    if ext in {".xlsx", ".xlsm", ".xls"}:
        return "excel"
    if ext in {".json", ".jsonl", ".ndjson"}:
        return "json"
    stripped = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext not in _TEXT_EXTENSIONS and stripped[:1] in (b"{", b"["):
        return "json"
    return "text"


def _load_bytes(data: bytes, file_name: str, limits: LoadLimits, compression: str | None,
                depth: int) -> list[Dataset]:
    if not data.strip(b" \t\r\n\x00"):
        raise LoadError(file_name, "the file is empty.")
    kind = _sniff_format(data, file_name)
    if kind == "gzip":
        if depth >= 1:  # a .gz inside a .zip or a .gz would get the whole expansion budget again
            raise LoadError(file_name, "archives nested inside archives are not supported: extract the inner "
                                       "archive and upload its table.")
        inner_name = file_name[:-3] if file_name.lower().endswith(".gz") else _stem(file_name) + ".csv"
        inner = _gunzip(data, file_name, limits)
        return _load_bytes(inner, inner_name, limits, compression="gzip", depth=depth + 1)
    if kind == "zip":
        return _load_zip(data, file_name, limits, depth)
    if kind == "ole":
        raise LoadError(file_name, "this is a password-protected workbook or an old .xls file. Remove the password "
                                   "or save it as .xlsx (or CSV) and upload again.")
    if kind == "parquet":
        return [_load_parquet(data, file_name, compression, limits)]
    if kind == "excel":
        raise LoadError(file_name, "this does not look like an Excel workbook (the file is damaged or is not "
                                   ".xlsx). Open it in Excel and save it again as .xlsx or CSV.")
    if kind == "json":
        return [_load_json(data, file_name, compression, limits)]
    return [_load_text(data, file_name, limits, compression)]


def _gunzip(data: bytes, file_name: str, limits: LoadLimits) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = _read_counting_lines(fh, limits.max_uncompressed_bytes + 1, file_name, limits)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise LoadError(file_name, f"the gzip file is damaged or incomplete ({exc}).") from None
    if len(out) > limits.max_uncompressed_bytes:
        raise LoadError(file_name, f"it expands to more than {_human(limits.max_uncompressed_bytes)} when "
                                   "uncompressed, over the limit (possibly a zip bomb).")
    return out


def _read_counting_lines(fh: IO[bytes], most: int, file_name: str, limits: LoadLimits, member: str = "") -> bytes:
    """Read at most `most` bytes in blocks, and stop as soon as the lines read exceed the row or cell budget (a
    table has at least one column): 200 million one-character lines are refused after the first block, not
    after 400 MB are held."""
    blocks, size, lines = [], 0, 0
    budget = min(limits.max_rows, limits.max_cells)
    while size < most and (block := fh.read(min(4 * _MB, most - size))):
        blocks.append(block)
        size += len(block)
        lines += block.count(b"\n")
        if lines > budget:
            where = f"{member} inside it" if member else "it"
            raise LoadError(file_name, f"{where} holds more than {lines:,} lines once uncompressed, over the "
                                       f"{budget:,}-row limit of this machine's memory (a table of at least one "
                                       "column). Load a sample or a filtered extract.")
    return b"".join(blocks)


def _load_zip(data: bytes, file_name: str, limits: LoadLimits, depth: int) -> list[Dataset]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(file_name, f"the archive is damaged ({exc}).") from None
    if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names):
        if any(n.startswith("xl/workbook") for n in names):
            return _load_excel(data, file_name, limits)
        raise LoadError(file_name, "this looks like an Office document, but not an Excel workbook.")
    if Path(file_name).suffix.lower() in {".xlsx", ".xlsm"}:
        raise LoadError(file_name, "the file is named .xlsx but is a zip archive without a workbook inside.")
    if depth >= 1:
        raise LoadError(file_name, "archives nested inside archives are not supported: extract the inner "
                                   "archive and upload its table.")
    members = [i for i in archive.infolist()
               if not i.is_dir() and not i.filename.startswith("__MACOSX/")
               and not Path(i.filename).name.startswith(".")]
    declared = sum(i.file_size for i in members)
    if declared > limits.max_uncompressed_bytes:
        raise LoadError(file_name, f"the archive expands to {_human(declared)}, over the "
                                   f"{_human(limits.max_uncompressed_bytes)} limit (possibly a zip bomb).")
    tables = [i for i in members if Path(i.filename).suffix.lower() in SUPPORTED_EXTENSIONS
              and Path(i.filename).suffix.lower() not in {".zip"}]
    if not tables:
        listed = ", ".join(i.filename for i in members[:5]) or "nothing"
        raise LoadError(file_name, f"the archive holds no table file (.csv, .xlsx, .parquet, .json); it holds "
                                   f"{listed}.")
    datasets: list[Dataset] = []
    budget = limits.max_uncompressed_bytes
    for info in tables:
        member_name = Path(info.filename).name
        try:
            with archive.open(info) as fh:
                content = _read_counting_lines(fh, budget + 1, file_name, limits, member_name)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            reason = "it is password-protected" if "encrypted" in str(exc).lower() else str(exc)
            raise LoadError(file_name, f"could not extract {member_name}: {reason}.") from None
        budget -= len(content)
        if budget < 0:
            raise LoadError(file_name, f"the archive expands to more than {_human(limits.max_uncompressed_bytes)},"
                                       " over the limit (possibly a zip bomb).")
        try:
            found = _load_bytes(content, member_name, limits, compression="zip", depth=depth + 1)
        except LoadError as exc:
            raise LoadError(file_name, f"{member_name} inside it: {exc.problem}") from None
        datasets.extend(found)
    return datasets


# --------------------------------------------------------------------------------------------------
# delimited text
# --------------------------------------------------------------------------------------------------
def _detect_encoding(data: bytes, file_name: str) -> tuple[str, list[str]]:
    """Return the codec to read `data` with, and notes about what was assumed."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", ["Encoding: UTF-8 with a byte-order mark (BOM)."]
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", ["Encoding: UTF-16 (with BOM)."]
    sample = data[:4096]
    if len(sample) >= 4:
        even_nulls = sample[0::2].count(0) / len(sample[0::2])
        odd_nulls = sample[1::2].count(0) / len(sample[1::2])
        for codec, label, nulls in (("utf-16-le", "little", odd_nulls > 0.4 and even_nulls < 0.05),
                                    ("utf-16-be", "big", even_nulls > 0.4 and odd_nulls < 0.05)):
            if nulls and _printable_share(sample[: len(sample) // 2 * 2].decode(codec, errors="replace")) > 0.95:
                return codec, [f"Encoding: UTF-16 {label}-endian without a byte-order mark (detected)."]
    if _looks_binary(sample):
        raise LoadError(file_name, "this is a binary file, not a text table (CSV). Check that you picked the "
                                   "right file, or export the data as CSV, Excel, Parquet or JSON.")
    if _is_valid(data, "utf-8"):
        return "utf-8", []
    guessed = _guess_legacy_encoding(data)
    if guessed is not None:
        return guessed
    if _is_valid(data, "cp1252"):
        return "cp1252", ["Encoding: not UTF-8; read as Windows-1252 (cp1252). Check accented characters."]
    return "latin-1", ["Encoding: not UTF-8 nor Windows-1252; read as Latin-1. Some characters may be wrong."]


def _guess_legacy_encoding(data: bytes) -> tuple[str, list[str]] | None:
    """A legacy encoding of a non-Latin script (cp1251, Shift-JIS, GB18030 ...) detected by charset-normalizer;
    None for Latin-script text, which stays Windows-1252 (on a few accented words charset-normalizer names a
    sibling code page such as cp1250, which would change the letters)."""
    import unicodedata

    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    codec = codecs.lookup(best.encoding).name
    if not _is_valid(data, codec):
        return None
    letters = [ch for ch in data[:65536].decode(codec, errors="ignore") if ord(ch) > 127 and ch.isalpha()]
    latin = sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
    if not letters or latin > 0.2 * len(letters):
        return None
    return codec, [f"Encoding: not UTF-8; detected {codec} ({best.language} text) with charset-normalizer. "
                   f"Check that the characters read correctly."]


def _printable_share(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t") / len(text)


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return len(sample) > 0 and control / len(sample) > 0.05


def _is_valid(data: bytes, encoding: str) -> bool:
    """Validate in chunks so a 1 GB file is never held twice as text."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    step = 8 * _MB
    try:
        for start in range(0, len(data), step):
            decoder.decode(data[start:start + step], final=start + step >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(lines: Sequence[str]) -> str | None:
    """The candidate that splits the sample lines into the same number (>1) of fields most consistently."""
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, delim in enumerate(_DELIMITERS):
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:  # e.g. a field longer than the csv module accepts: not this delimiter's table
            continue
        counts = [c for c in counts if c > 0]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        consistency = counts.count(mode) / len(counts)
        key = (consistency, mode, -order)
        if best is None or key > best:
            best, chosen = key, delim
    return chosen


def _sample_lines(data: bytes, encoding: str) -> list[str]:
    head = data[:_SNIFF_BYTES]
    text = head.decode(encoding, errors="replace")
    lines = text.splitlines()
    if len(data) > _SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of the sample is probably cut
    return [ln for ln in lines if ln.strip()][:200]


def _load_text(data: bytes, file_name: str, limits: LoadLimits, compression: str | None,
               path: Path | None = None) -> Dataset:
    """Read a delimited text table. With `path`, `data` is only the file's first lines (for sniffing) and pyarrow
    parses the file itself; `_NeedsFullRead` is raised when it cannot."""
    encoding, notes = _detect_encoding(data, file_name)
    lines = _sample_lines(data, encoding)
    if not lines:
        raise LoadError(file_name, "the file is empty.")
    ext = Path(file_name).suffix.lower()
    delimiter = "\t" if ext == ".tsv" else _sniff_delimiter(lines)
    if delimiter is None:
        delimiter = ","
        notes.append("Only one column found (no comma, semicolon, tab or pipe separates the values).")
    elif delimiter != ",":
        notes.append(f"Delimiter: {_DELIMITER_NAMES[delimiter]}.")
    try:
        header = next(csv.reader([lines[0]], delimiter=delimiter))
    except csv.Error:
        raise LoadError(file_name, "the first line is too long to be a header (no delimiter in the first "
                                   f"{len(lines[0]):,} characters): this does not look like a table.") from None
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    width = max(len(header), first_line.count(delimiter.encode()) + 1)  # the sample may cut a very wide header
    if path is not None:  # only the head is in memory: the file's size over the mean line length
        lines_in_head = max(data.count(b"\n"), 1)
        rows = int(path.stat().st_size / (len(data) / lines_in_head))
    else:
        rows = data.count(b"\n")
    _check_shape(file_name, rows, width, limits, estimated=True)
    codes = _zero_padded_columns(lines, delimiter, len(header))
    if codes:
        shown = ", ".join(str(header[i]).strip() for i in codes[:5]) + (", ..." if len(codes) > 5 else "")
        notes.append(f"Kept as text: {shown} (zero-padded codes such as '01'; as numbers they would lose the "
                     "leading zeros).")
    if path is not None:
        frame, ragged_notes = _read_csv_arrow(path, delimiter, len(header), codes), []
        if frame is None:
            raise _NeedsFullRead
    else:
        frame, ragged_notes = _read_csv(data, file_name, encoding, delimiter, len(header), limits, codes)
    notes.extend(ragged_notes)
    frame.columns, header_notes = _clean_header([str(c) for c in header][: frame.shape[1]]
                                                 + [""] * max(0, frame.shape[1] - len(header)))
    notes.extend(header_notes)
    if frame.empty and frame.shape[0] == 0:
        notes.append("The file has a header but no data rows.")
    return _dataset(frame, file_name, "csv", notes, compression, encoding=encoding, delimiter=delimiter,
                    limits=limits)


def _zero_padded_columns(lines: Sequence[str], delimiter: str, n_header: int) -> list[int]:
    """Positions of the columns whose values are digits and some start with a zero ('01', '00042'): codes."""
    rows = [row for row in csv.reader(lines[1:], delimiter=delimiter) if len(row) == n_header]
    found = []
    for i in range(n_header):
        values = [row[i].strip() for row in rows if row[i].strip()]
        if len(values) < 3 or not all(v.isdigit() for v in values):
            continue
        padded = sum(len(v) > 1 and v.startswith("0") for v in values)
        if padded >= max(2, 0.01 * len(values)):
            found.append(i)
    return found


def _read_csv(data: bytes, file_name: str, encoding: str, delimiter: str, n_header: int,
              limits: LoadLimits, codes: Sequence[int] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Parse with pyarrow (fast, multi-threaded, text kept in Arrow memory); fall back to pandas' C parser for
    the irregular cases (ragged rows, a type that changes down the file, encodings other than UTF-8)."""
    options: dict[str, Any] = dict(sep=delimiter, keep_default_na=False, na_values=[""], header=0,
                                   dtype={i: str for i in codes} or None)
    notes: list[str] = []
    # Lines that end in '\n' with a bare '\r' inside a value (text pasted from an old Mac export, a tweet): both
    # parsers would end the row there and misread the rest of the file ("Buffer overflow caught").
    stray_returns = b"\r\n" not in data and 0 < data.count(b"\r") < data.count(b"\n")
    if stray_returns:
        options["lineterminator"] = "\n"
        returns = data.count(b"\r")
        notes.append(f"{returns:,} carriage return(s) inside values were kept as part of the text (the lines end "
                     "with a line feed).")
    if _space_after_every_delimiter(data, encoding, delimiter):
        # One root cause, one note: otherwise every text column would report its leading spaces.
        options["skipinitialspace"] = True
        notes.append(f"Every field follows '{delimiter} ' (the delimiter and a space): the spaces were removed at "
                     "load.")
    elif encoding in ("utf-8", "utf-8-sig") and not stray_returns:
        frame = _read_csv_arrow(data, delimiter, n_header, codes)
        if frame is not None:
            return frame, notes
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(io.BytesIO(data), engine="c", encoding=encoding, on_bad_lines="warn",
                                low_memory=False, **options)
        except pd.errors.EmptyDataError:
            raise LoadError(file_name, "the file is empty.") from None
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            raise LoadError(file_name, f"it could not be read as a table ({_first_line(exc)}).") from None
    bad_lines = _bad_line_numbers(caught)
    if not bad_lines:
        return frame, notes
    total = len(frame) + len(bad_lines)
    shown = ", ".join(str(n) for n in bad_lines[:10]) + (" ..." if len(bad_lines) > 10 else "")
    if len(bad_lines) > max(1, limits.ragged_tolerance * total):
        raise LoadError(file_name, f"{len(bad_lines):,} of {total:,} rows have more fields than the header's "
                                   f"{n_header} (lines {shown}). Check the delimiter and quoting, or fix those "
                                   "lines.")
    return frame, [*notes, f"Skipped {len(bad_lines)} line(s) with more fields than the header's {n_header}: "
                           f"lines {shown}."]


def _space_after_every_delimiter(data: bytes | Path, encoding: str, delimiter: str, lines: int = 200) -> bool:
    """True when (nearly) every delimiter in the first lines is followed by a space, as in 'a, b, c'."""
    head = data.read_bytes()[:_MB] if isinstance(data, Path) else data[:_MB]
    text = head.decode(encoding, errors="replace")
    rows = [row for row in text.splitlines()[:lines] if row.strip()]
    if delimiter == " " or len(rows) < 2:
        return False
    total = sum(row.count(delimiter) for row in rows)
    spaced = sum(row.count(delimiter + " ") for row in rows)
    return total >= 10 and spaced >= 0.95 * total


def _read_csv_arrow(data: bytes | Path, delimiter: str, n_header: int, codes: Sequence[int] = ()
                    ) -> pd.DataFrame | None:
    """Read with pyarrow.csv; text columns become string[pyarrow] (a fraction of the memory of Python strings).

    Only empty fields are missing: "NA", "null" and friends stay visible for the placeholder check. Returns None when
    pyarrow refuses the file, so the tolerant parser can explain what is wrong.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    release_freed_memory_promptly()
    names = [f"c{i}" for i in range(n_header)]  # unique names here; the cleaned header is applied by the caller
    try:
        table = pacsv.read_csv(
            str(data) if isinstance(data, Path) else io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=True,
                                           block_size=4 * _MB),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={names[i]: pa.string() for i in codes},
                                                 null_values=[""], strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True, true_values=["true", "True",
                                                                                               "TRUE"],
                                                 false_values=["false", "False", "FALSE"]),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError):
        return None

    def mapper(arrow_type: pa.DataType) -> Any:
        if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
            return pd.StringDtype("pyarrow")
        return None

    try:
        return table.to_pandas(types_mapper=mapper, date_as_object=False, self_destruct=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError, OverflowError):
        return None


def _bad_line_numbers(caught: Iterable[warnings.WarningMessage]) -> list[int]:
    numbers: list[int] = []
    for w in caught:
        numbers.extend(int(n) for n in re.findall(r"Skipping line (\d+)", str(w.message)))
    return sorted(set(numbers))


def _replace_personal_headers(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Column names that are themselves personal data (a customer's e-mail address as a header, in a pivoted
    table) are replaced by their position and kind, so that no output — page, report, store — shows them."""
    from mlscout.profiling.privacy import header_kind

    kinds = {i: header_kind(name) for i, name in enumerate(map(str, frame.columns))}
    replaced = {i: kind for i, kind in kinds.items() if kind}
    if not replaced:
        return frame, []
    names = [str(c) for c in frame.columns]
    taken = set(names)
    for i, kind in replaced.items():
        names[i] = unique_name(f"column_{i + 1}_{kind.replace(' ', '_')}", taken)
        taken.add(names[i])
    frame = frame.set_axis(names, axis=1)
    shown = ", ".join(names[i] for i in list(replaced)[:10])
    kinds = ", ".join(sorted(set(replaced.values())))
    return frame, [f"{len(replaced)} column name(s) were personal data themselves ({kinds}): renamed {shown}, so "
                   "that no output shows them. The values are unchanged."]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


def _clean_header(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """Fill blank header names and make duplicates unique, saying which ones were changed."""
    notes: list[str] = []
    cleaned: list[str] = []
    blanks: list[str] = []
    for i, raw in enumerate(names, start=1):
        name = str(raw).strip() if raw is not None else ""
        if not name or name.lower() == "nan" or re.fullmatch(r"Unnamed: \d+", name):
            name = f"column_{i}"
            blanks.append(name)
        cleaned.append(name)
    if blanks:
        notes.append(f"{len(blanks)} blank column name(s) filled: {', '.join(blanks[:10])}.")
    seen: set[str] = set()
    renamed: list[str] = []
    for i, name in enumerate(cleaned):
        if name in seen:
            new = unique_name(name, seen | set(cleaned))
            renamed.append(f"{name} -> {new}")
            cleaned[i] = new
        seen.add(cleaned[i])
    if renamed:
        notes.append(f"Duplicate column name(s) renamed: {', '.join(renamed[:10])}.")
    return cleaned, notes


# --------------------------------------------------------------------------------------------------
# Excel, Parquet, JSON
# --------------------------------------------------------------------------------------------------
def _load_excel(data: bytes, file_name: str, limits: LoadLimits | None = None) -> list[Dataset]:
    limits = limits or LoadLimits()
    _check_excel_dimensions(data, file_name, limits)
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine="openpyxl",
                               nrows=limits.max_rows + 1)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise LoadError(file_name, f"the workbook is damaged or not a real .xlsx file ({_first_line(exc)}). "
                                   "Open it in Excel and save it again.") from None
    datasets = []
    stem = _stem(file_name)
    for sheet, raw in sheets.items():
        _check_shape(file_name, raw.shape[0], raw.shape[1], limits)
        raw = raw.dropna(how="all").dropna(axis=1, how="all")
        if raw.empty:
            continue
        header = ["" if pd.isna(v) else str(v) for v in raw.iloc[0].tolist()]
        frame = raw.iloc[1:].reset_index(drop=True)
        frame.columns, notes = _clean_header(header)
        frame = frame.infer_objects()
        if frame.shape[0] == 0:
            notes.append("The sheet has a header but no data rows.")
        name = stem if len(sheets) == 1 else f"{stem}:{sheet}"
        datasets.append(_dataset(frame, file_name, "excel", notes, None, sheet=str(sheet), name=name, limits=limits))
    if not datasets:
        raise LoadError(file_name, "every sheet of the workbook is empty.")
    return datasets


def _check_excel_dimensions(data: bytes, file_name: str, limits: LoadLimits) -> None:
    """Each sheet's declared size, read from the workbook without loading its cells (a 1.6 MB .xlsx can declare
    ten million cells)."""
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # noqa: BLE001 - reading the workbook reports the damage itself
        return
    try:
        for sheet in workbook.worksheets:
            rows, columns = sheet.max_row or 0, sheet.max_column or 0
            _check_shape(file_name, rows, columns, limits, estimated=True)
    finally:
        workbook.close()


def _load_parquet(data: bytes, file_name: str, compression: str | None, limits: LoadLimits | None = None
                  ) -> Dataset:
    limits = limits or LoadLimits()
    try:
        import pyarrow.parquet as pq

        metadata = pq.ParquetFile(io.BytesIO(data)).metadata
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for damaged files
        raise LoadError(file_name, f"the Parquet file is damaged or incomplete ({_first_line(exc)}).") from None
    _check_shape(file_name, metadata.num_rows, metadata.num_columns, limits)
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for damaged files
        raise LoadError(file_name, f"the Parquet file is damaged or incomplete ({_first_line(exc)}).") from None
    frame = frame.reset_index(drop=frame.index.name is None)
    notes = _stringify_nested(frame)
    frame.columns, header_notes = _clean_header([str(c) for c in frame.columns])
    return _dataset(frame, file_name, "parquet", notes + header_notes, compression, limits=limits)


def _load_json(data: bytes, file_name: str, compression: str | None, limits: LoadLimits | None = None
               ) -> Dataset:
    limits = limits or LoadLimits()
    _check_json_size(data, file_name, limits)
    encoding, notes = _detect_encoding(data, file_name)
    text = data.decode(encoding, errors="replace")
    fmt = "json"
    try:
        document = json.loads(text)
    except RecursionError:
        raise LoadError(file_name, "the JSON is nested too deeply to be a table.") from None
    except json.JSONDecodeError as exc:
        document = _json_lines(text)
        if document is None:
            raise LoadError(file_name, f"this is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
        fmt = "jsonl"
    records, where = _find_records(document)
    if records is None:
        raise LoadError(file_name, "the JSON is not a table: expected a list of records ([{...}, {...}]), "
                                   "JSON Lines, or an object holding such a list.")
    if where:
        notes.append(f"Records read from the key '{where}'.")
    keys = len(set().union(*(r.keys() for r in records[:1000] if isinstance(r, dict)))) if records else 1
    _check_shape(file_name, len(records), max(keys, 1), limits, estimated=True)
    try:
        frame = pd.json_normalize(records, sep=".") if records and isinstance(records[0], dict) else \
            pd.DataFrame({"value": records})
    except RecursionError:
        raise LoadError(file_name, "the JSON is nested too deeply to be a table.") from None
    if any(isinstance(r, dict) and any(isinstance(v, dict) for v in r.values()) for r in records[:100]):
        notes.append("Nested objects flattened into columns named parent.child.")
    notes.extend(_stringify_nested(frame))
    frame.columns, header_notes = _clean_header([str(c) for c in frame.columns])
    return _dataset(frame, file_name, fmt, notes + header_notes, compression, encoding=encoding, limits=limits)


# Parsed JSON is Python objects (a dict per record, an object per value): about eight times the memory of the
# same cells in a table, so JSON gets an eighth of the cell budget, measured on the text before it is parsed.
_JSON_OBJECT_OVERHEAD = 8


def _check_json_size(data: bytes, file_name: str, limits: LoadLimits) -> None:
    records = data.count(b"{") or data.count(b"\n") + 1  # an upper bound for records of objects
    first = data[: data.find(b"}") + 1] if b"}" in data[:65536] else data[:65536]
    keys = max(first.count(b'":'), 1)
    budget = max(limits.max_cells // _JSON_OBJECT_OVERHEAD, 1)
    if records * keys > budget:
        raise LoadError(file_name, f"the JSON holds about {records:,} records of {keys} fields "
                                   f"({records * keys:,} values): parsed, that needs more memory than this machine "
                                   f"allows ({budget:,} values for JSON, which is read into Python objects). "
                                   "Convert it to CSV or Parquet, or load a sample.")


def _json_lines(text: str) -> list[Any] | None:
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            return None
    return rows or None


def _find_records(document: Any) -> tuple[list[Any] | None, str | None]:
    if isinstance(document, list):
        if not document:
            return [], None
        if all(isinstance(r, dict) for r in document):
            return document, None
        if all(not isinstance(r, (dict, list)) for r in document):
            return document, None
        return None, None
    if isinstance(document, dict):
        lists = {k: v for k, v in document.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
        if len(lists) == 1:
            key, value = next(iter(lists.items()))
            if all(isinstance(r, dict) for r in value):
                return value, key
        values = list(document.values())
        if values and all(isinstance(v, list) for v in values) and len({len(v) for v in values}) == 1:
            columns = document
            return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)], None
    return None, None


def _stringify_nested(frame: pd.DataFrame) -> list[str]:
    """Lists and structs cannot be profiled as values: keep them as JSON text and say so."""
    nested = []
    for column in frame.columns:
        if frame[column].dtype != object:
            continue
        sample = frame[column].dropna().head(50)
        if any(isinstance(v, (list, dict, tuple)) or hasattr(v, "tolist") for v in sample):
            frame[column] = frame[column].map(_to_json_text)
            nested.append(str(column))
    if nested:
        return [f"Nested values (lists or objects) kept as JSON text in: {', '.join(nested[:10])}."]
    return []


def _to_json_text(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return value
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return value


def _dataset(frame: pd.DataFrame, file_name: str, fmt: str, notes: list[str], compression: str | None, *,
             encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None,
             name: str | None = None, limits: LoadLimits | None = None) -> Dataset:
    _check_shape(file_name, frame.shape[0], frame.shape[1], limits or LoadLimits())
    frame, header_notes = _replace_personal_headers(frame)
    notes = [*notes, *header_notes]
    info = DatasetInfo(
        name=name or _stem(file_name), file_name=file_name, format=fmt, encoding=encoding,
        delimiter=delimiter, sheet=sheet, compression=compression, bytes=0, rows=int(frame.shape[0]),
        columns=int(frame.shape[1]), content_hash="", load_notes=tuple(notes),
    )
    return Dataset(info, frame)
