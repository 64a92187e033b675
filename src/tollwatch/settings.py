"""What a run is configured with: one frozen object, built once at an entry point.

The command line (and the web server's worker start) builds a :class:`Settings` from the
environment and the command's options with :meth:`Settings.from_environ`; everything below
takes it as a parameter. A library call that passes none gets :data:`PACKAGED`: the packaged
data only, the default database file, the default cache folder -- the package never reads
the environment itself.

=========================  ==================  ======================================
variable                   field               what it changes
=========================  ==================  ======================================
``TOLLWATCH_LEXICONS``     ``lexicon_dirs``    folders of lexicon overrides
``TOLLWATCH_CHROME``       ``chrome_files``    page-chrome rule files added
``TOLLWATCH_LEDGER_SETTINGS`` ``ledger_file``  a JSON file of ledger thresholds
``TOLLWATCH_CACHE_DIR``    ``cache_dir``       where the gazetteer index is cached
``TOLLWATCH_DB``           ``database``        the database when ``--db`` is not given
=========================  ==================  ======================================
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LEXICONS = "TOLLWATCH_LEXICONS"
CHROME = "TOLLWATCH_CHROME"
LEDGER = "TOLLWATCH_LEDGER_SETTINGS"
CACHE = "TOLLWATCH_CACHE_DIR"
DATABASE = "TOLLWATCH_DB"


def _paths(value: str | None) -> tuple[str, ...]:
    return tuple(p for p in (value or "").split(os.pathsep) if p.strip())


@dataclass(frozen=True, slots=True)
class Settings:
    """Where a run's data, overrides, cache and database are (hashable: caches key on it)."""

    lexicon_dirs: tuple[str, ...] = ()
    chrome_files: tuple[str, ...] = ()
    ledger_file: str | None = None
    cache_dir: str | None = None
    database: str | None = None

    @classmethod
    def from_environ(cls, env: Mapping[str, str], platform: str = sys.platform) -> Settings:
        """The settings the variables of ``env`` (the entry point passes ``os.environ``) name."""
        return cls(
            lexicon_dirs=_paths(env.get(LEXICONS)),
            chrome_files=_paths(env.get(CHROME)),
            ledger_file=env.get(LEDGER) or None,
            cache_dir=_cache_dir(env, platform),
            database=env.get(DATABASE) or None,
        )

    def cache_path(self) -> Path:
        """The cache folder: ``cache_dir``, else ``~/.cache/tollwatch``."""
        return Path(self.cache_dir) if self.cache_dir else Path.home() / ".cache" / "tollwatch"


def _cache_dir(env: Mapping[str, str], platform: str) -> str | None:
    if env.get(CACHE):
        return env[CACHE]
    if platform == "win32" and env.get("LOCALAPPDATA"):
        return str(Path(env["LOCALAPPDATA"]) / "tollwatch" / "cache")
    if env.get("XDG_CACHE_HOME"):
        return str(Path(env["XDG_CACHE_HOME"]) / "tollwatch")
    return None


#: a library call's settings: packaged data only, nothing from the environment
PACKAGED = Settings()
