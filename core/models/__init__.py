"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from core.models.action import Action
from core.models.department import Department
from core.models.event import Event, EventLeader
from core.models.module import ModulePrerequisite, TrainingModule
from core.models.organization import Institution, Organization
from core.models.person import Person, PersonDepartment, PersonInstitution, PersonRoleAssignment
from core.models.resource import Resource, ResourceTheme
from core.models.training_session import SessionDay, SessionPlace, SessionTrainer, TrainingSession

__all__ = [
    "Action",
    "Department",
    "Event",
    "EventLeader",
    "Institution",
    "ModulePrerequisite",
    "Organization",
    "Person",
    "PersonDepartment",
    "PersonInstitution",
    "PersonRoleAssignment",
    "Resource",
    "ResourceTheme",
    "SessionDay",
    "SessionPlace",
    "SessionTrainer",
    "TrainingSession",
]
