"""The root ``Mutation`` and the staff queries, assembled from one class per object."""

from __future__ import annotations

import strawberry

from core.graphql.mutations.calendar_subscriptions import (
    CalendarSubscriptionMutation,
    CalendarSubscriptionQuery,
)
from core.graphql.mutations.directory import DirectoryMutation
from core.graphql.mutations.events import EventMutation
from core.graphql.mutations.my_links import MyLinksMutation
from core.graphql.mutations.outbox import OutboxQuery
from core.graphql.mutations.personal_data import AuditQuery, PersonalDataMutation
from core.graphql.mutations.registrations import RegistrationMutation, RegistrationQuery
from core.graphql.mutations.training_sessions import TrainingSessionMutation
from core.graphql.mutations.webhooks import WebhookMutation, WebhookQuery


@strawberry.type(name="Mutation", description="What staff and registering professionals can write.")
class Mutation(
    RegistrationMutation,
    MyLinksMutation,
    TrainingSessionMutation,
    EventMutation,
    DirectoryMutation,
    PersonalDataMutation,
    CalendarSubscriptionMutation,
    WebhookMutation,
):
    """Every mutation."""


@strawberry.type
class StaffQuery(
    RegistrationQuery, AuditQuery, CalendarSubscriptionQuery, WebhookQuery, OutboxQuery
):
    """Root fields for registered people and staff; private data is checked field by field."""
