"""The site's settings: one object, declared and checked here, whether MkDocs, the CLI or a test builds the site.

`OPTIONS` declares what `mkdocs.yml` may set under the plugin (the plugin's MkDocs config is made from it);
`Settings.from_options` checks the values and adds what comes from MkDocs' own configuration, so a bad value
fails early with a sentence that names its option.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .licence import DEFAULT as DEFAULT_LICENCE
from .licence import Licence, LicenceError, licence

# OpenStreetMap's standard tiles: the `tiles` and `tile_attribution` options replace them.
DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragydere'
DEFAULT_PUBLIC_URL = "https://velfaerdskataloget.github.io/catalogue/"
DEFAULT_BRANCH = "main"
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")


@dataclass(frozen=True)
class Option:
    """One setting of the plugin in `mkdocs.yml`."""

    name: str
    kind: str  # "dir" or "file" (must exist), or "text"
    default: str | None
    help: str


OPTIONS = (
    Option("catalogue", "dir", "catalogue", "the folder of the records"),
    Option("boundaries", "file", None, "GeoJSON of municipality boundaries: outlines and choropleth on the maps, "
           "and the place checks use it instead of the committed simplified boundaries"),
    Option("tiles", "text", DEFAULT_TILES, "map tile URL template: the one third-party request the site makes"),
    Option("tile_attribution", "text", DEFAULT_ATTRIBUTION, "HTML shown on every map, as the tile provider asks"),
    Option("licence", "text", "CC-BY-4.0", "SPDX id of the open data's licence, in the footer and every export"),
    Option("licence_name", "text", None, "the licence's name, for a licence not built in (generator/licence.py)"),
    Option("licence_url", "text", None, "the licence's URL, for a licence not built in"),
    Option("public_url", "text", None, "the site's public address, for the absolute URLs of the exports "
           "(default: MkDocs' site_url)"),
    Option("contact_email", "text", None, "the catalogue's own address: where \"report a mistake\" writes for an "
           "organisation that gives no e-mail"),
)


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the option."""

    def __init__(self, option: str, message: str):
        super().__init__(f"option '{option}': {message}")
        self.option = option


@dataclass(frozen=True)
class Settings:
    catalogue_dir: str = "catalogue"
    boundaries: str | None = None
    tiles: str = DEFAULT_TILES  # map tile URL template (Leaflet's {z}/{x}/{y}); the only third-party request
    tile_attribution: str = DEFAULT_ATTRIBUTION
    licence: Licence = DEFAULT_LICENCE  # of the open data: in the footer and in every export
    public_url: str = DEFAULT_PUBLIC_URL  # absolute URLs of sitemap, feeds, DCAT, JSON-LD
    repo_url: str = ""  # MkDocs' repo_url: where "suggest a correction" edits a record
    edit_branch: str = "main"  # the branch the site is built from (MkDocs' edit_uri names it)
    catalogue_path: str = "catalogue"  # the records' folder as the repository spells it, from its root
    contact_email: str = ""  # the catalogue's own address, for "report a mistake" when an organisation gives none
    site_url: str = ""  # MkDocs' site_url: the absolute address in embed snippets (else the browser's location)
    preview: bool = False  # `mkdocs serve`: pages say that search, maps and open data wait for a full build

    @classmethod
    def from_options(cls, options: Mapping[str, object], *, repo_url: str = "", site_url: str = "",
                     edit_uri: str = "", docs_dir: str = "", config_dir: str = "") -> Settings:
        """The settings from the plugin's options (`OPTIONS`) and MkDocs' own: `repo_url` and `site_url`, and
        `edit_uri` with `docs_dir` and the folder of `mkdocs.yml`, which say where the repository's root and the
        branch are (MkDocs hands the catalogue's folder over as an absolute path of the building machine)."""
        values = {o.name: options.get(o.name, o.default) for o in OPTIONS}
        try:
            chosen = licence(values["licence"], values["licence_name"], values["licence_url"])
        except LicenceError as e:
            raise SettingsError("licence", str(e)) from None
        url = values["public_url"] or site_url or ""
        if url and not url.startswith(("https://", "http://")):
            raise SettingsError("public_url", f"must start with https:// or http://, not '{url}'")
        contact = values["contact_email"] or ""
        if contact and not _EMAIL.fullmatch(contact):
            raise SettingsError("contact_email", f"'{contact}' is not an e-mail address")
        branch, root = repository(edit_uri, docs_dir, config_dir)
        return cls(
            catalogue_dir=str(values["catalogue"]),
            catalogue_path=in_repository(str(values["catalogue"]), root),
            edit_branch=branch,
            contact_email=contact,
            boundaries=values["boundaries"],
            tiles=values["tiles"],
            tile_attribution=values["tile_attribution"],
            licence=chosen,
            public_url=(url.rstrip("/") + "/") if url else DEFAULT_PUBLIC_URL,
            repo_url=repo_url or "",
            site_url=site_url or "",
        )


def repository(edit_uri: str, docs_dir: str, config_dir: str) -> tuple[str, str]:
    """(branch, the repository's root folder) from MkDocs' `edit_uri` (`edit/<branch>/<docs path>/`), which
    edits the docs in the same repository: the root is `docs_dir` less that docs path. Without a usable
    edit_uri: DEFAULT_BRANCH, and the folder of mkdocs.yml as the root."""
    parts = [p for p in PurePosixPath(edit_uri or "").parts if p not in ("/", "")]
    docs = Path(docs_dir).parts if docs_dir else ()
    if len(parts) >= 2 and parts[0] in ("edit", "blob") and not edit_uri.startswith(("http://", "https://")):
        # A branch may hold "/" itself: the docs path is the longest tail that docs_dir ends with.
        for cut in range(2, len(parts) + 1):
            tail = tuple(parts[cut:])
            if not tail or (len(docs) > len(tail) and docs[-len(tail):] == tail):
                root = str(Path(*docs[: len(docs) - len(tail)])) if docs else config_dir
                return "/".join(parts[1:cut]), root
    return DEFAULT_BRANCH, config_dir


def in_repository(path: str, root: str) -> str:
    """`path` (absolute, or relative to the root) as the repository spells it from its root, in "/" form."""
    if not root or not os.path.isabs(path):
        return PurePosixPath(*Path(path).parts).as_posix().strip("/") if path else ""
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    return "" if rel == ".." or rel.startswith("../") else PurePosixPath(*Path(rel).parts).as_posix()
