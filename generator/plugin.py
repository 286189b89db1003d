"""The MkDocs plugin: thin glue that hands MkDocs the pages the pipeline generates.

Everything it adds comes from functions that also run without MkDocs (tests, the `catalogue` command),
so the site can move off MkDocs without touching the pipeline.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .docs import generated_pages
from .schema import load_schema
from .site.maps import DEFAULT_ATTRIBUTION, DEFAULT_TILES

log = logging.getLogger("mkdocs.plugins.catalogue")


class CatalogueConfig(Config):
    catalogue = config_options.Dir(exists=True, default="catalogue")
    boundaries = config_options.Optional(config_options.File(exists=True))
    # Map tiles: the one third-party request the site makes, so the provider is a setting (with its attribution).
    tiles = config_options.Type(str, default=DEFAULT_TILES)
    tile_attribution = config_options.Type(str, default=DEFAULT_ATTRIBUTION)
    # The open data's licence (an SPDX id; name and URL are needed only for a licence not in export/licence.py),
    # shown in the footer and in every export; and the public address the exports' absolute URLs start with.
    licence = config_options.Type(str, default="CC-BY-4.0")
    licence_name = config_options.Optional(config_options.Type(str))
    licence_url = config_options.Optional(config_options.Type(str))
    public_url = config_options.Optional(config_options.Type(str))


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    # Defining on_startup makes MkDocs keep this instance across the rebuilds of `mkdocs serve`, so the
    # state of the last build survives and a rebuild redoes only what an edit touched.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        from .site.incremental import SiteState

        self.state = SiteState() if command == "serve" else None

    def on_config(self, config):
        from mkdocs.exceptions import PluginError

        from .export.licence import LicenceError, licence

        try:
            self.licence = licence(self.config.licence, self.config.licence_name, self.config.licence_url)
        except LicenceError as e:
            raise PluginError(f"catalogue plugin, option 'licence': {e}") from None
        url = self.config.public_url or config.site_url or ""
        if url and not url.startswith(("https://", "http://")):
            raise PluginError(f"catalogue plugin, option 'public_url': must start with https:// or http://, "
                              f"not '{url}'")
        self.public_url = (url.rstrip("/") + "/") if url else None
        if not config.copyright:
            # The docs pages (Material's footer) name the licence too, as the record pages do.
            from html import escape

            config.copyright = (f'Data: <a href="{escape(self.licence.url)}" rel="license">'
                                f"{escape(self.licence.name)}</a>")
        return config

    def on_pre_build(self, config) -> None:
        from .site.incremental import stash

        if getattr(self, "state", None) is not None and self.state.written:
            stash(Path(config.site_dir), self.state)

    def on_files(self, files: Files, config) -> Files:
        for path, content in generated_pages(dt.date.today()).items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_post_build(self, config) -> None:
        from mkdocs.exceptions import Abort

        from .problems import as_text
        from .site.build import BuildError, build_site
        from .site.render import SiteConfig

        site = SiteConfig(
            repo_url=config.repo_url or "",
            catalogue_dir=self.config.catalogue,
            tiles=self.config.tiles,
            tile_attribution=self.config.tile_attribution,
            site_url=config.site_url or "",
            licence=self.licence,
            **({"public_url": self.public_url} if self.public_url else {}),
        )
        try:
            state = getattr(self, "state", None)
            if state is not None and state.written:
                from .site.incremental import restore

                restore(Path(config.site_dir), state)
            stats = build_site(Path(self.config.catalogue), Path(config.site_dir), site,
                               boundaries=self.config.boundaries, state=state)
        except BuildError as e:
            log.error("The catalogue has errors; nothing was published:\n%s",
                      as_text(e.result.problems, e.result.summary(), "da"))
            raise Abort("catalogue validation failed") from None
        log.info("catalogue: %d pages for %d services and %d organisations (%s)", stats.pages, stats.services,
                 stats.organisations, ", ".join(f"{k} {v:.1f}s" for k, v in stats.timings.items()))

    def on_serve(self, server, config, builder):
        # Generated pages change when the schema or the records do, not only when docs/ does.
        server.watch(str(load_schema().root))
        server.watch(str(Path(self.config.catalogue).resolve()))
        return server
