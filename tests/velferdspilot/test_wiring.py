"""Where one app's page shows another app's data through the project's wiring."""

from tilskudd.models import Tilskuddsordning
from tilskudd.services import pott_upsert, tildeling_upsert


def test_knowledge_package_shows_grants_to_the_kommune(
    client, folk, pilot, halden, sarpsborg, admin_bruker
):
    ordning = Tilskuddsordning.objects.create(navn="Prosjektskjønnsmidler")
    pott = pott_upsert(navn="Skjønn 2019", aar=2019, total=400_000, kilder=[(ordning, None)])
    tildeling_upsert(pott=pott, belop=200_000, user=admin_bruker, kommune=halden)
    tildeling_upsert(pott=pott, belop=150_000, user=admin_bruker, kommune=sarpsborg)
    client.force_login(folk["kontakt_halden"])
    page = client.get("/kommuner/3101/kunnskapspakke/").content.decode()
    assert "Totalt innvilget 200\xa0000\xa0kr" in page
    assert "150\xa0000" not in page  # Sarpsborg's grant is not Halden's business
    assert client.get("/kommuner/3105/kunnskapspakke/").status_code == 404


def test_kommune_tabs_link_meetings_and_grants(client, folk, halden):
    client.force_login(folk["leder_halden"])
    page = client.get("/kommuner/3101/").content.decode()
    assert f"/investering/moter/?kommune={halden.pk}" in page
    assert "/tilskudd/kommuner/3101/" in page


def test_no_app_imports_evaluering_and_the_project_calls_none_of_its_views():
    """``evaluering`` reads from every app, so no app may import it back; the project
    package on top may read its selectors and seed its demo data, never call a view.
    The steering group's home page is the dashboard, built by the dashboard view's own
    page builder (``dashboard_side``: no request, the kept figures as one fragment)."""
    import ast
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    found = []
    for pakke in ["kommuner", "investering", "tilskudd", "felles", "velferdspilot"]:
        for path in (base / pakke).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [f"{node.module}.{a.name}" for a in node.names]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                for name in names:
                    if name.split(".")[0] != "evaluering":
                        continue
                    if pakke == "velferdspilot" and not name.startswith("evaluering.views"):
                        continue
                    if name == "evaluering.views.dashboard_side":
                        continue
                    found.append(f"{path.relative_to(base)}: {name}")
    assert found == []


def test_steering_group_home_is_the_dashboard(client, folk, pilot):
    client.force_login(folk["styre"])
    response = client.get("/")
    assert response.status_code == 200
    assert "evaluering/dashboard.html" in [t.name for t in response.templates]
    assert response.context["rolle"] == "styringsgruppe"
