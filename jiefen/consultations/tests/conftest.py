import pytest

from jiefen.consultations.services import answers_load_default


@pytest.fixture
def library(db):
    answers_load_default()
