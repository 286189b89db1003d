"""The site's settings: one object, declared and checked here, whether MkDocs, the CLI or a test builds the site.

`OPTIONS` declares what `mkdocs.yml` may set under the plugin (the plugin's MkDocs config is made from it);
`Settings.from_options` checks the values and adds what comes from MkDocs' own configuration, so a bad value
fails early with a sentence that names its option.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .licence import DEFAULT as DEFAULT_LICENCE
from .licence import Licence, LicenceError, licence

# OpenStreetMap's standard tiles: the `tiles` and `tile_attribution` options replace them.
DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragydere'
DEFAULT_PUBLIC_URL = "https://velfaerdskataloget.github.io/catalogue/"


@dataclass(frozen=True)
class Option:
    """One setting of the plugin in `mkdocs.yml`."""

    name: str
    kind: str  # "dir" or "file" (must exist), or "text"
    default: str | None
    help: str


OPTIONS = (
    Option("catalogue", "dir", "catalogue", "the folder of the records"),
    Option("boundaries", "file", None, "GeoJSON of municipality boundaries: outlines, choropleth, point checks"),
    Option("tiles", "text", DEFAULT_TILES, "map tile URL template: the one third-party request the site makes"),
    Option("tile_attribution", "text", DEFAULT_ATTRIBUTION, "HTML shown on every map, as the tile provider asks"),
    Option("licence", "text", "CC-BY-4.0", "SPDX id of the open data's licence, in the footer and every export"),
    Option("licence_name", "text", None, "the licence's name, for a licence not built in (generator/licence.py)"),
    Option("licence_url", "text", None, "the licence's URL, for a licence not built in"),
    Option("public_url", "text", None, "the site's public address, for the absolute URLs of the exports "
           "(default: MkDocs' site_url)"),
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
    edit_branch: str = "main"
    site_url: str = ""  # MkDocs' site_url: the absolute address in embed snippets (else the browser's location)
    preview: bool = False  # `mkdocs serve`: pages say that search, maps and open data wait for a full build

    @classmethod
    def from_options(cls, options: Mapping[str, object], *, repo_url: str = "", site_url: str = "",
                     project_dir: str = "") -> Settings:
        """The settings from the plugin's options (`OPTIONS`) and MkDocs' `repo_url` and `site_url`; `project_dir`
        is the folder of mkdocs.yml, from which the catalogue's path in the repository is reckoned."""
        values = {o.name: options.get(o.name, o.default) for o in OPTIONS}
        try:
            chosen = licence(values["licence"], values["licence_name"], values["licence_url"])
        except LicenceError as e:
            raise SettingsError("licence", str(e)) from None
        url = values["public_url"] or site_url or ""
        if url and not url.startswith(("https://", "http://")):
            raise SettingsError("public_url", f"must start with https:// or http://, not '{url}'")
        return cls(
            catalogue_dir=repository_path(str(values["catalogue"]), project_dir),
            boundaries=values["boundaries"],
            tiles=values["tiles"],
            tile_attribution=values["tile_attribution"],
            licence=chosen,
            public_url=(url.rstrip("/") + "/") if url else DEFAULT_PUBLIC_URL,
            repo_url=repo_url or "",
            site_url=site_url or "",
        )


def repository_path(folder: str, project_dir: str) -> str:
    """A folder as a path in the repository, for the "suggest a correction" links: MkDocs makes the option an
    absolute path of the machine that builds, which must not reach a public URL. A folder outside the project
    (a benchmark's catalogue) is named by its own name."""
    if not os.path.isabs(folder):
        return folder.strip("/")
    relative = os.path.relpath(folder, project_dir or os.getcwd())
    return os.path.basename(folder.rstrip("/")) if relative.startswith("..") else relative.replace(os.sep, "/")
