"""Write ``core/places/communes.csv``: the communes of the five departments and their postal codes.

The list comes from the npm package ``@etalab/decoupage-administratif`` (Etalab; its data, from
INSEE's Code officiel géographique and La Poste's base of postal codes, are published under the
Licence Ouverte / Open Licence 2.0; the package's code is under the MIT licence). It is fetched
with npm into a temporary folder, so nothing but the CSV is kept in the project:

    .venv/bin/python tools/generate_communes.py [--version 6.0.0]

Run it again with a newer version when communes merge or postal codes change, and commit the file.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
DEFAULT_VERSION = "6.0.0"
DEPARTMENTS = ("44", "49", "53", "72", "85")
OUTPUT = Path(__file__).resolve().parent.parent / "core" / "places" / "communes.csv"


def fetch_communes(version: str) -> list[dict]:
    """The package's communes (``data/communes.json``), installed with npm in a temporary folder."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm est introuvable : installez Node.js et npm.")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", folder,
             f"{PACKAGE}@{version}"],
            check=True, capture_output=True, text=True,
        )
        data = Path(folder) / "node_modules" / PACKAGE / "data" / "communes.json"
        return json.loads(data.read_text(encoding="utf-8"))


def write_csv(communes: list[dict], version: str, output: Path = OUTPUT) -> int:
    """Write the current communes of ``DEPARTMENTS``, sorted by INSEE code; returns how many."""
    rows = sorted(
        (
            commune["code"],
            commune["nom"],
            commune["departement"],
            " ".join(sorted(commune.get("codesPostaux", []))),
        )
        for commune in communes
        if commune.get("type") == "commune-actuelle" and commune.get("departement") in DEPARTMENTS
    )
    with output.open("w", encoding="utf-8", newline="") as file:
        file.write(
            f"# Communes de Loire-Atlantique, Maine-et-Loire, Mayenne, Sarthe et Vendée et leurs codes "
            f"postaux.\n# Source : paquet npm {PACKAGE} {version} (Etalab ; données INSEE et La "
            "Poste sous Licence Ouverte 2.0).\n# Fichier écrit par tools/generate_communes.py : ne "
            "pas modifier à la main.\n"
        )
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["code_insee", "nom", "departement", "codes_postaux"])
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help="version of the npm package")
    version = parser.parse_args().version
    count = write_csv(fetch_communes(version), version)
    print(f"{count} communes écrites dans {OUTPUT}")


if __name__ == "__main__":
    main()
