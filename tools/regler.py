"""The rule list (run by ``make lint``): each common job has one helper, and these
rules keep its pattern out of every other file. In the manner of Zulip's
``tools/linter_lib/custom_check.py``: each rule names a pattern, says why, says where
the pattern may appear, and carries a good and a bad line that its tests run
(``tests/velferdspilot/test_regler.py``).

A rule is checked on the code of every Python file of the project (not ``tests/``,
``tools/``, migrations or the virtual environments); comments and docstrings are not
code and are not checked. A reviewed exception is listed in the rule's ``unntak``:
the file, the line exactly as written (stripped), why, and how many such lines it
covers. An exception that no longer matches a line is itself an error, so the list
stays true.

Usage: ``python tools/regler.py [root]``; exit status 1 and one line per violation
(``path:line: [rule] description``)."""

from __future__ import annotations

import io
import re
import sys
import tokenize
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

SKIP_DIRS = {".venv", ".venv-uv", "node_modules", "migrations", "tests", ".git", "tools"}

# Views: where a service's error reaches the user.
VIEWS = ("*/views.py", "*/views/*.py", "*/views_*.py", "velferdspilot/views.py")


@dataclass(frozen=True)
class Unntak:
    sti: str
    linje: str
    hvorfor: str
    # How many lines of the file, written exactly so, it covers (a further one is a
    # violation: a new line needs its own review).
    antall: int = 1


@dataclass(frozen=True)
class Regel:
    navn: str
    monster: str
    beskrivelse: str
    # Where the pattern may appear (globs on the path from the root, "/"-separated;
    # ``*`` also matches "/").
    tillatt_i: tuple[str, ...] = ()
    # Where the rule applies at all (default: every checked file).
    gjelder: tuple[str, ...] = ("*.py",)
    unntak: tuple[Unntak, ...] = ()
    # A line that must not fire and one that must, in a file at ``eksempelsti``.
    gode: tuple[str, ...] = ()
    daarlige: tuple[str, ...] = ()
    eksempelsti: str = "app/services.py"
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.monster))

    def gjelder_for(self, sti: str) -> bool:
        return any(fnmatch(sti, g) for g in self.gjelder) and not any(
            fnmatch(sti, t) for t in self.tillatt_i
        )


