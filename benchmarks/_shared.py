"""Locating the team's labelled development data (../shared/data beside the repository)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    """The data folder, or exit 0 with a message when this machine does not have it."""
    folder = Path(os.environ.get("CITECHECK_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not folder.is_dir():
        print(f"skipped: no development data at {folder} (set CITECHECK_SHARED_DATA)")
        sys.exit(0)
    return folder
