"""Who may open each back-office route: anonymous visitors are sent to sign in, department
staff are refused regional screens (a French 403 page, nothing changed), regional staff get
in; a posted form without its CSRF token is refused. Every route under /gestion is listed
here (a test checks it), so a new screen cannot forget its permission."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.routing import Route

from core.backoffice.routes import backoffice_routes
from core.db import seeded_public_id
from core.models import AuditEntry
from tests.backoffice.signing_in import csrf_of


@dataclass(frozen=True)
class Door:
    """A back-office route as a test calls it, and who may pass."""

    method: str
    path: str
    department_44: bool  # a department-44 account may open it
    form: tuple[tuple[str, str], ...] = ()
    # The route's template, when it is not the path with its IDs as ``{public_id}``.
    template: str | None = None
    # What regional staff get, when not the page or a redirect after an audited write.
    regional: tuple[int, ...] | None = None
    # What a department-44 account gets at a door open to all staff, when not 403: an
    # object found for its own only ("not found" for another's, as if it did not exist).
    department_44_status: tuple[int, ...] | None = None

    @property
    def route(self) -> str:
        """The route's path, as the router knows it."""
        if self.template is not None:
            return self.template
        path = self.path.split("?")[0].replace(SESSION_6, "{public_id}")
        return path.replace(UNKNOWN, "{public_id}")


# The sign-in pages are open to everyone (tests/backoffice/test_sign_in.py).
PUBLIC = {
    "/gestion/connexion",
    "/gestion/connexion/envoye",
    "/gestion/connexion/lien/{secret}",
}

UNKNOWN = "00000000-0000-4000-8000-000000000000"
SESSION_6 = seeded_public_id("session:2025-6")  # Nantes or La Roche-sur-Yon: 44 and 85
S6 = f"/gestion/sessions/{SESSION_6}"
NEW_IN_ANGERS = (
    ("annee", "2026"), ("numero", "1"), ("module", "1"), ("commune", "Angers"),
    ("code_postal", "49000"), ("jour1_date", "12/01/2026"), ("jour1_debut", "09:00"),
    ("jour1_fin", "17:00"), ("jour2_date", "13/01/2026"), ("jour2_debut", "09:00"),
    ("jour2_fin", "17:00"), ("jour3_date", "14/01/2026"), ("jour3_debut", "09:00"),
    ("jour3_fin", "17:00"),
)

# Events, actions and resources: the practice-exchange day and an action of Vendée (85), a
# department-44 account does not cover them; resources are regional staff's to change.
EVENT_85 = "/gestion/evenements/" + seeded_public_id("event:2025-practice-exchange-85")
ACTION_85 = "/gestion/actions/" + seeded_public_id("action:2025-practice-exchange-85")
RESOURCE_1 = "/gestion/ressources/" + seeded_public_id("resource:porte-cles-sante-6")
NEW_EVENT_IN_ANGERS = (
    ("titre", "Rencontre départementale 2026"), ("type", "DEPARTMENT_EVENT"),
    ("departement", "49"), ("date", "15/06/2026"), ("debut", "09:00"), ("fin", "17:00"),
    ("commune", "Angers"), ("code_postal", "49100"), ("public", "1"),
)
EVENT_85_CHANGED = (
    ("titre", "Journée d'échanges — Vendée"), ("statut", "PLANNED"), ("date", "16/10/2025"),
    ("debut", "09:00"), ("fin", "17:00"), ("commune", "La Roche-sur-Yon"),
    ("code_postal", "85000"), ("public", "1"),
)
NEW_ACTION_IN_49 = (
    ("departement", "49"), ("type", "EVIDENCE_BASED_PROGRAMME"), ("titre", "Soutien à PSFP"),
    ("programme", "PSFP"), ("debut", "01/01/2026"), ("fin", "31/12/2026"),
)
ACTION_85_CHANGED = (
    ("type", "TRAINER_TRAINING"), ("titre", "Journée d'échanges — Vendée"),
    ("debut", "16/10/2025"), ("fin", "16/10/2025"),
)
NEW_RESOURCE = (
    ("titre", "Guide CPS"), ("type", "SYNTHESIS"), ("description", "Un guide."),
    ("url", "https://www.example.org/guide"),
)

