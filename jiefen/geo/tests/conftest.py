import pytest

from jiefen.geo.gazetteer import gazetteer_forget
from jiefen.geo.services import DEMO_GAZETTEER, gazetteer_load


@pytest.fixture(autouse=True)
def _fresh_gazetteer_index():
    # Each test's database is rolled back; the index must not outlive it.
    gazetteer_forget()
    yield
    gazetteer_forget()


@pytest.fixture
def demo_gazetteer(xihu):
    gazetteer_load(text=DEMO_GAZETTEER.read_text(encoding="utf-8"))
