"""Actions and resources as the back-office lists them.

Department staff see the actions of their departments only; the resources are regional and
every staff account sees them all (only regional staff change them: ``core.commands.directory``).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.models import Action, Resource
from core.services.actions import ActionFilter, actions_query
from core.services.resources import ResourceFilter, resources_query


async def actions_of(db: AsyncSession, viewer: Viewer) -> list[Action]:
    """Every action (archived ones too) the viewer may manage, by department and start."""
    query = actions_query(ActionFilter())
    if not viewer.is_regional:
        query = query.where(Action.department_code.in_(sorted(viewer.department_codes)))
    found = await db.scalars(
        query.order_by(Action.department_code, Action.period_start, Action.id)
    )
    return list(found)


async def every_resource(db: AsyncSession) -> list[Resource]:
    """Every resource (archived ones too), by title."""
    found = await db.scalars(
        resources_query(ResourceFilter()).order_by(Resource.sort_title, Resource.id)
    )
    return list(found)
