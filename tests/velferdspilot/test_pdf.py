"""The PDF helper renders our templates and refuses every URL but our static files."""

import io

import pytest
from pypdf import PdfReader

from felles.pdf import BASE_URL, TEGNINGER, StaticOnlyURLFetcher, Tegninger, html_to_pdf


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/velferdspilot/settings/base.py",
        "http://127.0.0.1:6379/",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "data:text/plain;base64,aGVp",
        f"{BASE_URL}static/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}media/hemmelig.pdf",
        f"{BASE_URL}static/finnes-ikke.css",
        "https://velferdspilot.invalid.evil.com/static/css/portal.css",
    ],
)
def test_fetcher_refuses_everything_but_own_static_files(url):
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_own_static_file():
    response = StaticOnlyURLFetcher().fetch(f"{BASE_URL}static/pdf/pdf.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_malicious_markup_in_pdf_reads_no_local_file(tmp_path):
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIG-INNHOLD")
    fetcher = StaticOnlyURLFetcher()
    html = f"""
      <html><head><link rel="stylesheet" href="/static/pdf/pdf.css"></head><body>
      <h1>Referat</h1>
      <img src="file://{secret}">
      <img src="http://127.0.0.1:9/">
      <iframe src="file:///etc/passwd"></iframe>
      <object data="file://{secret}"></object>
      <link rel="attachment" href="file://{secret}">
      </body></html>"""
    data = html_to_pdf(html, fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert b"HEMMELIG" not in data
    assert "Referat" in pdf_text(data)
    assert f"file://{secret}" in fetcher.refused
    assert "http://127.0.0.1:9/" in fetcher.refused
    assert not any("pdf.css" in url for url in fetcher.refused)


def _diagram():
    from felles.svg import Series, line_chart

    return line_chart(
        labels=["2024-H1", "2024-H2"],
        series=[Series(values=[1.5, 2.5])],
        title="Utvikling for <Ledighet>",
    )


def test_the_drawings_of_a_pdf_are_served_to_it_alone():
    tegninger = Tegninger()
    tag = tegninger.img(_diagram())
    url = f"{TEGNINGER}0.svg"
    assert tag == f'<img src="{url}" alt="Utvikling for &lt;Ledighet&gt;">'
    response = StaticOnlyURLFetcher(tegninger).fetch(url)
    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg ")
    # Another PDF's fetcher, or a drawing this PDF does not have: refused.
    for fetcher, refusert in (
        (StaticOnlyURLFetcher(), url),
        (StaticOnlyURLFetcher(tegninger), f"{TEGNINGER}1.svg"),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(refusert)
        assert fetcher.refused == [refusert]


def test_a_drawing_as_an_image_is_drawn_as_inline():
    diagram = _diagram()
    tegninger = Tegninger()
    side = "<html><body><h1>Kunnskapspakke</h1>{}</body></html>"
    inline = html_to_pdf(side.format(diagram))
    bilde = html_to_pdf(
        side.format(tegninger.img(diagram)), fetcher=StaticOnlyURLFetcher(tegninger)
    )
    assert "2024-H2" in pdf_text(bilde)
    assert pdf_text(bilde) == pdf_text(inline)
