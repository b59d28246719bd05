"""Maine-et-Loire (49): the plugin of the department's COTER, built from ``department.toml``.

A rule of the department's own goes in a ``rules.py`` here, given as ``rules=``
(docs/plugins.md, « Add a rule »).
"""

from pathlib import Path

from core.hooks import DepartmentPlugin

DATA_FILE = Path(__file__).with_name("department.toml")

plugin = DepartmentPlugin(DATA_FILE)
