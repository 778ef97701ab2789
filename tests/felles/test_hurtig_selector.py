"""The one way to keep a figure (felles.datastand): ``@hurtig_selector`` on a selector,
``@hurtig_fragment`` on a view's part of a page. The key is the function and its
arguments (and the language); a committed write to a group the function declares
computes it again, a write to any other group does not; a kept selector inside another
is kept under the outer one's stamps, and refused when it reads a group the outer one
does not declare; the groups are the apps' own."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from felles.datastand import (
    NestetHurtig,
    grupper,
    hurtig_fragment,
    hurtig_selector,
    registrer_gruppe,
)
from kommuner.apps import KUNNSKAP, REGISTER
from kommuner.models import Indikator
from tests.factories import EtatFactory, KommuneFactory
from tilskudd.apps import TILSKUDD
from tilskudd.models import Tilskuddsordning

KALL: list[tuple] = []


@hurtig_selector(grupper=(KUNNSKAP,))
def tall(x, *, kommune=None, faktor=1):
    KALL.append((x, kommune.pk if kommune else None, faktor, translation.get_language()))
    return len(KALL)


@hurtig_selector(grupper=(KUNNSKAP,), sprak=False)
def tall_uten_tekst(x):
    KALL.append((x,))
    return len(KALL)


@hurtig_selector(grupper=(KUNNSKAP, TILSKUDD))
def ytre(x):
    return tall(x) + 100


@hurtig_selector(grupper=(TILSKUDD,))
def ytre_uten_kunnskap(x):
    return tall(x) + 100


@hurtig_fragment("404.html", grupper=(REGISTER,))
def fragment_uten_kunnskap(*, x):
    return {"tall": tall(x)}


@hurtig_selector(grupper=("ingen-slik-gruppe",))
def ukjent_gruppe():
    return 1


@pytest.fixture
def kall(stemplet):
    """Every group stamped (``stemplet``), and no call counted yet."""
    KALL.clear()


@pytest.mark.django_db(transaction=True)
def test_the_key_is_the_function_with_its_arguments_and_the_language(kall):
    kommune = KommuneFactory()
    assert tall(1) == 1
    assert tall(1) == 1  # the same arguments: kept
    assert tall(x=1, faktor=1) == 1  # the same arguments written otherwise: kept
    assert tall(2) == 2  # another argument: computed
    assert tall(1, faktor=2) == 3
    assert tall(1, kommune=kommune) == 4  # a row by its primary key
    assert tall(1, kommune=type(kommune).objects.get(pk=kommune.pk)) == 4
    with translation.override("en"):
        assert tall(1) == 5  # the result may hold translated text: one per language
        assert tall(1) == 5
    with translation.override("nn"):
        assert tall(1) == 6
    assert tall(1) == 1  # bokmål's copy is still kept
    # A result without translated text is kept once for every language.
    assert tall_uten_tekst(1) == 7
    with translation.override("en"):
        assert tall_uten_tekst(1) == 7


@pytest.mark.django_db(transaction=True)
def test_a_write_to_a_declared_group_computes_again_and_to_another_group_does_not(kall):
    assert tall(1) == 1
    assert tall(1) == 1
    # The grant tables (TILSKUDD) and the register (REGISTER): not declared by ``tall``.
    Tilskuddsordning.objects.create(navn="Tilskudd til bolig", eier=EtatFactory())
    assert tall(1) == 1
    # An indicator (KUNNSKAP): declared.
    Indikator.objects.create(navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi")
    assert tall(1) == 2
    assert tall(1) == 2


@pytest.mark.django_db(transaction=True)
def test_a_kept_selector_inside_another_is_kept_under_the_outer_ones_stamps(kall):
    """The inner selector reads no stamp of its own (the outer one's query covers its
    groups) and keeps its copy under them: when the outer one is computed again for a
    change the inner one does not read, the inner one is read, not computed; a change
    under the inner one computes both."""
    with CaptureQueriesContext(connection) as spurt:
        assert ytre(1) == 101
    assert len(spurt) == 1  # the outer one's stamps only
    assert ytre(1) == 101  # kept
    assert tall(1) == 1  # the inner one's copy, the same as its own would be
    assert len(KALL) == 1
    Tilskuddsordning.objects.create(navn="Ny ordning", eier=EtatFactory())  # outer only
    assert ytre(1) == 101  # computed again around the inner one's copy
    assert len(KALL) == 1
    Indikator.objects.create(navn="Lavinntekt", enhet="prosent", retning="lavere", tema="okonomi")
    assert ytre(1) == 102
    assert len(KALL) == 2


@pytest.mark.django_db
def test_a_kept_selector_reading_a_group_the_outer_one_does_not_declare_is_refused():
    # The outer copy would not follow a change to the indicators under the inner one.
    with pytest.raises(NestetHurtig):
        ytre_uten_kunnskap(1)
    with pytest.raises(NestetHurtig):
        fragment_uten_kunnskap(x=1)
    # Nothing is left marked as being computed: the next call outside works.
    assert tall(1) >= 1


@pytest.mark.django_db
def test_a_group_no_app_registered_and_an_argument_without_a_key_are_refused():
    with pytest.raises(ImproperlyConfigured):
        ukjent_gruppe()
    with pytest.raises(TypeError):
        tall(object())


def test_each_app_owns_its_groups_and_none_is_felles():
    eiere = grupper()
    assert eiere[KUNNSKAP] == eiere[REGISTER] == "kommuner"
    assert eiere[TILSKUDD] == "tilskudd"
    assert eiere["investering"] == "investering"
    assert eiere["evaluering"] == "evaluering"
    assert "felles" not in eiere.values()
    assert registrer_gruppe(TILSKUDD, app="tilskudd") == TILSKUDD  # again: the same
    with pytest.raises(ImproperlyConfigured):
        registrer_gruppe(TILSKUDD, app="investering")
