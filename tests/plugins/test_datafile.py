"""A mistake in a department's data file is reported with the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.hooks import DepartmentFileError, DepartmentPlugin, load_department_file
from core.hooks.manager import PluginStatus, build_plugin_manager
from plugins import dept_53


@pytest.fixture
def data_file(tmp_path: Path):
    """Write a copy of department 53's data file with one change, and return its path."""

    def write(old: str, new: str) -> Path:
        text = dept_53.DATA_FILE.read_text(encoding="utf-8")
        assert old in text
        path = tmp_path / "department.toml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return write


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def test_the_built_in_files_are_valid():
    assert dept_53.plugin.content().department.code == "53"


@pytest.mark.parametrize(
    ("old", "new", "at", "expected"),
    [
        (
            "date = 2025-11-25",
            'date = "25/11/2025"',
            "date = ",
            "events[0].date : « 25/11/2025 » n'est pas une date au format AAAA-MM-JJ",
        ),
        (
            "postal_code =",
            'start = "9h30"\npostal_code =',
            "start = ",
            "events[0].start : « 9h30 » n'est pas une heure au format HH:MM",
        ),
        (
            'postal_code = "53000"',
            'postal_code = "530"',
            'postal_code = "530"',
            "events[0].postal_code : « 530 » n'est pas un code postal de 5 chiffres",
        ),
        (
            'kind = "DSDEN"',
            'kind = "RECTORAT"',
            'kind = "RECTORAT"',
            "coter.steering[1].kind : « RECTORAT » n'est pas une valeur permise ; valeurs "
            "possibles : 'ARS_TERRITORIAL_DELEGATION', 'DSDEN', 'DEPARTMENTAL_COUNCIL', "
            "'REGIONAL_STATE_SERVICE' ou 'EDUCATION'",
        ),
        (
            "postal_code =",
            "postal_cod =",
            "postal_cod =",
            "events[0] : clé inconnue « postal_cod » : vouliez-vous dire « postal_code » ?",
        ),
        (
            'leaders = ["anne-le-royer"]',
            'leader = ["anne-le-royer"]',
            "leader = ",
            "events[0] : clé inconnue « leader » : vouliez-vous dire « leaders » ?",
        ),
        (
            'kind = "TRAINER_TRAINING"',
            'kind = "TRAINER_TRAINING"\nperiod = 2025',
            "period = 2025",
            "actions[0] : clé inconnue « period » : vouliez-vous dire « period_end » ?",
        ),
        (
            'city = "Laval"',
            'city = "Laval"\ncity = "Évron"',
            'city = "Évron"',
            "TOML invalide : clé « city » : déjà donnée plus haut dans la même table",
        ),
        (
            "date = 2025-11-25",
            "date = 25/11/2025",
            "date = ",
            "TOML invalide : clé « date » : valeur illisible : une date s'écrit AAAA-MM-JJ (sans guillemets), "
            'une heure "HH:MM" (entre guillemets), un texte entre guillemets',
        ),
    ],
)
def test_a_mistake_is_one_french_line_with_the_file_the_line_and_what_is_expected(
    data_file, old, new, at, expected
):
    path = data_file(old, new)
    with pytest.raises(DepartmentFileError) as raised:
        load_department_file(path)
    assert str(raised.value) == f"{path}, ligne {line_of(path, at)} : {expected}"


def test_every_mistake_is_reported_one_line_each(data_file, tmp_path):
    path = data_file('postal_code = "53000"', 'postal_cod = "53000"\nstart = "9h"')
    with pytest.raises(DepartmentFileError) as raised:
        load_department_file(path)
    assert str(raised.value).splitlines() == [
        f"{path}, ligne {line_of(path, 'start = ')} : events[0].start : « 9h » n'est pas une "
        "heure au format HH:MM",
        f"{path}, ligne {line_of(path, 'postal_cod = ')} : events[0] : clé inconnue "
        "« postal_cod » : vouliez-vous dire « postal_code » ?",
    ]


