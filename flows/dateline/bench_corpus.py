"""The scale corpus for `make bench --scale`: N copies of a corpus (the Reuters one: 10 x 19,043
files), written under a folder outside the repository.

Copy 0 is the corpus as it is. Copy k > 0 renames each file (sequence number k * 100000 + n, so
every name is a new article) and appends a paragraph naming the copy, so its text and sha256
differ from every other copy's: no copy is a duplicate. Files are spread over
``copyKK/NN/`` subfolders of at most 1,000 files, dated an hour ago so that they count as settled.

    python -m dateline.bench_corpus --source ../shared/corpora/reuters21578/articles --out /tmp/x10
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

NAME_RE = re.compile(r"(\d+)_([0-9a-f]{16})\.txt")
DONE = ".complete"


def copy_name(name: str, copy: int) -> str:
    """``00042_57f72c79f7ca9ab1.txt`` in copy 3 -> ``300042_57f72c79f7ca9ab1.txt``."""
    match = NAME_RE.fullmatch(name)
    if match is None:
        return name if copy == 0 else f"copy{copy}_{name}"
    seq, source = int(match.group(1)), match.group(2)
    return name if copy == 0 else f"{copy * 100000 + seq:06d}_{source}.txt"


def copy_text(data: bytes, copy: int) -> bytes:
    if copy == 0:
        return data
    return data.rstrip(b"\n") + f"\n\n(Copy {copy} of this story, made for the scale benchmark.)\n".encode()


def generate(source: Path, out: Path, copies: int = 10) -> int:
    """Write the corpus under ``out`` (skipped when a complete one of the same size is there);
    return the number of files."""
    names = sorted(p.name for p in source.iterdir() if p.is_file())
    expected = len(names) * copies
    done = out / DONE
    if done.is_file() and done.read_text(encoding="utf-8").strip() == str(expected):
        return expected
    stamp = time.time() - 3600
    for index, name in enumerate(names):
        data = (source / name).read_bytes()
        for copy in range(copies):
            folder = out / f"copy{copy:02d}" / f"{index // 1000:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / copy_name(name, copy)
            target.write_bytes(copy_text(data, copy))
            os.utime(target, (stamp, stamp))
    done.write_text(f"{expected}\n", encoding="utf-8")
    return expected


def sample(source: Path, out: Path, count: int, copy: int) -> list[Path]:
    """The first ``count`` files of ``source`` as copy ``copy`` (new names, new texts) in ``out``."""
    names = sorted(p.name for p in source.iterdir() if p.is_file())[:count]
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.time() - 3600
    written = []
    for name in names:
        target = out / copy_name(name, copy)
        target.write_bytes(copy_text((source / name).read_bytes(), copy))
        os.utime(target, (stamp, stamp))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True, help="the corpus to copy")
    parser.add_argument("--out", type=Path, required=True, help="where to write it (outside the repository)")
    parser.add_argument("--copies", type=int, default=10)
    options = parser.parse_args(argv)
    repo = Path(__file__).resolve().parents[2]
    if options.out.resolve().is_relative_to(repo):
        parser.error(f"{options.out} is inside the repository; write the corpus elsewhere")
    start = time.perf_counter()
    count = generate(options.source, options.out, options.copies)
    print(f"{count} files under {options.out} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
