"""Loire-Atlantique (44): the plugin of the department's COTER, built from ``department.toml``.

``extension.py`` adds the department's GraphQL extension. A rule of the department's own goes in
a ``rules.py`` here, given as ``rules=`` (docs/plugins.md, « Add a rule »).
"""

from pathlib import Path

from plugins.dept_44.extension import LoireAtlantiqueFile, LoireAtlantiquePlugin

DATA_FILE = Path(__file__).with_name("department.toml")

plugin = LoireAtlantiquePlugin(DATA_FILE, model=LoireAtlantiqueFile)
