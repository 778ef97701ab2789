"""The user's own notifications and their email choices (``felles.varsler``). Every
logged-in user has these pages; each reads only the user's own rows, so another user's
notification id is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import varsler
from .forms import EpostvalgForm
from .paginering import SIDESTORRELSE_LOGG, side


@login_required
def varsel_list(request):
    page = side(request, varsler.varsler_for(request.user), per_side=SIDESTORRELSE_LOGG)
    return render(request, "felles/varsler.html", {"page": page})


@login_required
@require_POST
def varsel_lest(request, pk):
    varsel = get_object_or_404(varsler.varsler_for(request.user), pk=pk)
    varsler.varsel_merk_lest(varsel=varsel)
    return redirect(_tilbake(request))


@login_required
@require_POST
def varsler_alle_lest(request):
    antall = varsler.varsler_merk_alle_lest(bruker=request.user)
    if antall:
        messages.success(request, _("Alle varsler er merket som lest."))
    return redirect(_tilbake(request))


def _tilbake(request) -> str:
    """Back to the page of the list the user was on."""
    side = request.POST.get("side", "")
    if side.isdigit():
        return f"{reverse('varsler:list')}?side={side}"
    return reverse("varsler:list")


@login_required
def innstillinger(request):
    form = EpostvalgForm(request.POST or None, valg=varsler.epostvalg(request.user))
    if request.method == "POST" and form.is_valid():
        varsler.epostvalg_lagre(bruker=request.user, paa=form.paa())
        messages.success(request, _("Valgene for e-post er lagret."))
        return redirect("varsler:innstillinger")
    return render(request, "felles/varselinnstillinger.html", {"form": form})
