"""ML Scout: which business problems can ML solve with the data you have, and what must be fixed first.

Importing this package is cheap: it loads neither scikit-learn nor ydata-profiling nor streamlit.
"""

from __future__ import annotations

import os

from mlscout.memory import share_one_malloc_arena

# Set before any library that reports usage can be imported: the user's data facts stay on the machine.
os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")

# Before any thread allocates: memory freed while profiling goes back into one pool (see mlscout/memory.py).
share_one_malloc_arena()

__version__ = "0.1.0"

__all__ = ["__version__"]