# Session 6 is held in Nantes (44) or La Roche-sur-Yon (85): a department-44 account does not
# cover it. No registration has this ID: regional staff get the page saying so.
REGISTRATIONS_6 = "/gestion/inscriptions/formations/" + seeded_public_id("session:2025-6")
TARGET = "/gestion/inscriptions/{kind}/{public_id}"
NO_REGISTRATION = REGISTRATIONS_6 + "/00000000-0000-4000-8000-000000000000"


# Béatrice Beaudouin, referent of the 49 and the 85: a department-44 account does not cover her.
BEATRICE = seeded_public_id("person:beatrice-beaudouin")
PERSON = "/gestion/annuaire/{public_id}"
PERSON_FORM = (
    ("prenom", "Béatrice"), ("nom", "Beaudouin"), ("roles", "REFERENT"), ("departements", "49"),
    ("departements", "85"), ("accord", "1"), ("accord_date", "01/01/2025"),
)
ORGANIZATION = "/gestion/organisations/{public_id}"
PROMOTION_SANTE = "/gestion/organisations/" + seeded_public_id("organization:promotion-sante")


def _registration_doors(action: str) -> list[Door]:
    return [
        Door(method, f"{NO_REGISTRATION}/{action}", department_44=False,
             template=f"{TARGET}/{{registration}}/{action}", regional=(404,))
        for method in ("GET", "POST")
    ]


