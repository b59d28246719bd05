"""Write GraphiQL and React into core/web/static/graphiql/, from their npm packages.

The API explorer (``/api/explorateur``) must load nothing from another host, so its files are
served by the service. This script fetches the pinned packages with ``npm pack`` (the npm
registry is the only source) into a temporary folder and copies the minified browser builds
and their licences. Run it again after changing a version below:

    python tools/vendor_graphiql.py
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

# GraphiQL 3 is the last major version with a browser (UMD) build; it needs React 18.
PACKAGES = {"graphiql": "3.8.3", "react": "18.3.1", "react-dom": "18.3.1"}
FILES = {
    "graphiql": ["graphiql.min.js", "graphiql.min.css", "LICENSE"],
    "react": ["umd/react.production.min.js", "LICENSE"],
    "react-dom": ["umd/react-dom.production.min.js", "LICENSE"],
}
TARGET = Path(__file__).resolve().parent.parent / "core" / "web" / "static" / "graphiql"


def main() -> None:
    """Fetch, extract, copy; then list what was written."""
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
        subprocess.run(["npm", "pack", "--silent", *specs], cwd=folder, check=True)
        for name, version in PACKAGES.items():
            with tarfile.open(folder / f"{name}-{version}.tgz") as archive:
                archive.extractall(folder / name, filter="data")
            for file in FILES[name]:
                source = folder / name / "package" / file
                written = Path(file).name if file != "LICENSE" else f"LICENSE-{name}"
                shutil.copyfile(source, TARGET / written)
    (TARGET / "VERSIONS").write_text(
        "".join(f"{name} {version} (npm)\n" for name, version in PACKAGES.items())
    )
    for path in sorted(TARGET.iterdir()):
        print(f"{path.relative_to(TARGET.parent.parent.parent.parent)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
