"""The public pages: each parses its request, asks a service, renders a template.

No SQL and no rule here: the agenda and the details come from ``core.services.agenda``, the
seat counts from ``core.services.registrations``, the feeds' addresses from
``core.calendars.links``, exactly as GraphQL and the feeds get them.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from core.calendars import messages
from core.calendars.links import feed_url
from core.hooks.types import TargetKind
from core.models.enums import EventKind
from core.services import agenda as agenda_service
from core.services.agenda import AgendaCriteria, ItemKind, Period
from core.calendars.keys import FeedKey, FeedKind
from core.services.registrations.queries import seat_counts
from core.web.rendering import render
from core.web.structured_data import event_json_ld
from core.web.subscribe import SubscribeLinks

# The agenda's filters as the query string spells them, and their labels.
KINDS = {"formations": ItemKind.SESSION, "evenements": ItemKind.EVENT}
PERIODS = {"a-venir": Period.UPCOMING, "passe": Period.PAST, "tout": Period.ALL}
PERIOD_LABELS = {"a-venir": "À venir et en cours", "passe": "Passés", "tout": "Tous"}
KIND_LABELS = {"": "Formations et évènements", "formations": "Formations", "evenements": "Évènements"}


def database_reader(request: Request):
    """A connection for reading plain rows (``async with database_reader(request) as db``)."""
    return request.app.state.database.engine.connect()


def today_in_paris(request: Request):
    """The day it is in Paris, by the app's clock."""
    return request.app.state.clock.today()


def public_base_url(request: Request) -> str:
    """The service's public base URL (``CPS_BASE_URL``), for absolute links."""
    return request.app.state.settings.base_url


async def home(request: Request) -> Response:
    """``/``: the Pôle in a few words, what comes next, the practice-exchange days."""
    today = today_in_paris(request)
    async with database_reader(request) as db:
        upcoming = await agenda_service.agenda(db, AgendaCriteria(), today)
        events = await agenda_service.agenda(
            db, AgendaCriteria(kind=ItemKind.EVENT, period=Period.ALL), today
        )
        departments = await agenda_service.department_names(db)
    exchange_days = [
        item for item in events if item.event_kind is EventKind.PRACTICE_EXCHANGE_DAY
    ]
    if exchange_days:
        latest_year = max(item.first_day.year for item in exchange_days if item.first_day)
        exchange_days = [
            item for item in exchange_days
            if item.first_day is not None and item.first_day.year == latest_year
        ]
    return render(
        request,
        "home.html",
        {
            "upcoming": upcoming[:6],
            "exchange_days": exchange_days,
            "departments": departments,
            "today": today,
        },
    )


def choice_options(departments: dict[str, str], modules: dict[int, str]) -> dict[str, list]:
    """The department and module choices of a filter form, "all" first."""
    return {
        "department_options": [("", "Tous les départements")]
        + [(code, f"{name} ({code})") for code, name in departments.items()],
        "module_options": [("", "Tous les modules")]
        + [(str(number), f"Module {number} : {title}") for number, title in modules.items()],
    }


def choice_errors(
    department: str, module: str, departments: dict[str, str], modules: dict[int, str]
) -> dict[str, str]:
    """The French errors of a department and a module chosen in a form (``""``: any)."""
    found = {}
    if department and department not in departments:
        accepted = ", ".join(departments)
        found["departement"] = f"Département inconnu « {department} » : choisissez parmi {accepted}."
    if module and module not in {str(number) for number in modules}:
        numbers = " ou ".join(str(number) for number in modules)
        found["module"] = f"Module inconnu « {module} » : choisissez le module {numbers}."
    return found


@dataclass
class AgendaForm:
    """The agenda's filters as typed, and the French error of each field that is wrong."""

    departement: str = ""
    module: str = ""
    type: str = ""
    periode: str = "a-venir"

    def errors(self, departments: dict[str, str], modules: dict[int, str]) -> dict[str, str]:
        """Field name → French message, for every value not offered by the form."""
        found = choice_errors(self.departement, self.module, departments, modules)
        if self.type and self.type not in KINDS:
            found["type"] = f"Type inconnu « {self.type} » : formations ou évènements."
        if self.periode not in PERIODS:
            found["periode"] = f"Période inconnue « {self.periode} » : à venir, passés ou tous."
        return found

    def criteria(self) -> AgendaCriteria:
        """What the agenda service is asked for (the form must have no error)."""
        return AgendaCriteria(
            department_code=self.departement or None,
            module_number=int(self.module) if self.module else None,
            kind=KINDS.get(self.type),
            period=PERIODS[self.periode],
        )


async def agenda(request: Request) -> Response:
    """``/agenda``: sessions and events, upcoming by default, with filters (a GET form)."""
    query = request.query_params
    form = AgendaForm(
        departement=query.get("departement", "").strip(),
        module=query.get("module", "").strip(),
        type=query.get("type", "").strip(),
        periode=query.get("periode", "a-venir").strip() or "a-venir",
    )
    today = today_in_paris(request)
    async with database_reader(request) as db:
        departments = await agenda_service.department_names(db)
        modules = await agenda_service.module_titles(db)
        errors = form.errors(departments, modules)
        items = [] if errors else await agenda_service.agenda(db, form.criteria(), today)
    return render(
        request,
        "agenda.html",
        {
            "form": form,
            "errors": errors,
            "items": items,
            **choice_options(departments, modules),
            "kinds": KIND_LABELS,
            "periods": PERIOD_LABELS,
            "today": today,
        },
        status_code=400 if errors else 200,
    )


