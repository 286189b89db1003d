"""Every place lies where it says, checked by default: its postcode exists and lies (at least partly) in its
municipality, and its coordinates lie in that municipality, with leeway at a border. The committed postcode table
and simplified boundaries are what tools/geodata.py derives from DAGI."""

from __future__ import annotations

import json
import math

import pytest
import shapely
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from generator.build import BuildError, build_site
from generator.config import Settings
from generator.geo import BOUNDARIES_FILE, POSTCODES_FILE, TOLERANCE_DEGREES, load_boundaries, postcode
from generator.tools import geodata

from conftest import DAGI, ORGANISATION, SERVICE, require_boundaries
from workflow_runner import check_pull_request, git, upstream

ODENSE = (55.3959, 10.3883)  # Odense C, municipality 461


def test_the_committed_geography_is_what_the_script_derives_from_dagi(tmp_path):
    require_boundaries()
    geodata.write(DAGI, tmp_path / "postcodes.csv", tmp_path / "municipalities.geojson")
    assert (tmp_path / "postcodes.csv").read_bytes() == POSTCODES_FILE.read_bytes()
    assert (tmp_path / "municipalities.geojson").read_bytes() == BOUNDARIES_FILE.read_bytes()


def test_the_boundaries_file_states_its_source_and_licence_and_stays_small():
    data = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    assert {"source", "licence", "attribution", "derived_by"} <= set(data["metadata"])
    assert "DAGI" in data["metadata"]["source"] and "Dataforsyning" in data["metadata"]["attribution"]
    assert len({f["properties"]["code"] for f in data["features"]}) == 98
    assert BOUNDARIES_FILE.stat().st_size < 350_000


def test_a_postcode_belongs_to_every_municipality_it_lies_in_and_a_range_holds_its_numbers():
    assert postcode("8000").municipalities == ("751",)
    assert postcode("5000").municipalities[0] == "461"
    assert postcode("1050").code == "1000-1499" and postcode("1050").municipalities[0] == "101"
    assert postcode("9999") is None and postcode("0000") is None


def place(lat: float, lon: float, code: str, number: str) -> str:
    return (f"  - id: sted-{number}-{code}\n    street_address: Vestergade 1\n    postcode: \"{number}\"\n"
            f"    city: By\n    municipality_code: \"{code}\"\n    latitude: {lat}\n    longitude: {lon}\n")


def service_with(places: list[str], service_id: str = "klub") -> str:
    head = SERVICE.format(id=service_id).split("locations:\n")[0]
    return head + "locations:\n" + "".join(places)


def test_the_default_pull_request_check_locates_each_place_in_the_wrong_municipality(tmp_path):
    """Odense coordinates and postcode under Aarhus' code; a postcode that does not exist; Aarhus' postcode on an
    Odense place: each an error on its own line, in the check job's own steps, with no option set."""
    repo = upstream(tmp_path)
    clone = tmp_path / "pr"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    git(clone, "switch", "-qc", "odense")
    folder = clone / "catalogue" / "forening-odense"
    (folder / "services").mkdir(parents=True)
    (folder / "organisation.yaml").write_text(ORGANISATION.format(id="forening-odense").replace('"751"', '"461"'))
    text = service_with([place(*ODENSE, "751", "5000"), place(*ODENSE, "461", "9999"),
                         place(*ODENSE, "461", "8000")], "klub-odense")
    (folder / "services" / "klub-odense.yaml").write_text(text, encoding="utf-8")
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "Odense")
    runner = check_pull_request(clone, tmp_path)
    assert runner.outcomes["changed"] == "failure" and runner.outcomes["catalogue"] == "failure"
    problems = json.loads((runner.temp / "pr-check-report" / "problems.da.json").read_text(encoding="utf-8"))
    found = [(p["path"], p["line"], p["field"], p["code"]) for p in problems["problems"] if p["severity"] == "error"]
    path = "catalogue/forening-odense/services/klub-odense.yaml"
    lines = text.splitlines()
    at = [i + 1 for i, line in enumerate(lines) if "municipality_code" in line or "postcode" in line]
    assert found == [(path, at[1], "locations[0].municipality_code", "outside-municipality"),
                     (path, at[2], "locations[1].postcode", "unknown-postcode"),
                     (path, at[4], "locations[2].postcode", "postcode-elsewhere")]
    annotations = [line for line in runner.logs["changed"].splitlines() if line.startswith("::error")]
    assert len(annotations) == 3 and all(f"file={path},line=" in a for a in annotations)
    messages = [p["message"] for p in problems["problems"]]
    assert "Koordinaterne ligger i Odense (461), ikke i Aarhus (751)." in messages
    assert "Postnummeret 9999 findes ikke." in messages
    assert "Postnummeret 8000 (Aarhus C) ligger i Aarhus (751), ikke i Odense (461)." in messages


