"""Shared steps for browser tests: log in as a demo user, run axe on the page."""

from pathlib import Path

from django.conf import settings

DEMO_PASSWORD = "demo-passord-2026"
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def login(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/logg-inn/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base_url}/")


def axe_violations(page) -> list[dict]:
    """Run axe-core (from npm) on the current page, WCAG 2.1 A and AA rules. The page is
    measured at rest: the pointer moved off and colour transitions finished at once, so
    a button just clicked is not caught halfway between its two (each sufficient)
    colours, which made the contrast rule fail now and then."""
    page.mouse.move(0, 0)
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; "
        "animation: none !important; }"
    )
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }""",
        WCAG_TAGS,
    )
    return result


def duplicate_ids(page) -> list[str]:
    """The ``id`` values that more than one element of the page carries (a label or
    ``aria-labelledby`` then points at the wrong element; axe-core checks only ids that
    ARIA refers to, its general duplicate-id rules are deprecated with WCAG 4.1.1)."""
    return page.evaluate(
        """() => {
            const seen = new Map();
            for (const el of document.querySelectorAll("[id]")) {
                seen.set(el.id, (seen.get(el.id) || 0) + 1);
            }
            return [...seen].filter(([, n]) => n > 1).map(([id]) => id).sort();
        }"""
    )


def assert_accessible(page) -> None:
    """Zero WCAG 2.1 A/AA violations by axe, and no duplicate ``id`` on the page."""
    violations = axe_violations(page)
    assert violations == [], f"axe on {page.url}: {violations}"
    duplicates = duplicate_ids(page)
    assert duplicates == [], f"duplicate ids on {page.url}: {duplicates}"


def logout(page) -> None:
    """Log out through the account menu in the header."""
    page.locator("#kontomeny").click()
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/logg-inn/")