REGLER: tuple[Regel, ...] = (
    Regel(
        navn="rolle",
        monster=r"\bgroups?__name\b|\.har_rolle\(|(?<!self)(?<!invitasjon)\.roller\b(?!\s+import)",
        beskrivelse=(
            "roles are checked in access.py (a question the view or service asks), and "
            "users with a role are read with Bruker.objects.med_rolle(...)"
        ),
        tillatt_i=(
            "*access.py",
            "kommuner/roller.py",
            "kommuner/backends.py",
            "kommuner/models.py",
        ),
        unntak=(
            Unntak(
                "innlogging/services.py",
                "if Rolle.ADMIN in bruker.roller and Rolle.ADMIN not in roller and "
                "_aktive_admins() <= 1:",
                "the role administration itself: the last admin keeps the role",
            ),
            Unntak(
                "innlogging/services.py",
                "foer = (sorted(bruker.roller), bruker.kommune)",
                "the role administration records the roles before a change in the event log",
            ),
            Unntak(
                "innlogging/views.py",
                'initial={"roller": sorted(bruker.roller), "kommune": bruker.kommune},',
                "the form that edits a user's roles starts from the roles held",
            ),
            Unntak(
                "kommuner/services.py",
                "if leder is not None and not leder.har_rolle(Rolle.INVESTERINGSLEDER):",
                "a rule about the data (a leader holds the leader role), not about who asks",
            ),
            Unntak(
                "kommuner/services.py",
                "if bruker.is_active and bruker.har_rolle(Rolle.ADMIN):",
                "the role administration itself: the last active admin is not deactivated",
            ),
        ),
        gode=(
            "if not access.may_manage_reports(bruker):",
            "admins = Bruker.objects.med_rolle(Rolle.ADMIN)",
            "from kommuner.roller import Rolle",
        ),
        daarlige=(
            "if not bruker.har_rolle(Rolle.ADMIN):",
            "Bruker.objects.filter(groups__name=Rolle.ADMIN, is_active=True)",
            "if Rolle.ADMIN in request.user.roller:",
        ),
    ),
    Regel(
        navn="skjemafeil",
        monster=r"\bexcept\b.*\b(?:ValidationError|Foreldet)\b",
        beskrivelse=(
            "a view runs a service through felles.meldinger: skjema_utfor (the errors on "
            "the form, 409 for a stale form) or utfor (a button: the errors as messages)"
        ),
        gjelder=VIEWS,
        tillatt_i=("felles/meldinger.py",),
        unntak=(
            Unntak(
                "kommuner/kunnskap/views/opplasting.py",
                "except ValidationError as exc:",
                "the upload's preview lists a file's errors beside its row errors: no form "
                "shows them",
            ),
            Unntak(
                "kommuner/kunnskap/views/behandling.py",
                "except ValidationError as exc:",
                "an approval swapped in by htmx carries its error in the row: no form shows it",
            ),
        ),
        eksempelsti="app/views.py",
        gode=(
            "if skjema_utfor(request, form, lambda: services.mal_upsert(**data), ok=ok):",
            "except Http404:",
        ),
        daarlige=(
            "except ValidationError as exc:",
            "except (Foreldet, ValidationError) as exc:",
        ),
    ),
    Regel(
        navn="filhode",
        monster=r"Content-Disposition|\bcontent_disposition_header\b|\bFileResponse\b|"
        r"\bas_attachment\b",
        beskrivelse=(
            "a file is answered with felles.filer.fil_response (safe file name, content "
            "type, nosniff, private caching)"
        ),
        tillatt_i=("felles/filer.py",),
        eksempelsti="app/views.py",
        gode=('return fil_response(pdf, filnavn="rapport.pdf", content_type=PDF)',),
        daarlige=(
            'response["Content-Disposition"] = f\'attachment; filename="{navn}"\'',
            "return FileResponse(fil, as_attachment=True, filename=navn)",
        ),
    ),
    Regel(
        navn="epost",
        monster=r"\b(?:EmailMessage|EmailMultiAlternatives|send_mail|send_mass_mail)\b|"
        r"\bmail_admins\(|\bget_connection\(",
        beskrivelse=(
            "email goes through felles.epost (send_once_til to a user, "
            "send_once_til_adresse to an address; to tell a user, felles.varsler.varsle)"
        ),
        tillatt_i=("felles/epost.py",),
        gode=(
            "varsle(mottaker=bruker, slag=varsler.VEDTAK, tittel=t, url=u, noekkel=n)",
            '"mail_admins": {"level": "ERROR"},',
        ),
        daarlige=(
            "EmailMessage(subject=emne, body=tekst, to=[bruker.email]).send()",
            "send_mail(emne, tekst, None, [bruker.email])",
        ),
    ),
    Regel(
        navn="varsle",
        monster=r"\bsend_once_til(?:_adresse)?\b",
        beskrivelse=(
            "a user is told of an event through felles.varsler.varsle/varsle_alle with a "
            "kind registered in the app's varsler.py (a notice in the portal, the email "
            "with opt-out); a plain email only to an address that is no user or that must "
            "not be opted out of, as a reviewed exception"
        ),
        tillatt_i=("felles/epost.py", "felles/varsler.py"),
        unntak=(
            Unntak(
                "innlogging/services.py",
                "from felles.epost import send_once_til_adresse",
                "the invitation goes to an address with no account yet (nothing to show "
                "in the portal, no settings to opt out with), and is the only way in",
            ),
            Unntak(
                "innlogging/services.py",
                "return send_once_til_adresse(",
                "the invitation (above)",
            ),
        ),
        gode=(
            "varsle_alle(mottakere=admins, slag=varsler.SSB_KJORING, tittel=t, url=u, noekkel=n)",
            "varsle(mottaker=bruker, slag=varsler.VEDTAK, tittel=t, url=u, noekkel=n)",
        ),
        daarlige=(
            "send_once_til_adresse(nokkel=n, til=bruker.email, emne=emne, tekst=tekst)",
            "send_once_til(nokkel=n, mottaker=bruker, emne=emne, tekst=tekst)",
        ),
    ),
    Regel(
        navn="paginator",
        monster=r"\bPaginator\b",
        beskrivelse=(
            "lists are paged by felles.paginering (side in views, sideutsnitt in a "
            "selector that computes per page), with its page sizes"
        ),
        tillatt_i=("felles/paginering.py",),
        eksempelsti="app/views.py",
        gode=(
            "page = side(request, selectors.soknad_list(request.user))",
            "from django.core.paginator import Page",
        ),
        daarlige=(
            'page = Paginator(soknader, 50).get_page(request.GET.get("side"))',
            "from django.core.paginator import Paginator",
        ),
    ),
    Regel(
        navn="cache",
        monster=r"\bcaches\[|\bcache\.(?:get|set|add|delete|get_or_set|get_many|set_many|"
        r"delete_many|incr|decr|touch|clear)\(|\bcache_page\b|from django\.core\.cache import"
        r"|\bhurtig\(|\bhurtig_html\(",
        beskrivelse=(
            "what is kept between requests is kept by felles.datastand: @hurtig_selector "
            "on a selector, @hurtig_fragment on a view's part of a page; never by hand "
            "with Django's cache or by calling hurtig() with a key of one's own"
        ),
        tillatt_i=("felles/datastand.py", "felles/hurtigbuffer.py"),
        unntak=(
            Unntak(
                "innlogging/tilbydere.py",
                "from django.core.cache import cache",
                "an OpenID provider's discovery document, fetched from the internet and "
                "kept an hour: no table of ours lies under it",
            ),
            Unntak(
                "innlogging/tilbydere.py",
                "meta = cache.get(cache_key)",
                "the provider's discovery document (above)",
            ),
            Unntak(
                "innlogging/tilbydere.py",
                "cache.set(cache_key, meta, 3600)",
                "the provider's discovery document (above)",
            ),
            Unntak(
                "utvikling/bench/kald.py",
                "from django.core.cache import caches  # noqa: E402",
                "the in-process bench empties the sign-in metadata cache to measure a cold page",
            ),
            Unntak(
                "utvikling/bench/kald.py",
                'caches["default"].clear()',
                "the in-process bench empties the sign-in metadata cache to measure a cold page",
            ),
        ),
        eksempelsti="app/selectors.py",
        gode=("@hurtig_selector(grupper=(TILSKUDD, REGISTER))",),
        daarlige=(
            "tall = cache.get(noekkel)",
            'caches["default"].set(noekkel, tall)',
            'return hurtig(f"oversikt:{pilot.pk}", [TILSKUDD], beregn)',
        ),
    ),
    Regel(
        navn="hurtig_selector",
        monster=r"@hurtig_selector\b",
        beskrivelse=(
            "a figure is kept where it is read: @hurtig_selector goes on a selector "
            "(a view keeps a rendered part of a page with @hurtig_fragment)"
        ),
        tillatt_i=("*selectors.py", "*selectors/*.py"),
        eksempelsti="app/kilder.py",
        gode=("def oversikt(*, kommune=None, pilot_id=None) -> Oversikt:",),
        daarlige=("@hurtig_selector(grupper=(INVESTERING,))",),
    ),
    Regel(
        navn="hurtig_fragment",
        monster=r"@hurtig_fragment\b",
        beskrivelse=(
            "a rendered part of a page is kept by the view that shows it: "
            "@hurtig_fragment goes in a views module (a selector keeps data with "
            "@hurtig_selector)"
        ),
        tillatt_i=VIEWS,
        eksempelsti="app/selectors.py",
        gode=("@hurtig_selector(grupper=(KUNNSKAP,))",),
        daarlige=('@hurtig_fragment("app/_tabell.html", grupper=(KUNNSKAP,))',),
    ),
)


