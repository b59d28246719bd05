"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from core.models.access import ApiToken, AuditEntry, FeedSubscription, IdempotencyKey
from core.models.action import Action
from core.models.department import Department
from core.models.event import Event, EventLeader
from core.models.feed_entry_text import FeedEntryText
from core.models.feed_version import FeedEntryVersion, FeedVersion
from core.models.module import ModulePrerequisite, TrainingModule
from core.models.organization import Institution, Organization
from core.models.outbox import OutboxChannel, OutboxMessage, OutboxStatus
from core.models.person import Person, PersonDepartment, PersonInstitution, PersonRoleAssignment
from core.models.plugin_content import PluginContent
from core.models.rate_limit import RateLimitWindow
from core.models.registration import Registration
from core.models.registration_link import LinkPurpose, RegistrationLink
from core.models.resource import Resource, ResourceTheme
from core.models.revision import data_revision
from core.models.staff_account import StaffAccount, StaffSignInLink, StaffWebSession
from core.models.training_session import SessionDay, SessionPlace, SessionTrainer, TrainingSession
from core.models.webhook import Webhook, WebhookDelivery
from core.models import touch  # noqa: F401  (registers the listener that touches parents)

__all__ = [
    "Action",
    "ApiToken",
    "AuditEntry",
    "Department",
    "Event",
    "EventLeader",
    "FeedEntryText",
    "FeedEntryVersion",
    "FeedSubscription",
    "FeedVersion",
    "IdempotencyKey",
    "LinkPurpose",
    "Institution",
    "ModulePrerequisite",
    "Organization",
    "OutboxChannel",
    "OutboxMessage",
    "OutboxStatus",
    "Person",
    "PersonDepartment",
    "PersonInstitution",
    "PersonRoleAssignment",
    "PluginContent",
    "RateLimitWindow",
    "Registration",
    "RegistrationLink",
    "Resource",
    "ResourceTheme",
    "SessionDay",
    "SessionPlace",
    "SessionTrainer",
    "StaffAccount",
    "StaffSignInLink",
    "StaffWebSession",
    "TrainingModule",
    "TrainingSession",
    "Webhook",
    "WebhookDelivery",
    "data_revision",
]
