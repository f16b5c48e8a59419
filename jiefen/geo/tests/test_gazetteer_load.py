"""The gazetteer CSV: bad rows are named by line and nothing of the file is loaded."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiefen.geo.models import GazetteerEntry
from jiefen.geo.services import DEMO_GAZETTEER, GazetteerFileError, gazetteer_load

pytestmark = pytest.mark.django_db

GOOD = """# a test gazetteer
# source=survey-2026
kind,name,section,villages,aliases
road,之江路,,330106010002|330106010003,
road_section,之江路,1-199号,330106010002,
小区,之江九里,,珊瑚沙社区,之江9里|九里小区
"""


def test_a_good_file_loads_every_row_with_its_villages_aliases_and_source(xihu):
    result = gazetteer_load(text=GOOD)

    assert (result.created, result.updated) == (3, 0)
    compound = GazetteerEntry.objects.get(name="之江九里")
    assert compound.kind == GazetteerEntry.Kind.COMPOUND
    assert compound.alias_list == ["之江9里", "九里小区"]
    assert compound.source == "survey-2026"
    road = GazetteerEntry.objects.get(name="之江路", section="")
    assert sorted(v.code for v in road.villages.all()) == ["330106010002", "330106010003"]


def test_loading_the_same_file_again_updates_instead_of_duplicating(xihu):
    gazetteer_load(text=GOOD)

    result = gazetteer_load(text=GOOD)

    assert (result.created, result.updated) == (0, 3)
    assert GazetteerEntry.objects.count() == 3


def test_bad_rows_are_reported_by_their_line_and_nothing_is_loaded(xihu):
    text = (
        "kind,name,section,villages,aliases\n"  # line 1
        "road,之江路,,330106010002,\n"  # 2: good
        "# a comment keeps the line count\n"  # 3
        "river,钱塘江,,330106010002,\n"  # 4: unknown kind
        "road,云栖路,,339999999999,\n"  # 5: unknown village
        "road_section,之江路,,330106010002,\n"  # 6: a section without its section
        "compound,,,330106010002,\n"  # 7: no name
        "road,之江路,,330106010002,\n"  # 8: repeats line 2
        "road,凌家桥路,330106010017\n"  # 9: a column short
    )

    with pytest.raises(GazetteerFileError) as caught:
        gazetteer_load(text=text)

    lines = dict(caught.value.errors)
    assert sorted(lines) == [4, 5, 6, 7, 8, 9]
    assert "unknown kind 'river'" in lines[4]
    assert "unknown village '339999999999'" in lines[5]
    assert "needs its section" in lines[6]
    assert "name is empty" in lines[7]
    assert "repeats line 2" in lines[8]
    assert "expected 5 columns, found 3" in lines[9]
    assert not GazetteerEntry.objects.exists()


def test_a_village_name_shared_by_two_villages_must_be_given_by_code(xihu):
    from jiefen.geo.models import Street, Village

    # A second 转塘社区 in another street (Xihu has no repeated name; a city's districts do).
    Village.objects.create(
        street=Street.objects.get(code="330106002"),
        code="330106002999",
        name="转塘社区",
        kind=Village.Kind.COMMUNITY,
    )
    text = "kind,name,section,villages\nlandmark,某地标,,转塘社区\n"

    with pytest.raises(GazetteerFileError) as caught:
        gazetteer_load(text=text)

    assert caught.value.errors == [(2, "village '转塘社区' is ambiguous: give its 12-digit code")]


def test_a_header_without_the_villages_column_is_refused_at_its_line(xihu):
    with pytest.raises(GazetteerFileError) as caught:
        gazetteer_load(text="# comment\nkind,name\nroad,之江路\n")

    assert caught.value.errors == [(2, "header: missing column(s) villages")]


def test_replace_removes_entries_of_the_same_source_the_file_no_longer_lists(xihu):
    gazetteer_load(text=GOOD)
    shorter = "\n".join(GOOD.splitlines()[:4])  # comments, header, the road only

    result = gazetteer_load(text=shorter, replace=True)

    assert result.removed == 2
    assert list(GazetteerEntry.objects.values_list("name", "section")) == [("之江路", "")]


def test_the_command_lists_bad_rows_by_file_and_line_and_fails(xihu, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("kind,name,section,villages\nroad,之江路,,nowhere\n", encoding="utf-8")

    with pytest.raises(CommandError, match="nothing of it was loaded"):
        call_command("load_gazetteer", str(path))

    assert f"{path}:2: unknown village 'nowhere'" in capsys.readouterr().err


def test_the_demo_gazetteer_loads_and_is_marked_as_demo_data(xihu):
    text = DEMO_GAZETTEER.read_text(encoding="utf-8")

    result = gazetteer_load(text=text)

    assert "DEMO DATA" in text.splitlines()[1]
    assert result.created > 20
    assert set(GazetteerEntry.objects.values_list("source", flat=True)) == {"demo"}
