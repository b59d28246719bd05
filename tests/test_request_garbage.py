"""A GraphQL request's rows and objects are freed as it ends, not left to the garbage collector.

graphql-core's execution context is in a reference cycle of its own; what it reaches (the
plans, the loaders, every row and object of the answer) would live until a collection found
it, and the collections of a busy worker would walk thousands of objects each
(``core.graphql.release``, ``PlannedExecutionContext.build_response``).
"""

from __future__ import annotations

import gc
from collections import Counter

from bench.api import PARTNER_QUERY
from tests.factories import add_sessions

REQUEST_DATA = {"TrainingSessionType", "PersonType", "PlaceType", "SessionDayType", "PlainRow"}


async def test_a_partner_query_leaves_none_of_its_rows_in_reference_cycles(graphql, database):
    await add_sessions(database, 20)
    variables = {"department": "44", "from": "2030-01-01", "first": 20}
    await graphql.data(PARTNER_QUERY, variables)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        data = await graphql.data(PARTNER_QUERY, variables)
        gc.collect()
        kinds = Counter(type(found).__name__ for found in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert len(data["sessions"]["edges"]) == 20
    assert not kinds.keys() & REQUEST_DATA, kinds
