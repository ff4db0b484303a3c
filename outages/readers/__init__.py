"""Readers: one module a format, and the registry that detects a file's format and reads it.

``outages.readers.X`` is ``registry.X`` (``read_path``, ``read_bytes``, ``FORMATS``, ...),
loaded on first use: the registry imports every reader and pandas, which a module of this
package that needs neither (``eaglei_blocks``, started by ``python -m outages ingest`` before
the rest of the program loads) must not wait for.
"""

import importlib
import importlib.util


def __getattr__(name: str):
    if name.startswith("__"):  # what the import system asks of any module
        raise AttributeError(name)
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:  # `from . import eaglei`
        return importlib.import_module(f"{__name__}.{name}")
    return getattr(importlib.import_module(f"{__name__}.registry"), name)
