"""Maps: Leaflet through folium, served from the site itself, with the points in compact JSON under data/map/.

- Leaflet, Leaflet.markercluster and Leaflet's marker images come from the XStatic packages on PyPI and are copied
  to assets/vendor/ at build time; every folium class used here points at those files instead of folium's CDNs.
- The overview map (kort/, en/map/) loads data/map/points.json: only coordinates, sorted and delta-encoded (about
  small enough gzipped for a national catalogue). A popup's name and link come from a chunk file when it opens.
- A municipality page loads data/map/municipalities/<code>.json: the points and names of the offers located in it
  or serving it and, when a boundaries file is configured, its outline.
- The municipalities index draws offers per municipality: a choropleth with boundaries, circles at the
  municipalities' centres without.
- A service page loads no Leaflet until the reader asks for the map: assets/map.js fetches it then.

Record text reaches the browser only as JSON data (with <, > and & escaped), and map.js puts it into the page with
textContent. Maps are an addition: every page also lists what its map shows.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
import xyzservices
from branca.element import CssLink, JavascriptLink
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template
from markupsafe import Markup, escape

from ..config import DEFAULT_ATTRIBUTION, DEFAULT_TILES
from ..geo import load_boundaries
from ..sanitise import inert_json
from ..urls import MAP_DATA, VENDOR
from .i18n import UI

# OpenStreetMap's route planner with the destination filled in; the reader adds where they start from.
OSM_DIRECTIONS = "https://www.openstreetmap.org/directions?to={lat}%2C{lon}#map=17/{lat}/{lon}"

SCALE = 100_000  # coordinates as integers of 1e-5 degrees: about a metre, plenty for a marker
CHUNK = 1000  # points per popup-text chunk of the overview map
DENMARK = (56.0, 11.0)
DENMARK_BOUNDS = [[54.55, 8.05], [57.75, 15.2]]  # Skagen to Gedser, Esbjerg to Bornholm
# Sequential purples (ColorBrewer), light to dark: class 0 is "no offers".
COLOURS = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"]



# --- vendor files -------------------------------------------------------------------------------------------------


def vendor_files() -> dict[str, Path]:
    """Site path under assets/vendor/ -> installed file, straight from the XStatic packages (never the repo)."""
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    cluster = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
    files = {
        "leaflet.js": leaflet / "leaflet.js",
        "leaflet.css": leaflet / "leaflet.css",
        "leaflet.markercluster.js": cluster / "leaflet.markercluster.js",
        "MarkerCluster.css": cluster / "MarkerCluster.css",
        "MarkerCluster.Default.css": cluster / "MarkerCluster.Default.css",
    }
    # leaflet.css finds the marker images at images/ beside itself.
    files.update({f"images/{p.name}": p for p in sorted((leaflet / "images").glob("*.png"))})
    return files


def write_vendor(out: Path) -> None:
    for rel, src in vendor_files().items():
        target = out / VENDOR / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)


# --- map data -----------------------------------------------------------------------------------------------------


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(inert_json(data), encoding="utf-8")


def place(loc: dict) -> str:
    """How a popup names a location: its own name, else its address."""
    where = f"{loc['street_address']}, {loc['postcode']} {loc['city']}"
    return f"{loc['name']}, {where}" if loc.get("name") else where


def directions(loc: dict, lang: str) -> Markup:
    """How to get to a place from the reader's phone: its own map app (a geo: link, which Android opens) and
    OpenStreetMap's route planner (a web page every phone opens, iPhones too). Links only: nothing is loaded
    from them until the reader follows one."""
    lat, lon = repr(float(loc["latitude"])), repr(float(loc["longitude"]))
    t = UI[lang]
    geo = f"geo:{lat},{lon}?q={lat},{lon}({quote(place(loc), safe='')})"
    # f-strings with escape(), as in SiteMaps.service: on every service page.
    return Markup(f'<p class="directions">{escape(t["directions"])}: <a href="{escape(geo)}">'
                  f'{escape(t["directions_app"])}</a> · <a href="{escape(OSM_DIRECTIONS.format(lat=lat, lon=lon))}" '
                  'rel="nofollow noopener">OpenStreetMap</a></p>')


def located_points(services: list[dict]) -> list[tuple[int, int, dict, dict]]:
    """(lat, lon as 1e-5 integers, service, location) for every location, sorted so the deltas stay small."""
    points = [
        (round(loc["latitude"] * SCALE), round(loc["longitude"] * SCALE), s, loc)
        for s in services
        for loc in s["locations"]
    ]
    points.sort(key=lambda p: (p[0], p[1], p[2]["id"], p[3]["id"]))
    return points


def _deltas(values: list[int]) -> list[int]:
    return [v - prev for prev, v in zip([0, *values], values, strict=False)]  # no point, no delta


def write_points(services: list[dict], out: Path) -> int:
    """The overview's points (columns of coordinate deltas) and their popup texts in chunks; returns how many."""
    points = located_points(services)
    index = {
        "scale": SCALE,
        "chunk": CHUNK,
        "count": len(points),
        "lat": _deltas([p[0] for p in points]),
        "lon": _deltas([p[1] for p in points]),
    }
    _write(out / MAP_DATA / "points.json", index)
    for k in range(0, len(points), CHUNK):
        rows = [[s["id"], s["name"], place(loc)] for _, _, s, loc in points[k : k + CHUNK]]
        _write(out / MAP_DATA / "points" / f"{k // CHUNK}.json", rows)
    return len(points)


