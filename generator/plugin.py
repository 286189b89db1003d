"""The MkDocs plugin: thin glue that hands MkDocs the pages the pipeline generates.

Everything it adds comes from functions that also run without MkDocs (tests, the `catalogue` command),
so the site can move off MkDocs without touching the pipeline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .docs import generated_pages
from .schema import load_schema


class CatalogueConfig(Config):
    catalogue = config_options.Dir(exists=True, default="catalogue")


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    def on_files(self, files: Files, config) -> Files:
        for path, content in generated_pages(dt.date.today()).items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_serve(self, server, config, builder):
        # Generated pages change when the schema or the records do, not only when docs/ does.
        server.watch(str(load_schema().root))
        server.watch(str(Path(self.config.catalogue).resolve()))
        return server
