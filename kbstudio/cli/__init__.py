"""The `kbstudio` command line: thin over kbstudio.services.

User mistakes end with one line on stderr and exit code 1 (refused or failed action) or
2 (usage); never a traceback.
"""

from kbstudio.cli import gui as _gui  # noqa: F401  (registers `kbstudio gui`)
from kbstudio.cli import properties as _properties  # noqa: F401  (registers `kbstudio set`)
from kbstudio.cli import publish as _publish  # noqa: F401  (registers its commands)
from kbstudio.cli import team  # noqa: F401  (registers its commands)
from kbstudio.cli import translate as _translate  # noqa: F401  (registers its commands)
from kbstudio.cli.app import cli, main

__all__ = ["cli", "main"]
