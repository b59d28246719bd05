"""Arguments the mutations share, each with its description."""

from __future__ import annotations

from datetime import time
from typing import Annotated

import strawberry
from strawberry import relay

IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="Any unique string: sending the same key again (a retry) applies the "
        "mutation once and returns the first result."
    ),
]
ObjectId = Annotated[relay.GlobalID, strawberry.argument(description="ID of the object.")]
TargetId = Annotated[
    relay.GlobalID, strawberry.argument(description="ID of the TrainingSession or Event.")
]
Reference = Annotated[
    str, strawberry.argument(description="The private reference given at registration.")
]
Email = Annotated[str, strawberry.argument(description="The person's email address.")]
NewTime = Annotated[
    time | None, strawberry.argument(description="New hour (Europe/Paris); null keeps it.")
]

