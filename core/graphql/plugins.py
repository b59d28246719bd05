"""The plugins in GraphQL: the list of plugins, ``Department.plugin`` and ``Department.extension``.

Nothing here calls a plugin except ``department_extension``, which asks the department's plugin
only, and records its failure on the request's context instead of failing the query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from core.hooks import manager as hook_manager
from core.hooks import types as hook_types
from core.hooks.graphql import DepartmentExtension
from core.hooks.manager import PluginDescription, guarded
from core.services.departments import departments_by_codes

if TYPE_CHECKING:
    from core.graphql.types.department import DepartmentType

Department = Annotated["DepartmentType", strawberry.lazy("core.graphql.types.department")]

if TYPE_CHECKING:  # strawberry.enum gives back the class it marks
    PluginStatus = hook_manager.PluginStatus
else:
    PluginStatus = strawberry.enum(
        hook_manager.PluginStatus,
        description="Whether a plugin runs: LOADED, DISABLED by the settings, or FAILED to load.",
    )
if TYPE_CHECKING:  # strawberry.enum gives back the class it marks
    RuleSubject = hook_types.RuleSubject
else:
    RuleSubject = strawberry.enum(
        hook_types.RuleSubject,
        description="What a rule checks: a registration, a session or an event.",
    )
if TYPE_CHECKING:  # strawberry.enum gives back the class it marks
    RegistrationTargetKind = hook_types.TargetKind
else:
    RegistrationTargetKind = strawberry.enum(
        hook_types.TargetKind,
        name="RegistrationTargetKind",
        description="What a registration is for: a training session or an event.",
    )


@strawberry.type(name="Rule", description="A rule a plugin enforces.")
class RuleType:
    """One entry of a plugin's rule catalogue."""

    code: str = strawberry.field(description="Stable code, unique across plugins.")
    subject: RuleSubject = strawberry.field(description="What the rule checks.")
    description: str = strawberry.field(description="The rule in one line, in French.")
    targets: list[RegistrationTargetKind] = strawberry.field(
        description="For a registration rule, the registrations it concerns; empty: all."
    )

    @classmethod
    def from_rule(cls, rule: hook_types.Rule) -> RuleType:
        """The GraphQL object of a rule."""
        return cls(
            code=rule.code,
            subject=rule.subject,
            description=rule.description,
            targets=sorted(rule.targets),
        )


@strawberry.type(name="PluginFailure", description="A plugin that failed, and where.")
class PluginFailureType:
    """A plugin that raised while the service called it; what it should have given is left out."""

    plugin: str = strawberry.field(description="Name of the plugin.")
    hook: str = strawberry.field(
        description="What failed: `load`, the synchronisation of its content, or a hook's name."
    )
    message: str = strawberry.field(description="What it means, in French.")

    @classmethod
    def from_failure(cls, failure: hook_types.PluginFailure) -> PluginFailureType:
        """The GraphQL object of a failure."""
        return cls(plugin=failure.plugin, hook=failure.hook, message=failure.message)


@strawberry.type(
    name="Plugin",
    description="A plugin of the service: the regional rules, or a department's COTER plugin.",
)
class PluginType:
    """A plugin as ``cps plugins`` lists it."""

    name: str = strawberry.field(description='Name of the plugin ("dept_44", "regional").')
    version: str | None = strawberry.field(description="Version of its distribution.")
    distribution: str | None = strawberry.field(
        description="The installed distribution that provides it."
    )
    status: PluginStatus = strawberry.field(description="Whether it runs.")
    hooks: list[str] = strawberry.field(description="The hooks it implements.")
    rules: list[RuleType] = strawberry.field(description="The rules it enforces.")
    department_code: strawberry.Private[str | None]

    @classmethod
    def from_description(cls, described: PluginDescription) -> PluginType:
        """The GraphQL object of a plugin."""
        return cls(
            name=described.name,
            version=described.version,
            distribution=described.distribution,
            status=described.status,
            hooks=list(described.hooks),
            rules=[RuleType.from_rule(rule) for rule in described.rules],
            department_code=described.department_code,
        )

    @strawberry.field(description="The department it speaks for; null for a regional plugin.")
    async def department(self, info: Info) -> Department | None:
        from core.graphql.types.department import DepartmentType

        if self.department_code is None:
            return None
        row = await info.context.loaders(departments_by_codes).load(self.department_code)
        return DepartmentType.from_model(row) if row else None

    @strawberry.field(
        description="Its failures since the service started: loading, or synchronising its content."
    )
    def failures(self, info: Info) -> list[PluginFailureType]:
        return [
            PluginFailureType.from_failure(failure)
            for failure in info.context.plugin_manager.startup_failures
            if failure.plugin == self.name
        ]


def plugin_of_department(info: Info, department_code: str) -> PluginType | None:
    """The plugin that speaks for a department, if one is loaded."""
    plugins = info.context.plugin_manager
    name = plugins.department_plugin(department_code)
    return PluginType.from_description(plugins.description(name)) if name else None


def department_extension(info: Info, department_code: str) -> DepartmentExtension | None:
    """What the department's plugin adds under it; ``None`` (and a recorded failure) if the
    plugin raises or returns something the schema does not know."""
    plugins = info.context.plugin_manager
    name = plugins.department_plugin(department_code)
    if name is None:
        return None
    hook = "cps_department_extension"

    def ask() -> DepartmentExtension | None:
        value = plugins.ask(name, hook)
        if value is None:
            return None
        definition = getattr(type(value), "__strawberry_definition__", None)
        if (
            not isinstance(value, DepartmentExtension)
            or definition is None
            or info.schema.get_type_by_name(definition.name) is None
        ):
            raise TypeError(f"{hook} a renvoyé {type(value).__name__}, absent du schéma")
        return value

    value, failure = guarded(name, hook, ask, None)
    if failure is not None:
        info.context.plugin_failures.append(failure)
    return value


@strawberry.type
class PluginQuery:
    """The root fields about plugins."""

    @strawberry.field(
        description="The plugins of the service: the regional rules first, then the "
        "departments' plugins, with their rules; disabled and failed ones included."
    )
    def plugins(self, info: Info) -> list[PluginType]:
        return [
            PluginType.from_description(described)
            for described in info.context.plugin_manager.describe()
        ]