@dataclass(frozen=True)
class Brudd:
    sti: str
    linje: int
    regel: str
    melding: str

    def __str__(self) -> str:
        return f"{self.sti}:{self.linje}: [{self.regel}] {self.melding}"


def kodelinjer(kilde: str) -> dict[int, tuple[str, str]]:
    """Each line's code with comments and docstrings blanked out: line number ->
    (the code, the line as written, stripped). Lines with no code are left out."""
    rader = kilde.splitlines()
    maske = [list(r) for r in rader]

    def blank(start: tuple[int, int], slutt: tuple[int, int]) -> None:
        for nr in range(start[0], slutt[0] + 1):
            rad = maske[nr - 1]
            fra = start[1] if nr == start[0] else 0
            til = slutt[1] if nr == slutt[0] else len(rad)
            rad[fra:til] = " " * (til - fra)

    forrige = tokenize.NEWLINE
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(kilde).readline))
    except (tokenize.TokenError, SyntaxError):
        tokens = []
    for tok in tokens:
        if tok.type == tokenize.NL:
            continue
        if tok.type == tokenize.COMMENT:
            blank(tok.start, tok.end)
            continue
        if tok.type == tokenize.STRING and forrige in (
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
        ):
            blank(tok.start, tok.end)  # a docstring (a statement that is only a string)
        forrige = tok.type
    linjer = {}
    for nr, rad in enumerate(maske, start=1):
        kode = "".join(rad)
        if kode.strip():
            linjer[nr] = (kode, rader[nr - 1].strip())
    return linjer