DOORS = [
    Door("GET", "/gestion", department_44=True),
    Door("GET", "/gestion/sessions?annee=2025", department_44=True),
    Door("GET", "/gestion/sessions/nouvelle", department_44=True),
    Door("POST", "/gestion/sessions/nouvelle", department_44=False, form=NEW_IN_ANGERS),
    Door("GET", S6, department_44=False),
    Door("POST", S6 + "/dupliquer", department_44=False, form=(("dupliquer_annee", "2026"),)),
    Door(
        "POST", S6 + "/journees/deplacer", department_44=False,
        form=(("deplacer_jour", "2025-12-02"), ("deplacer_date", "03/12/2025"), ("confirme", "1")),
    ),
    Door(
        "POST", S6 + "/journees/ajouter", department_44=False,
        form=(("ajouter_date", "04/12/2025"), ("ajouter_debut", "09:00"), ("ajouter_fin", "17:00"),
              ("ajouter_raison", "Rattrapage"), ("confirme", "1")),
    ),
    Door(
        "POST", S6 + "/journees/retirer", department_44=False,
        form=(("retirer_jour", "2025-12-02"), ("retirer_raison", "Report"), ("confirme", "1")),
    ),
    Door(
        "POST", S6 + "/modifier", department_44=False,
        form=(("modifier_places", "20"), ("modifier_confirmee", "1"), ("confirme", "1")),
    ),
    Door(
        "POST", S6 + "/lieu", department_44=False,
        form=(("commune", "Nantes"), ("code_postal", "44000"), ("commune2", "La Roche-sur-Yon"),
              ("code_postal2", "85000"), ("confirme", "1")),
    ),
    Door("POST", S6 + "/intervenants", department_44=False),
    Door("POST", S6 + "/annuler", department_44=False, form=(("confirme", "1"),)),
    Door("GET", "/gestion/evenements?annee=2025", department_44=True),
    Door("GET", "/gestion/evenements/nouveau", department_44=True),
    Door("POST", "/gestion/evenements/nouveau", department_44=False, form=NEW_EVENT_IN_ANGERS),
    Door("GET", EVENT_85, department_44=False, template="/gestion/evenements/{public_id}"),
    Door("POST", EVENT_85 + "/modifier", department_44=False, form=EVENT_85_CHANGED,
         template="/gestion/evenements/{public_id}/modifier"),
    Door("POST", EVENT_85 + "/annuler", department_44=False, form=(("confirme", "1"),),
         template="/gestion/evenements/{public_id}/annuler"),
    Door("GET", "/gestion/actions", department_44=True),
    Door("GET", "/gestion/actions/nouvelle", department_44=True),
    Door("POST", "/gestion/actions/nouvelle", department_44=False, form=NEW_ACTION_IN_49),
    Door("GET", ACTION_85, department_44=False, template="/gestion/actions/{public_id}"),
    Door("POST", ACTION_85 + "/modifier", department_44=False, form=ACTION_85_CHANGED,
         template="/gestion/actions/{public_id}/modifier"),
    Door("POST", ACTION_85 + "/archiver", department_44=False, form=(("confirme", "1"),),
         template="/gestion/actions/{public_id}/archiver"),
    Door("GET", "/gestion/ressources", department_44=True),
    Door("GET", "/gestion/ressources/nouvelle", department_44=False),
    Door("POST", "/gestion/ressources/nouvelle", department_44=False, form=NEW_RESOURCE),
    Door("GET", RESOURCE_1, department_44=False, template="/gestion/ressources/{public_id}"),
    Door("POST", RESOURCE_1 + "/modifier", department_44=False,
         form=(("titre", "Porte-Clés Santé n°6"), ("type", "KNOWLEDGE_FILE"),
               ("description", "Dossier de connaissances.")),
         template="/gestion/ressources/{public_id}/modifier"),
    Door("POST", RESOURCE_1 + "/archiver", department_44=False, form=(("confirme", "1"),),
         template="/gestion/ressources/{public_id}/archiver"),
    Door("GET", "/gestion/annuaire", department_44=True),
    Door("GET", "/gestion/annuaire?role=REFERENT&departement=44", department_44=True),
    Door("GET", "/gestion/annuaire/nouvelle", department_44=True),
    Door(
        "POST", "/gestion/annuaire/nouvelle", department_44=False,
        form=(("prenom", "Lou"), ("nom", "Girard"), ("roles", "DEPARTMENT_TRAINER"),
              ("departements", "85")),
    ),
    Door("GET", f"/gestion/annuaire/{BEATRICE}", department_44=False, template=PERSON),
    Door("POST", f"/gestion/annuaire/{BEATRICE}", department_44=False, form=PERSON_FORM,
         template=PERSON),
    Door("POST", f"/gestion/annuaire/{BEATRICE}/archiver", department_44=False,
         form=(("confirme", "1"),), template=PERSON + "/archiver"),
    Door("GET", "/gestion/organisations", department_44=False),
    Door("GET", "/gestion/organisations/nouveau", department_44=False),
    Door(
        "POST", "/gestion/organisations/nouveau", department_44=False,
        form=(("nom", "Ligue de l'enseignement"), ("nom_court", "Ligue")),
    ),
    Door("GET", PROMOTION_SANTE, department_44=False, template=ORGANIZATION),
    Door(
        "POST", PROMOTION_SANTE, department_44=False, template=ORGANIZATION,
        form=(("nom", "Promotion Santé Pays de la Loire"), ("nom_court", "Promotion Santé"),
              ("membre", "1"), ("site", "https://www.promotionsante-pdl.fr")),
    ),
    Door("GET", "/gestion/jetons", department_44=False),
    Door(
        "POST", "/gestion/jetons", department_44=False,
        form=(("nom", "Partenaire"), ("role", "PARTNER")),
    ),
    Door("POST", f"/gestion/jetons/{UNKNOWN}/revoquer", department_44=False),
    Door("GET", "/gestion/abonnements", department_44=True),
    Door(
        "POST", "/gestion/abonnements", department_44=False,
        form=(("libelle", "Outlook"), ("calendrier", "85")), regional=(200,),
    ),
    Door("POST", f"/gestion/abonnements/{UNKNOWN}/nouvelle-adresse", department_44=False,
         department_44_status=(404,)),
    Door("POST", f"/gestion/abonnements/{UNKNOWN}/revoquer", department_44=False,
         department_44_status=(404,)),
    Door("GET", "/gestion/webhooks", department_44=False),
    Door("POST", "/gestion/webhooks", department_44=False, regional=(400,)),
    Door("GET", f"/gestion/webhooks/{UNKNOWN}", department_44=False),
    Door("POST", f"/gestion/webhooks/{UNKNOWN}/supprimer", department_44=False),
    Door("GET", "/gestion/journal", department_44=True),
    Door("GET", "/gestion/journal?departement=44", department_44=True),
    Door("GET", "/gestion/inscriptions", department_44=True),
    Door("GET", REGISTRATIONS_6, department_44=False, template=TARGET),
    Door("GET", REGISTRATIONS_6 + "/participants.csv", department_44=False,
         template=TARGET + "/participants.{extension}"),
    Door("GET", REGISTRATIONS_6 + "/emargement/2025-11-17.pdf", department_44=False,
         template=TARGET + "/emargement/{day}.pdf"),
    *_registration_doors("confirmer"),
    *_registration_doors("refuser"),
    *_registration_doors("deplacer"),
    Door("POST", REGISTRATIONS_6 + "/annulation", department_44=False,
         form=(("inscriptions", "00000000-0000-4000-8000-000000000000"), ("confirme", "oui")),
         template=TARGET + "/annulation", regional=(400,)),
]