def test_a_postcode_for_large_senders_has_no_area_and_is_accepted(catalogue):
    catalogue.service("klub", service_with([place(55.65, 12.27, "169", "0800")]))  # 0800 Høje Taastrup
    run = catalogue.validate()
    assert run.code == 0, run.out


@pytest.mark.site
def test_the_site_build_refuses_a_place_in_the_wrong_municipality_with_no_option_set(catalogue, tmp_path):
    catalogue.service("klub", service_with([place(*ODENSE, "751", "5000")]))
    with pytest.raises(BuildError) as e:
        build_site(catalogue.root, tmp_path / "site", Settings())
    assert [p.code for p in e.value.result.problems if p.is_error] == ["outside-municipality"]


# --- a border, 100 m across ----------------------------------------------------------------------------------------


def _metres(lat: float) -> tuple[float, float]:
    """Metres per degree of longitude and of latitude at `lat`."""
    return 111_320 * math.cos(math.radians(lat)), 110_540


def _dagi(name: str, key: str) -> dict:
    data = json.loads((DAGI / name).read_text(encoding="utf-8"))
    parts: dict[str, list] = {}
    for f in data["features"]:
        geometry = {"type": f["geometry"]["type"], "coordinates": geodata._two_d(f["geometry"]["coordinates"])}
        parts.setdefault(str(f["properties"][key]).zfill(3 if key == "lau_1" else 4), []).append(
            shape(geometry).buffer(0))
    return {code: unary_union(p) for code, p in parts.items()}


def across(a, b, metres: float) -> Point | None:
    """A point inside B, `metres` from A (DAGI's own outlines, measured in metres), near their shared border."""
    border = a.boundary.intersection(b.boundary)
    if border.is_empty or border.length < 0.02:
        return None
    for fraction in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        start = border.interpolate(fraction, normalized=True)
        kx, ky = _metres(start.y)
        flat = shapely.transform(a, lambda xy, kx=kx, ky=ky: xy * [kx, ky])
        for step in range(36):
            angle = math.radians(step * 10)
            p = Point(start.x + math.cos(angle) * metres / kx, start.y + math.sin(angle) * metres / ky)
            distance = flat.distance(Point(p.x * kx, p.y * ky))
            if b.contains(p) and metres * 0.9 <= distance <= metres * 1.1:
                return p
    return None


BORDERS = [  # neighbours in every region, among them Aarhus-Skanderborg and Odense-Nordfyn
    ('147', '101'),
    ('153', '167'),
    ('163', '190'),
    ('183', '253'),
    ('210', '223'),
    ('253', '269'),
    ('316', '326'),
    ('330', '340'),
    ('430', '461'),
    ('530', '575'),
    ('575', '621'),
    ('657', '661'),
    ('706', '730'),
    ('740', '746'),
    ('810', '851'),
    ('746', '751'),
    ('461', '480'),
]


@pytest.fixture(scope="module")
def dagi():
    require_boundaries()
    return _dagi("municipalities.geojson", "lau_1"), _dagi("postal_codes.geojson", "postal_code")


@pytest.mark.parametrize(("stated", "neighbour"), BORDERS)
def test_a_place_100_m_across_a_border_from_its_municipality_passes_and_2_km_does_not(catalogue, dagi, stated,
                                                                                       neighbour):
    municipalities, postcodes = dagi
    a, b = municipalities[stated], municipalities[neighbour]
    for metres, errors in ((100, []), (2000, ["outside-municipality"])):
        p = across(a, b, metres)
        assert p is not None, f"no border point between {stated} and {neighbour}"
        # The postcode area the point lies in (or, in a gap of DAGI's postcode layer, the nearest one).
        area = min(postcodes, key=lambda code: postcodes[code].distance(p))
        number = area.split("-")[0]  # a range such as 1000-1499: one of its numbers
        catalogue.service("klub", service_with([place(round(p.y, 6), round(p.x, 6), stated, number)]))
        run = catalogue.validate("--format", "json")
        found = [x["code"] for x in json.loads(run.out)["problems"] if x["severity"] == "error"]
        if metres == 2000:
            found = [code for code in found if code != "postcode-elsewhere"]  # 2 km in, its postcode may be too
        assert found == errors, (metres, p.wkt, number, run.out)


def test_the_tolerance_covers_100_m_in_every_direction():
    kx, ky = _metres(55.0)
    assert min(TOLERANCE_DEGREES * kx, TOLERANCE_DEGREES * ky) > 250


def test_a_place_on_the_coast_or_a_pier_is_in_its_municipality_but_one_far_out_at_sea_is_not():
    boundaries = load_boundaries()
    assert boundaries.place("751", 56.1530, 10.2260).ok  # Aarhus harbour, by the water
    assert not boundaries.place("751", 56.30, 10.90).ok  # the middle of the Kattegat