def _department_calendars(base_url: str, names: dict[str, str]) -> list[SubscribeLinks]:
    return [
        SubscribeLinks(
            messages.department_name(code, name),
            feed_url(base_url, FeedKey(FeedKind.DEPARTMENT, code)),
        )
        for code, name in names.items()
    ]


async def session_page(request: Request) -> Response:
    """``/formations/{id}``: a session's days, place, module, trainers and seats."""
    public_id = request.path_params["public_id"]
    async with database_reader(request) as db:
        detail = await agenda_service.session_detail(db, public_id)
        if detail is None:
            return not_found_page(request, "Cette session de formation n'existe pas.")
        (seats,) = await seat_counts(db, TargetKind.SESSION, [detail.item.row_id])
    item = detail.item
    base_url = public_base_url(request)
    module = item.module_number
    return render(
        request,
        "session.html",
        {
            "detail": detail,
            "item": item,
            "seats": seats,
            "standing": agenda_service.standing_of(item, request.app.state.clock.now()),
            "json_ld": event_json_ld(
                item, base_url + request.url.path, base_url, detail.module_title
            ),
            "today": today_in_paris(request),
            "own_calendar": SubscribeLinks(
                messages.session_name(item.number or 0, item.year, module or 0),
                feed_url(base_url, FeedKey(FeedKind.SESSION, public_id)),
            ),
            "calendars": [
                *_department_calendars(base_url, detail.department_names),
                SubscribeLinks(
                    messages.module_name(module or 0, detail.module_title),
                    feed_url(base_url, FeedKey(FeedKind.MODULE, str(module))),
                ),
            ],
        },
    )


async def event_page(request: Request) -> Response:
    """``/evenements/{id}``: a public event's day, place, leaders and access conditions."""
    public_id = request.path_params["public_id"]
    async with database_reader(request) as db:
        detail = await agenda_service.event_detail(db, public_id)
        if detail is None:
            return not_found_page(request, "Cet évènement n'existe pas ou n'est pas public.")
        (seats,) = await seat_counts(db, TargetKind.EVENT, [detail.item.row_id])
    base_url = public_base_url(request)
    return render(
        request,
        "event.html",
        {
            "detail": detail,
            "item": detail.item,
            "seats": seats,
            "standing": agenda_service.standing_of(detail.item, request.app.state.clock.now()),
            "json_ld": event_json_ld(
                detail.item, base_url + request.url.path, base_url, detail.description or ""
            ),
            "today": today_in_paris(request),
            "own_calendar": SubscribeLinks(
                messages.event_name(detail.item.title),
                feed_url(base_url, FeedKey(FeedKind.EVENT, public_id)),
            ),
            "calendars": _department_calendars(base_url, detail.department_names),
        },
    )


async def calendars_page(request: Request) -> Response:
    """``/calendriers``: every public feed, each with its one-click subscription links."""
    base_url = public_base_url(request)
    async with database_reader(request) as db:
        departments = await agenda_service.department_names(db)
        modules = await agenda_service.module_titles(db)
        trainers = await agenda_service.trainers_with_calendars(db)
    return render(
        request,
        "calendars.html",
        {
            "region": SubscribeLinks(
                messages.REGION_NAME, feed_url(base_url, FeedKey(FeedKind.REGION))
            ),
            "departments": _department_calendars(base_url, departments),
            "modules": [
                SubscribeLinks(
                    messages.module_name(number, title),
                    feed_url(base_url, FeedKey(FeedKind.MODULE, str(number))),
                )
                for number, title in modules.items()
            ],
            "trainers": [
                SubscribeLinks(
                    messages.trainer_name(trainer.full_name),
                    feed_url(base_url, FeedKey(FeedKind.TRAINER, trainer.public_id)),
                )
                for trainer in trainers
            ],
        },
    )


# The pages a search engine may list besides each session and event.
SITEMAP_PAGES = ("/", "/agenda", "/calendriers", "/integrer", "/api")


async def sitemap(request: Request) -> Response:
    """``/sitemap.xml``: the site's pages, each session's and public event's with its date."""
    async with database_reader(request) as db:
        pages = await agenda_service.public_pages(db)
    return render(
        request,
        "sitemap.xml",
        {"fixed": SITEMAP_PAGES, "pages": pages},
        media_type="application/xml",
    )


async def robots(request: Request) -> Response:
    """``/robots.txt``: everything may be indexed but the API; where the sitemap is."""
    return PlainTextResponse(
        f"User-agent: *\nDisallow: /graphql\nSitemap: {public_base_url(request)}/sitemap.xml\n"
    )


def not_found_page(request: Request, message: str) -> Response:
    """The French 404 page, saying ``message``."""
    return render(request, "not_found.html", {"message": message}, status_code=404)


async def page_not_found(request: Request, _exc: Exception) -> Response:
    """The French 404 page of any address the site does not know."""
    return not_found_page(request, "Cette page n'existe pas.")
