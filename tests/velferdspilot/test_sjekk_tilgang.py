"""The access rule check (tools/sjekk_tilgang.py) on small projects of its own."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tools.sjekk_tilgang import check, kommune_bound_models

ROOT = Path(__file__).resolve().parents[2]

MODELS = """
from django.db import models
from kommuner.access import KommuneDataQuerySet
from kommuner.models import Kommune


class MoteQuerySet(KommuneDataQuerySet):
    pass


class Mote(models.Model):
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT)
    objects = MoteQuerySet.as_manager()


class SoknadQuerySet(models.QuerySet):
    def for_user(self, user):
        return self


class Soknad(models.Model):
    objects = SoknadQuerySet.as_manager()


class Tiltak(models.Model):
    kommune = models.ForeignKey("kommuner.Kommune", on_delete=models.CASCADE)


class Indikator(models.Model):
    navn = models.CharField(max_length=10)
"""


def project(tmp_path, views: str, *, views_path: str = "app/views.py") -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS)
    path = tmp_path / views_path
    path.parent.mkdir(exist_ok=True)
    imports = "from django.shortcuts import get_object_or_404, get_list_or_404\n"
    imports += "from kommuner import access\n"
    imports += "from kommuner.access import kommuner_with_workdata\n"
    imports += "from app.models import Indikator, Mote, Soknad, Tiltak\n"
    path.write_text(imports + textwrap.dedent(views))
    return tmp_path


def lines(tmp_path, views: str, **kwargs) -> list[int]:
    return [v.line - 4 for v in check(project(tmp_path, views, **kwargs))]


def test_models_with_a_kommune_fk_or_a_for_user_queryset_are_kommune_bound(tmp_path):
    project(tmp_path, "")
    assert kommune_bound_models(tmp_path) == {
        "app.models.Mote",
        "app.models.Soknad",
        "app.models.Tiltak",
    }


def test_the_project_derives_its_kommune_bound_models():
    bound = kommune_bound_models(ROOT)
    assert {"investering.models.Mote", "tilskudd.models.Soknad"} <= bound
    assert "kommuner.kunnskap.models.Tiltak" in bound
    assert "kommuner.models.Deltakelse" not in bound  # the shared overview


@pytest.mark.parametrize(
    "fetch",
    [
        "Mote.objects.get(pk=pk)",
        "Mote.objects.filter(kommune=request.user.kommune).first()",
        "Soknad.objects.all()",
        "Tiltak.objects.select_related('kommune').get(pk=pk)",
        "get_object_or_404(Mote, pk=pk)",
        "get_list_or_404(Tiltak, kommune__pk=pk)",
        "get_object_or_404(Mote.objects.select_related('kommune'), pk=pk)",
    ],
)
def test_a_view_fetching_kommune_data_without_for_user_is_a_violation(tmp_path, fetch):
    views = f"""
    def detail(request, pk):
        return {fetch}
    """
    assert lines(tmp_path, views) == [3]


@pytest.mark.parametrize(
    "fetch",
    [
        "get_object_or_404(Mote.objects.for_user(request.user), pk=pk)",
        "Soknad.objects.select_related('runde').for_user(request.user).get(pk=pk)",
        "Tiltak.objects.filter(kommune__in=kommuner_with_workdata(request.user))",
        "access.tiltak_for_user(request.user, Tiltak.objects.filter(pk=pk))",
        "Mote.objects.filter(pk__in=Soknad.objects.for_user(request.user).values('pk'))",
        "get_object_or_404(Indikator, pk=pk)",
        "Indikator.objects.all()",
        "Tiltak.objects.get(pk=pk)  # tilgang: read by every logged-in user",
    ],
)
def test_a_view_fetching_through_for_user_or_an_access_helper_passes(tmp_path, fetch):
    views = f"""
    def detail(request, pk):
        return {fetch}
    """
    assert lines(tmp_path, views) == []


def test_the_exception_mark_may_close_a_statement_over_several_lines(tmp_path):
    views = """
    def detail(request, pk):
        return get_object_or_404(
            Tiltak, pk=pk
        )  # tilgang: public
    """
    assert lines(tmp_path, views) == []


def test_a_compound_statement_is_judged_by_its_header_not_its_body(tmp_path):
    views = """
    def detail(request, pk):
        if access.is_admin(request.user):
            return Mote.objects.get(pk=pk)
        for mote in Mote.objects.for_user(request.user):
            Tiltak.objects.filter(pk=mote.pk)
    """
    assert lines(tmp_path, views) == [4, 6]


def test_methods_helpers_and_views_packages_are_checked(tmp_path):
    views = """
    class MoteView:
        queryset = Mote.objects.all()

        def get_object(self):
            return Mote.objects.get(pk=self.kwargs["pk"])
    """
    assert lines(tmp_path, views, views_path="app/views/mote.py") == [3, 6]


def test_code_outside_views_is_not_checked(tmp_path):
    assert lines(tmp_path, "Mote.objects.all()\n", views_path="app/selectors.py") == []


def test_the_command_fails_and_names_the_line(tmp_path):
    project(tmp_path, "def detail(request, pk):\n    return Mote.objects.get(pk=pk)\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "sjekk_tilgang.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "app/views.py:6: Mote fetched without for_user()" in result.stdout
