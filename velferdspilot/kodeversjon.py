"""The version of this installation's code, for the kept figures' shared copy
(``felles.hurtigbuffer``): what one deploy rendered is never served by the next."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_UTENFOR = {"node_modules", "staticfiles", "private-media", "tests", "__pycache__"}


def kodeversjon(rot: Path) -> str:
    """A digest of this installation's code: every Python module, template and
    compiled translation under ``rot`` (its path, size and modification time; not the
    virtualenv or node_modules) and the lock file of its dependencies. Read once per
    process, at start (a few milliseconds)."""
    sha = hashlib.sha1()  # noqa: S324 (a version label, not a secret)
    for mappe, undermapper, filer in os.walk(rot):
        undermapper[:] = sorted(
            m for m in undermapper if not m.startswith(".") and m not in _UTENFOR
        )
        for navn in sorted(filer):
            if navn.endswith((".py", ".html", ".mo", ".txt")) or navn == "uv.lock":
                sti = Path(mappe) / navn
                stat = sti.stat()
                sha.update(f"{sti.relative_to(rot)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return sha.hexdigest()[:16]