def test_a_missing_key_points_at_its_table(data_file):
    path = data_file('title = "Journée', '# title = "Journée')
    with pytest.raises(DepartmentFileError) as raised:
        load_department_file(path)
    assert (
        str(raised.value)
        == f"{path}, ligne {line_of(path, '[[events]]')} : events[0].title : clé « title » "
        "manquante"
    )


def test_a_repeated_key_and_a_syntax_error(data_file, tmp_path):
    text = dept_53.DATA_FILE.read_text(encoding="utf-8")
    day = text[text.index("[[events]]") : text.index("# Les actions")]
    path = tmp_path / "twice.toml"
    path.write_text(text.replace(day, day + day), encoding="utf-8")
    with pytest.raises(DepartmentFileError) as raised:
        load_department_file(path)
    second = [
        n
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if line.startswith('key = "2025-practice')
    ][1]
    assert str(raised.value) == (
        f"{path}, ligne {second} : events[1].key : clé « 2025-practice-exchange-53 » répétée"
    )
    broken = data_file('name = "Mayenne"', 'name = "Mayenne')
    with pytest.raises(DepartmentFileError, match=r"ligne 11 : TOML invalide : clé « name » : guillemet"):
        load_department_file(broken)


def test_a_plugin_whose_file_is_wrong_fails_to_load_by_name_and_the_others_load(data_file):
    path = data_file("date = 2025-11-25", 'date = "le 25"')
    plugins = build_plugin_manager(
        builtin_only=True, disabled=["dept_53"], extra=[("mayenne", DepartmentPlugin(path))]
    )
    described = plugins.description("mayenne")
    assert described.status is PluginStatus.FAILED
    assert f"{path}, ligne {line_of(path, 'date = ')} : events[0].date" in described.error
    assert [d.name for d in plugins.loaded()] == [
        "regional",
        "dept_44",
        "dept_49",
        "dept_72",
        "dept_85",
    ]


def test_calendar_entries_from_the_file_are_paris_times(data_file):
    path = data_file(
        "# Les entrées du calendrier",
        '[[calendar]]\nkey = "date-limite-2026"\nsummary = "Date limite d\'inscription"\n'
        "start = 2026-03-02T09:00:00\nend = 2026-03-02T09:30:00\n\n# Les entrées du calendrier",
    )
    [entry] = load_department_file(path).calendar_entries()
    assert entry.uid == "date-limite-2026.dept-53@pole-cps"
    assert entry.start.isoformat() == "2026-03-02T09:00:00+01:00"
    backwards = data_file(
        "# Les entrées du calendrier",
        '[[calendar]]\nkey = "a-rebours"\nsummary = "À rebours"\n'
        "start = 2026-03-02T10:00:00\nend = 2026-03-02T09:00:00\n\n# Les entrées du calendrier",
    )
    with pytest.raises(DepartmentFileError) as raised:
        load_department_file(backwards)
    header = line_of(backwards, "[[calendar]]")
    assert str(raised.value).endswith(
        f"ligne {header} : calendar[0] : end ne suit pas start"
    )


def test_an_action_naming_an_event_of_another_file_is_refused(tmp_path):
    text = dept_53.DATA_FILE.read_text(encoding="utf-8")
    path = tmp_path / "linked.toml"
    path.write_text(
        text.replace('event = "2025-practice-exchange-53"', 'event = "2025-practice-exchange-44"'),
        encoding="utf-8",
    )
    with pytest.raises(DepartmentFileError) as raised:
        load_department_file(path)
    line = next(
        n for n, row in enumerate(path.read_text().splitlines(), 1) if row.startswith("event = ")
    )
    assert str(raised.value) == (
        f"{path}, ligne {line} : actions[0].event : "
        "aucun évènement « 2025-practice-exchange-44 » dans ce fichier"
    )
