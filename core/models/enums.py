"""The domain's closed sets, as the models know them: they live in ``core.enums``, which loads
no ORM, so that the plugin API (``core.hooks``) can use them without SQLAlchemy."""

from core.enums import *  # noqa: F403
from core.enums import __all__  # noqa: F401
