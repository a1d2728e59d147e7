"""Make the repository importable and configure Django for a script run as `python benchmarks/x.py`."""

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def setup(**environment: str) -> None:
    """Put the repository root on sys.path, set environment defaults, then django.setup().

    Values in `environment` override the process environment: settings read them at import time.
    """
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ricomi.settings")
    os.environ.update(environment)

    import django

    django.setup()
