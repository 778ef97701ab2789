from kommuner.models import Kommune
from tests.factories import FRIE_KOMMUNENUMMER, KommuneFactory


def test_thousands_of_factory_kommuner_are_all_distinct(db):
    kommuner = KommuneFactory.create_batch(1500)
    assert len({k.pk for k in kommuner}) == 1500
    assert Kommune.objects.count() == 1500
    assert len(FRIE_KOMMUNENUMMER) >= 2000


def test_factory_kommuner_have_valid_numbers(db):
    for kommune in KommuneFactory.create_batch(3):
        kommune.full_clean()