def sjekk_tekst(sti: str, kilde: str, regler=REGLER) -> tuple[list[Brudd], set]:
    """The violations in one file's source (``sti`` from the root), and the exceptions
    that were used."""
    brudd, brukt = [], set()
    dekket: dict[Unntak, int] = {}
    aktuelle = [r for r in regler if r.gjelder_for(sti)]
    if not aktuelle:
        return brudd, brukt
    for nr, (kode, skrevet) in sorted(kodelinjer(kilde).items()):
        for regel in aktuelle:
            if not regel.regex.search(kode):
                continue
            unntak = next((u for u in regel.unntak if u.sti == sti and u.linje == skrevet), None)
            if unntak is not None and dekket.get(unntak, 0) < unntak.antall:
                dekket[unntak] = dekket.get(unntak, 0) + 1
                brukt.add((regel.navn, unntak))
                continue
            brudd.append(Brudd(sti, nr, regel.navn, regel.beskrivelse))
    return brudd, brukt


def python_files(root: Path):
    for path in sorted(root.rglob("*.py")):
        if not SKIP_DIRS.intersection(path.relative_to(root).parts[:-1]):
            yield path


def sjekk(root: Path, regler=REGLER) -> list[Brudd]:
    brudd, brukt = [], set()
    for path in python_files(root):
        sti = path.relative_to(root).as_posix()
        funnet, unntak = sjekk_tekst(sti, path.read_text(encoding="utf-8"), regler)
        brudd += funnet
        brukt |= unntak
    for regel in regler:
        for u in regel.unntak:
            if (regel.navn, u) not in brukt:
                brudd.append(
                    Brudd(u.sti, 0, regel.navn, f"unntaket passer ingen linje lenger: {u.linje!r}")
                )
    return brudd


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    brudd = sjekk(root)
    for b in brudd:
        print(b)
    return 1 if brudd else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
