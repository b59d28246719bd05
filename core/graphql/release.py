"""``ReleaseFetched``: the Strawberry extension that lets a request's fetched data go as soon as
its operation has run.

graphql-core's execution context keeps itself in a reference cycle (the helpers it gives
resolvers are its own bound methods), and with it the GraphQL context: the request's loaders,
every row they fetched and every object made from them. Refcounting cannot free a cycle, so a
partner query left some 1,500 objects for the garbage collector, whose collections of the
youngest generation then walked those of the last dozen requests each time (tens of
milliseconds, by ``gc.callbacks``). Emptied here, they are freed as the operation ends.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension


class ReleaseFetched(SchemaExtension):
    """After each operation, empty its context's loaders (``Loaders.release``)."""

    def on_execute(self) -> Iterator[None]:
        """Run the operation, then release what it fetched."""
        yield
        loaders = getattr(self.execution_context.context, "loaders", None)
        if loaders is not None:
            loaders.release()
