"""``sendMyRegistrationLinks``: a person who lost their links gets them again by e-mail."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from core.graphql.mutations.arguments import Email
from core.commands.registrations import send_my_registration_links
from core.graphql.mutations.writes import command_context
from core.mail.messages import LINKS_SENT


@strawberry.type(name="SendMyRegistrationLinksPayload", description="The answer, always the same.")
class SendMyRegistrationLinksPayload:
    """One neutral sentence: it never says whether the address has registrations."""

    message: str = strawberry.field(description="What happens next, in French.")


@strawberry.type
class MyLinksMutation:
    """The mutation of a person without their links."""

    @strawberry.mutation(
        description="Send the address a new link to each of its registrations (to see or "
        "cancel them). The answer is the same whether or not the address has any."
    )
    async def send_my_registration_links(
        self, info: Info, email: Email
    ) -> SendMyRegistrationLinksPayload:
        await send_my_registration_links(command_context(info), email)
        return SendMyRegistrationLinksPayload(message=LINKS_SENT)
