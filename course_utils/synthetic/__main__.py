"""python -m course_utils.synthetic [OUT_DIR]: regenerate the course datasets."""

from __future__ import annotations

import sys
from pathlib import Path

from ..paths import datasets_dir
from . import write


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    out = Path(args[0]) if args else datasets_dir()
    for path in write(out):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