def _rounded(coords, digits: int):
    if isinstance(coords, (int, float)):
        return round(coords, digits)
    return [_rounded(c, digits) for c in coords]


def geometry(shape, tolerance: float, digits: int) -> dict:
    """A shapely geometry as small GeoJSON: simplified, coordinates rounded."""
    from shapely.geometry import mapping

    simple = mapping(shape.simplify(tolerance, preserve_topology=True))
    return {"type": simple["type"], "coordinates": _rounded(simple["coordinates"], digits)}


def load_shapes(boundaries: str | Path | None, codes) -> dict:
    """Municipality code -> shapely geometry for the catalogue's municipalities; empty without a boundaries file."""
    if not boundaries:
        return {}
    shapes = load_boundaries(str(boundaries)).shapes
    return {c: shapes[c] for c in codes if c in shapes}


def municipality_data(code: str, services: list[dict], shape=None) -> dict:
    """One municipality's map: its offers' points and names, its outline and the bounds to show."""
    services = [s for s in services if s["locations"]]  # a nationwide offer without a place has no marker
    index = {s["id"]: i for i, s in enumerate(services)}
    located = located_points(services)
    points = [[loc["latitude"], loc["longitude"], index[s["id"]], place(loc)] for _, _, s, loc in located]
    inside = [(loc["latitude"], loc["longitude"]) for *_, loc in located if loc["municipality_code"] == code]
    if shape is not None:
        w, s, e, n = shape.bounds
        bounds = [[round(s, 5), round(w, 5)], [round(n, 5), round(e, 5)]]
    elif inside:
        bounds = [
            [min(p[0] for p in inside), min(p[1] for p in inside)],
            [max(p[0] for p in inside), max(p[1] for p in inside)],
        ]
    else:
        bounds = None
    return {
        "code": code,
        "bounds": bounds,
        "outline": geometry(shape, 0.0005, 5) if shape is not None else None,
        "services": [[s["id"], s["name"]] for s in services],
        "points": points,
    }