def test_every_back_office_route_is_in_the_table():
    routed = {
        (method, route.path)
        for route in backoffice_routes()
        if isinstance(route, Route) and route.path not in PUBLIC
        for method in (route.methods or ()) - {"HEAD"}
    }
    tested = {(door.method, door.route) for door in DOORS} | {
        ("POST", "/gestion/deconnexion")
    }
    assert routed <= tested, routed - tested


async def _audit_count(app: Starlette) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(func.count()).select_from(AuditEntry))


async def _send(http: httpx.AsyncClient, door: Door, *, with_token: bool = True) -> httpx.Response:
    if door.method == "GET":
        return await http.get(door.path)
    page = await http.get("/gestion")
    data = dict(door.form)
    if with_token and page.status_code == 200:
        data["csrf"] = csrf_of(page)
    return await http.post(door.path, data=data)


@pytest.mark.parametrize("door", DOORS, ids=lambda door: f"{door.method} {door.path}")
async def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client, door):
    answer = await _send(anonymous_client, door)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/gestion/connexion")
    assert answer.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("door", DOORS, ids=lambda door: f"{door.method} {door.path}")
async def test_department_staff_pass_only_their_doors(app, department_44_client, door):
    before = await _audit_count(app)
    answer = await _send(department_44_client, door)
    if door.department_44:
        assert answer.status_code in (200, 303), answer.text
        return
    if door.department_44_status is not None:
        assert answer.status_code in door.department_44_status, answer.text
        assert await _audit_count(app) == before
        return
    assert answer.status_code == 403
    assert "Accès refusé" in answer.text and "Rien n'a été modifié" in answer.text
    assert "le département 44" in answer.text
    assert await _audit_count(app) == before


@pytest.mark.parametrize("door", DOORS, ids=lambda door: f"{door.method} {door.path}")
async def test_regional_staff_pass_every_door(app, regional_client, door):
    before = await _audit_count(app)
    answer = await _send(regional_client, door)
    if door.regional is not None:
        assert answer.status_code in door.regional, answer.text
    elif UNKNOWN in door.path:
        # Past the permission check, the object is looked for: none has this ID.
        assert answer.status_code == 404
        assert "Introuvable" in answer.text
        return
    else:
        assert answer.status_code in (200, 303), answer.text
        if door.method == "POST" and door.path != "/gestion/jetons":
            assert answer.status_code == 303
            assert await _audit_count(app) > before
    assert answer.headers["cache-control"] == "private, no-store"
    assert "noindex" in answer.headers["x-robots-tag"]


@pytest.mark.parametrize(
    "door", [door for door in DOORS if door.method == "POST"],
    ids=lambda door: f"{door.method} {door.path}",
)
async def test_every_form_posted_without_its_csrf_token_is_refused(app, regional_client, door):
    before = await _audit_count(app)
    answer = await _send(regional_client, door, with_token=False)
    assert answer.status_code == 403
    assert "CSRF_REFUSED" in answer.text and "Rien n'a été modifié" in answer.text
    assert await _audit_count(app) == before


async def test_the_menu_shows_department_staff_only_their_sections(
    regional_client, department_44_client
):
    regional = (await regional_client.get("/gestion")).text
    department = (await department_44_client.get("/gestion")).text
    for label in ("Tableau de bord", "Sessions", "Annuaire", "Calendriers privés", "Journal"):
        assert f">{label}</a>" in regional and f">{label}</a>" in department
    for label in ("Jetons d&#39;API", "Organismes", "Webhooks"):
        assert f">{label}</a>" in regional and f">{label}</a>" not in department


async def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(app, regional_client):
    before = await _audit_count(app)
    answer = await regional_client.post("/gestion/deconnexion", data={})
    assert answer.status_code == 403
    assert "CSRF_REFUSED" in answer.text
    assert await _audit_count(app) == before
    assert (await regional_client.get("/gestion")).status_code == 200
    forged = await regional_client.post(
        "/gestion/deconnexion",
        data={"csrf": regional_client.cookies["cps_csrf"]},
        headers={"origin": "https://autre-site.example"},
    )
    assert forged.status_code == 403
    assert (await regional_client.get("/gestion")).status_code == 200
