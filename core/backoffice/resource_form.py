"""The resource form of the back-office: what staff typed, read into the values a directory
command takes (``core.commands.directory``: the model's field names) or into French errors by
field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.backoffice.forms import read_form
from core.backoffice.session_form import SessionForm
from core.models import Resource
from core.models.enums import ResourceKind
from core.services.catalogue import RESOURCE_KIND_LABELS

TEXT_FIELDS = ("titre", "type", "editeur", "publication", "public_vise", "url")
LONG_FIELDS = ("description",)
# The form's field of each model field: where a command's violation is shown, too.
FIELD_OF = {
    "title": "titre",
    "kind": "type",
    "description": "description",
    "publisher": "editeur",
    "published": "publication",
    "audience": "public_vise",
    "url": "url",
}
KIND_CHOICES = [(kind.value, label) for kind, label in RESOURCE_KIND_LABELS.items()]


def typed(form: Mapping[str, object]) -> dict[str, str]:
    """The form's fields as text (a link up to 300 characters, as every short field)."""
    return read_form(form, TEXT_FIELDS, LONG_FIELDS)


def read_resource(values: dict[str, str]) -> tuple[SessionForm, dict[str, Any] | None]:
    """The resource's values as the commands take them, or ``None`` with the errors by field.
    An empty title or description, a link that is not one, are the command's to refuse."""
    form = SessionForm(values, {})
    if values["type"] not in ResourceKind.__members__:
        form.add("type", "Choisissez le type de ressource.")
        return form, None
    given: dict[str, Any] = {
        model: values[field] or None for model, field in FIELD_OF.items()
    }
    given.update(
        kind=ResourceKind(values["type"]),
        title=values["titre"],
        description=values["description"],
    )
    return form, given


def values_of_resource(resource: Resource | None) -> dict[str, str]:
    """The form of an existing resource as it stands, or an empty one (``None``)."""
    if resource is None:
        return dict.fromkeys((*TEXT_FIELDS, *LONG_FIELDS), "")
    return {
        field: getattr(resource, model).value if model == "kind" else getattr(resource, model) or ""
        for model, field in FIELD_OF.items()
    }
