"""The MkDocs plugin: thin glue that hands MkDocs the pages the pipeline generates.

Everything it adds comes from functions that also run without MkDocs (tests, the `catalogue` command),
so the site can move off MkDocs without touching the pipeline.
"""

from __future__ import annotations

import datetime as dt
import functools
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
        self.docs_built = None  # the docs' inputs (serve.inputs) when MkDocs last wrote them all
        self.observer = None

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
        from .serve.inputs import docs_inputs
        from .site.incremental import stash

        if getattr(self, "state", None) is not None:
            # Read before MkDocs reads the docs: one edited during this build makes the next build whole.
            self.docs_reading, self.docs_built = docs_inputs(config, load_schema().root), None
            if self.state.written:
                stash(Path(config.site_dir), self.state)

    def on_files(self, files: Files, config) -> Files:
        for path, content in generated_pages(dt.date.today()).items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_post_build(self, config) -> None:
        state = getattr(self, "state", None)
        if state is not None:
            # MkDocs has written every docs page: they stay right until one of their inputs changes.
            self.docs_built, self.built_config = self.docs_reading, config
            if state.written:
                from .site.incremental import restore

                restore(Path(config.site_dir), state)
        self._build_catalogue(config)

    def _build_catalogue(self, config) -> None:
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
            stats = build_site(Path(self.config.catalogue), Path(config.site_dir), site,
                               boundaries=self.config.boundaries, state=getattr(self, "state", None))
        except BuildError as e:
            log.error("The catalogue has errors; nothing was published:\n%s",
                      as_text(e.result.problems, e.result.summary(), "da"))
            raise Abort("catalogue validation failed") from None
        log.info("catalogue: %d pages for %d services and %d organisations (%s)", stats.pages, stats.services,
                 stats.organisations, ", ".join(f"{k} {v:.1f}s" for k, v in stats.timings.items()))

    def on_serve(self, server, config, builder):
        from .serve.watch import watch

        # Generated pages change when the schema or the records do, not only when docs/ does.
        self.observer = watch(server, [str(load_schema().root), str(Path(self.config.catalogue).resolve())])
        server.builder = functools.partial(self._rebuild, builder)
        return server

    def _rebuild(self, mkdocs_build, config=None) -> None:
        """`mkdocs serve`'s rebuild. MkDocs cleans the site folder and builds every docs page again for any
        change (1.7 s of a rebuild at 50,000 services, with our stash and restore around it); while the
        docs' inputs are as they were when it last built them all, only the records changed, and only
        their pages are built again, into the site as it is."""
        from .serve.inputs import docs_inputs

        if config is not None or self.docs_built is None or self.docs_built != docs_inputs(
            self.built_config, load_schema().root
        ):
            return mkdocs_build(config)
        log.info("Building the catalogue's pages (the docs are unchanged)...")
        self._build_catalogue(self.built_config)

    def on_shutdown(self) -> None:
        if getattr(self, "observer", None) is not None:
            self.observer.stop()
