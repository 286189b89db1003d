"""The MkDocs plugin: thin glue that hands MkDocs the pages the pipeline generates.

Everything it adds comes from functions that also run without MkDocs (tests, the `catalogue` command),
so the site can move off MkDocs without touching the pipeline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import logging
from html import escape
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import staging
from .build import BuildError, build_site
from .config import OPTIONS, Option, Settings, SettingsError
from .schema import load_schema
from .serve.incremental import SiteState, restore, stash
from .serve.inputs import docs_inputs
from .serve.watch import watch
from .site.docs import generated_pages
from .site.docs_pages import nav_languages, page_meta, valid_markup
from .site.i18n import UI
from .texts import LANGS
from .urls import Paths
from .validate.problems import report

log = logging.getLogger("mkdocs.plugins.catalogue")
# The docs pages about the open data and the feeds (their Markdown source -> language).
DATA_DOCS = {Paths(lang).open_data.rstrip("/") + ".md": lang for lang in LANGS}
DATA_DOCS |= {Paths(lang).embedding.rstrip("/") + ".md": lang for lang in LANGS}


def _mkdocs_option(option: Option) -> config_options.BaseConfigOption:
    if option.kind == "dir":
        return config_options.Dir(exists=True, default=option.default)
    if option.kind == "file":
        return config_options.Optional(config_options.File(exists=True))
    if option.default is None:
        return config_options.Optional(config_options.Type(str))
    return config_options.Type(str, default=option.default)


# The plugin's options in mkdocs.yml, made from config.OPTIONS so they are declared once.
CatalogueConfig = type("CatalogueConfig", (Config,), {o.name: _mkdocs_option(o) for o in OPTIONS})


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    # Defining on_startup makes MkDocs keep this instance across the rebuilds of `mkdocs serve`, so the
    # state of the last build survives and a rebuild redoes only what an edit touched.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.state = SiteState() if command == "serve" else None
        self.docs_built = None  # the docs' inputs (serve.inputs) when MkDocs last wrote them all
        self.observer = None
        # `mkdocs build` and `gh-deploy` build into a folder of their own and swap it in when it is complete
        # (staging.py), so the site folder only ever holds a complete build; `mkdocs serve` serves a temporary
        # folder that it rebuilds in place.
        self.staged: tuple[Path, Path] | None = None  # (the site folder, the folder being built)
        self.staging = command in ("build", "gh-deploy")
        self.completed = False

    def on_config(self, config):
        if getattr(self, "staging", False) and self.staged is None:
            site = Path(config.site_dir)
            self.staged, self.mkdocs_config = (site, staging.start(site)), config
            config.site_dir = str(self.staged[1])
        try:
            self.settings = Settings.from_options(
                dict(self.config), repo_url=config.repo_url or "", site_url=config.site_url or "",
                edit_uri=config.edit_uri or "", docs_dir=config.docs_dir,
                config_dir=str(Path(config.config_file_path).parent) if config.config_file_path else "")
        except SettingsError as e:
            raise PluginError(f"catalogue plugin, {e}") from None
        if getattr(self, "state", None) is not None:
            self.settings = dataclasses.replace(self.settings, preview=True)
        if not config.copyright:
            # The docs pages (Material's footer) name the licence too, as the record pages do.
            licence = self.settings.licence
            config.copyright = (f'Data: <a href="{escape(licence.url)}" rel="license">'
                                f"{escape(licence.name)}</a>")
        return config

    def on_pre_build(self, config) -> None:
        if getattr(self, "state", None) is not None:
            # Read before MkDocs reads the docs: one edited during this build makes the next build whole.
            self.docs_reading, self.docs_built = docs_inputs(config, load_schema().root), None
            if self.state.written:
                stash(Path(config.site_dir), self.state)

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        """Under `mkdocs serve`, the pages about the open data and the feeds say that these wait for a full build."""
        if getattr(self, "state", None) is None or page.file.src_uri not in DATA_DOCS:
            return markdown
        lang = DATA_DOCS[page.file.src_uri]
        return f'!!! note "{UI[lang]["preview"]}"\n\n    {UI[lang]["preview_note"]}\n\n{markdown}'

    def on_files(self, files: Files, config) -> Files:
        for path, content in generated_pages(dt.date.today()).items():
            files.append(File.generated(config, path, content=content))
        self.docs_urls = {f.src_uri: f.url for f in files.documentation_pages()}
        return files

    def on_nav(self, nav, config, files):
        nav_languages(nav.items)  # the navigation lists both languages' pages: each item says which it is in
        return nav

    def on_page_context(self, context, page, config, nav):
        # Each docs page's language and versions, for the theme override (overrides/main.html, language.html).
        page.meta.update(page_meta(page.file.src_uri, self.docs_urls, self.settings.public_url))
        return context

    def on_post_page(self, output: str, page, config) -> str:
        return valid_markup(output)

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        return valid_markup(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config) -> None:
        state = getattr(self, "state", None)
        if state is not None:
            # MkDocs has written every docs page: they stay right until one of their inputs changes.
            self.docs_built, self.built_config = self.docs_reading, config
            if state.written:
                restore(Path(config.site_dir), state)
        self._build_catalogue(config)
        self.completed = True

    def on_build_error(self, *, error: Exception) -> None:
        self.completed = False  # also MkDocs' own refusal after the last plugin event (warnings in strict mode)

    def _build_catalogue(self, config) -> None:
        try:
            stats = build_site(Path(self.config.catalogue), Path(config.site_dir), self.settings,
                               boundaries=self.settings.boundaries, state=getattr(self, "state", None))
        except BuildError as e:
            problems = io.StringIO()
            report(e.result.problems, e.result.summary(), "text", "da", problems)
            log.error("The catalogue has errors; nothing was published:\n%s", problems.getvalue())
            raise Abort("catalogue validation failed") from None
        log.info("catalogue: %d pages for %d services and %d organisations (%s)", stats.pages, stats.services,
                 stats.organisations, ", ".join(f"{k} {v:.1f}s" for k, v in stats.timings.items()))

    def on_serve(self, server, config, builder):
        # Generated pages change when the schema or the records do, not only when docs/ does.
        self.observer = watch(server, [str(load_schema().root), str(Path(self.config.catalogue).resolve())])
        server.builder = functools.partial(self._rebuild, builder)
        return server

    def _rebuild(self, mkdocs_build, config=None) -> None:
        """`mkdocs serve`'s rebuild. MkDocs cleans the site folder and builds every docs page again for any
        change; while the docs' inputs are as they were when it last built them all, only the records changed,
        and only their pages are built again, into the site as it is."""
        if config is not None or self.docs_built is None or self.docs_built != docs_inputs(
            self.built_config, load_schema().root
        ):
            return mkdocs_build(config)
        log.info("Building the catalogue's pages (the docs are unchanged)...")
        self._build_catalogue(self.built_config)

    def on_shutdown(self) -> None:
        if getattr(self, "observer", None) is not None:
            self.observer.stop()
        if getattr(self, "staged", None) is not None:
            site, built = self.staged
            self.staged = None
            if self.completed:
                staging.swap_in(built, site)
                log.info("The complete build replaced %s", site)
            else:
                staging.discard(built)
            self.mkdocs_config.site_dir = str(site)  # where gh-deploy, which runs after this, finds the site
