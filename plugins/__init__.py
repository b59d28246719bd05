"""The departments' plugins, one folder each (``dept_44``…), found through the ``cps.plugins``
entry points of ``pyproject.toml``; see ``docs/plugins.md``."""