def classes(counts: list[int]) -> list[int]:
    """Lower bounds of the choropleth's classes 2.. (class 1 starts at 1, class 0 is none): quartiles of the
    municipalities that have offers, so the colours spread over the country whatever its size."""
    values = sorted(c for c in counts if c > 0)
    if not values:
        return []
    cuts = [values[len(values) * q // 4] for q in (1, 2, 3)]
    return sorted({c for c in cuts if c > 1})


def class_of(count: int, breaks: list[int]) -> int:
    return 0 if count == 0 else 1 + sum(count >= b for b in breaks)


def legend(counts: list[int]) -> list[dict]:
    """The choropleth's classes as (colour, from, to) for the page's legend."""
    breaks, top = classes(counts), max(counts, default=0)
    bounds = [1, *breaks]
    items = [{"colour": COLOURS[0], "low": 0, "high": 0}]
    for i, low in enumerate(bounds):
        high = bounds[i + 1] - 1 if i + 1 < len(bounds) else max(top, low)
        items.append({"colour": COLOURS[i + 1], "low": low, "high": high})
    return items


def areas_data(model, has_shapes: bool) -> dict:
    counts = {code: len(model.by_municipality.get(code, [])) for code in model.municipalities}
    breaks = classes(list(counts.values()))
    rows = [
        [code, m["name"], counts[code], class_of(counts[code], breaks), m["latitude"], m["longitude"]]
        for code, m in sorted(model.municipalities.items())
    ]
    return {"colours": COLOURS, "breaks": breaks, "shapes": has_shapes, "areas": rows}


def write_map_data(model, out: Path, boundaries: str | Path | None = None) -> None:
    """Everything the maps load: vendor files, the overview's points, each municipality's map, the areas."""
    write_vendor(out)
    write_points(model.services, out)
    shapes = load_shapes(boundaries, model.municipalities)
    for code in model.municipalities:
        data = municipality_data(code, model.by_municipality.get(code, []), shapes.get(code))
        _write(out / MAP_DATA / "municipalities" / f"{code}.json", data)
    _write(out / MAP_DATA / "areas.json", areas_data(model, bool(shapes)))
    if shapes:
        features = [
            {"type": "Feature", "properties": {"code": code}, "geometry": geometry(shape, 0.003, 4)}
            for code, shape in sorted(shapes.items())
        ]
        _write(out / MAP_DATA / "areas.geojson", {"type": "FeatureCollection", "features": features})


# --- folium maps in the site's pages ------------------------------------------------------------------------------


class SiteMap(folium.Map):
    """folium's Map without its page-wide CSS (html and body at 100 %, user zoom switched off): the site's layout
    and the reader's zoom stay in charge. The container is a labelled region."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}{% endmacro %}
        {% macro html(this, kwargs) %}
            <div class="map {{ this.css_class|e }}" id="{{ this.get_name() }}" role="region"
                 aria-label="{{ this.label|e }}"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {center: {{ this.location|tojson }}, crs: L.CRS.{{ this.crs }}, ...{{ this.options|tojavascript }}}
            );
        {% endmacro %}
        """
    )

    def __init__(self, label: str, css_class: str, vendor: str, **kwargs):
        # Half zoom steps let a municipality or the whole country fill the frame instead of a quarter of it.
        super().__init__(tiles=None, zoom_snap=0.5, **kwargs)
        self.label, self.css_class = label, css_class
        self.default_js = [("leaflet", vendor + "leaflet.js")]
        self.default_css = [("leaflet_css", vendor + "leaflet.css")]


class JsonCluster(MarkerCluster):
    """A marker cluster that map.js fills from a JSON file in data/map/ instead of markers inlined in the page."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = CatalogueMap.cluster(
                {{ this._parent.get_name() }}, {{ this.source|tojavascript }}, {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, source: dict, root: str, name: str):
        super().__init__(name=name, chunked_loading=True, show_coverage_on_hover=False)
        self.source = source
        self.default_js = [
            ("markerclusterjs", root + VENDOR + "leaflet.markercluster.js"),
            ("catalogue_map", root + "assets/map.js"),
        ]
        self.default_css = [
            ("markerclustercss", root + VENDOR + "MarkerCluster.css"),
            ("markerclusterdefaultcss", root + VENDOR + "MarkerCluster.Default.css"),
            ("catalogue_map_css", root + "assets/map.css"),
        ]


class JsonAreas(JSCSSMixin, folium.FeatureGroup):
    """Offers per municipality, which map.js draws from data/map/areas.json the first time the layer is shown."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = CatalogueMap.areas(
                {{ this._parent.get_name() }}, {{ this.source|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, source: dict, root: str, name: str, show: bool):
        super().__init__(name=name, show=show)
        self.source = source
        self.default_js = [("catalogue_map", root + "assets/map.js")]
        self.default_css = [("catalogue_map_css", root + "assets/map.css")]


def _walk(element) -> Iterator:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def page_parts(m: folium.Map, key: str) -> dict[str, Markup]:
    """A folium map as the three hooks of a page: links for <head>, the map's <div>, and its set-up script.

    Element ids are made from `key` so a rebuild writes the same HTML; scripts are deferred and the set-up runs
    when the page has been parsed, so the map never holds up the page's text."""
    for i, element in enumerate(_walk(m)):
        element._id = f"{key}{i}"
    figure = m.get_root()
    for child in figure._children.values():
        child.render()
    links = []
    for element in figure.header._children.values():
        if isinstance(element, JavascriptLink):
            links.append(Markup('<script src="{}" defer></script>').format(element.url))
        elif isinstance(element, CssLink):
            links.append(Markup('<link rel="stylesheet" href="{}">').format(element.url))
    script = figure.script.render()
    return {
        "head": Markup("\n").join(links),
        "body": Markup(figure.html.render().strip()),
        "script": Markup('<script>document.addEventListener("DOMContentLoaded", function () {%s});</script>')
        % Markup(script),
    }


class SiteMaps:
    """The map parts of every page, from the site model and the configured tiles."""

    def __init__(self, model, tiles: str = DEFAULT_TILES, attribution: str = DEFAULT_ATTRIBUTION):
        self.model = model
        self.tiles = tiles
        # Given as a provider, not as the URL: folium then skips looking the URL up by name among every
        # provider xyzservices knows, which is slow and happens for every municipality's map.
        self._provider = xyzservices.TileProvider(name="tiles", url=tiles, attribution=attribution)
        self.attribution = attribution

    def _tiles(self) -> folium.TileLayer:
        return folium.TileLayer(tiles=self._provider, attr=self.attribution, max_zoom=19, control=False,
                                name="".join(self.tiles.lower().split()))

    def _cluster_source(self, root: str, lang: str, service_base: str, **extra) -> dict:
        t = UI[lang]
        return {"base": root + service_base, "alt": t["map_marker"], "loading": t["map_loading"],
                "error": t["map_error"], **extra}

    def _areas(self, root: str, lang: str, municipality_base: str, show: bool) -> JsonAreas:
        t = UI[lang]
        source = {
            "url": root + MAP_DATA + "areas.json",
            "shapes": root + MAP_DATA + "areas.geojson",
            "base": root + municipality_base,
            "count": t["service_count"],
            "error": t["map_error"],
        }
        return JsonAreas(source, root, t["map_per_municipality"], show)

    def overview(self, root: str, lang: str, paths) -> dict:
        """The overview map page: all located offers clustered, offers per municipality as a layer to switch on."""
        t = UI[lang]
        m = SiteMap(t["map_overview"], "overview", root + VENDOR, location=DENMARK, zoom_start=7)
        self._tiles().add_to(m)
        m.fit_bounds(DENMARK_BOUNDS)
        source = self._cluster_source(
            root, lang, paths.service(""), url=root + MAP_DATA + "points.json", chunks=root + MAP_DATA + "points/"
        )
        JsonCluster(source, root, t["map_offers_layer"]).add_to(m)
        self._areas(root, lang, paths.municipality(""), show=False).add_to(m)
        folium.LayerControl(collapsed=False).add_to(m)
        parts = page_parts(m, "overview")
        return {
            "map_head": parts["head"],
            "map_body": parts["body"],
            "map_script": parts["script"],
            **self.table(lang, paths),
        }

    def table(self, lang: str, paths) -> dict:
        """What the maps show, as rows a keyboard or screen-reader user can read: offers per municipality."""
        rows = [
            {
                "code": code,
                "name": m["name"],
                "region": m["region_name"],
                "href": paths.municipality(code),
                "count": len(self.model.by_municipality.get(code, [])),
            }
            for code, m in sorted(self.model.municipalities.items(), key=lambda kv: kv[1]["name"])
        ]
        return {"areas": rows, "legend_html": legend_html(legend([r["count"] for r in rows]), lang)}

    def municipality(self, code: str, root: str, lang: str, paths) -> dict:
        """A municipality page's map of the offers located in it or serving it (the list below says the same)."""
        t, muni = UI[lang], self.model.municipalities[code]
        m = SiteMap(
            t["map_of"].format(name=muni["name"]),
            "municipality",
            root + VENDOR,
            location=(muni["latitude"], muni["longitude"]),
            zoom_start=10,
        )
        self._tiles().add_to(m)
        source = self._cluster_source(root, lang, paths.service(""), url=f"{root}{MAP_DATA}municipalities/{code}.json")
        JsonCluster(source, root, t["map_offers_layer"]).add_to(m)
        parts = page_parts(m, f"m{code}_")
        return {"map_head": parts["head"], "map_body": parts["body"], "map_script": parts["script"]}

    def municipalities_index(self, root: str, lang: str, paths) -> dict:
        """The municipalities index: offers per municipality, with the legend under the map."""
        t = UI[lang]
        m = SiteMap(t["map_municipalities"], "areas", root + VENDOR, location=DENMARK, zoom_start=7)
        self._tiles().add_to(m)
        m.fit_bounds(DENMARK_BOUNDS)
        self._areas(root, lang, paths.municipality(""), show=True).add_to(m)
        parts = page_parts(m, "areas")
        body = parts["body"] + self.table(lang, paths)["legend_html"]
        return {"map_head": parts["head"], "map_body": body, "map_script": parts["script"]}

    def service(self, s: dict, root: str, lang: str) -> dict:
        """A service page's small map: a button that loads Leaflet (each place has its directions links, which
        work without it)."""
        if not s["locations"]:
            return {"service_map": "", "service_map_head": "", "service_map_script": ""}
        t = UI[lang]
        points = [[loc["latitude"], loc["longitude"], place(loc)] for loc in s["locations"]]
        # f-strings with escape() on every value: Markup.format is a measurable part of a service page's rendering.
        html = Markup(
            f'<div class="map-lazy" data-lazy-map data-points="{escape(inert_json(points))}" '
            f'data-vendor="{escape(root + VENDOR)}" data-tiles="{escape(self.tiles)}" '
            f'data-attribution="{escape(self.attribution)}">'
            f'<div class="map small" role="region" aria-label="{escape(t["map_of_places"])}" hidden></div>'
            f'<p><button type="button" hidden>{escape(t["map_show"])}</button></p></div>'
        )
        script = Markup(f'<script src="{escape(root)}assets/map.js" defer></script>')
        return {"service_map": html, "service_map_head": "", "service_map_script": script}


def legend_html(items: list[dict], lang: str) -> Markup:
    t = UI[lang]
    entries = Markup("").join(
        Markup('<li><span class="swatch" style="background:{c}"></span>{label}</li>').format(
            c=i["colour"], label=str(i["low"]) if i["low"] == i["high"] else f"{i['low']}–{i['high']}"
        )
        for i in items
    )
    return Markup('<div class="map-legend"><p>{title}</p><ul>{entries}</ul></div>').format(
        title=t["map_legend"], entries=entries
    )
