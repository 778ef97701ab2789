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
