"""What a plugin imports: ``DepartmentPlugin``, the ``hookimpl`` marker, the dataclasses, the
data-file loader.

A department's plugin is a ``DepartmentPlugin`` built from its data file; any other plugin is a
module or an object whose functions or methods are marked ``@hookimpl`` and named after the hook
specifications of ``core.hooks.hookspecs``. ``core.hooks.manager`` finds and calls them.
Plugins import from ``core.hooks`` only, never from the rest of ``core``.
"""

from core.hooks import types
from core.hooks.datafile import DepartmentFile, DepartmentFileError, load_department_file
from core.hooks.department_plugin import DepartmentPlugin, DepartmentRules
from core.hooks.markers import hookimpl, hookspec

# The dataclasses and enums exchanged with the core, listed once, in ``types.__all__``.
from core.hooks.types import *  # noqa: F403

__all__ = [
    "DepartmentFile",
    "DepartmentFileError",
    "DepartmentPlugin",
    "DepartmentRules",
    "hookimpl",
    "hookspec",
    "load_department_file",
]
__all__ += types.__all__
