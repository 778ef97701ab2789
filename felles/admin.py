from django.contrib import admin

from .models import Jobb, Utsending


@admin.register(Jobb)
class JobbAdmin(admin.ModelAdmin):
    list_display = ["pk", "oppgave", "status", "opprettet", "overlevert", "ferdig", "forsok"]
    list_filter = ["status", "oppgave"]
    readonly_fields = [f.name for f in Jobb._meta.fields]


@admin.register(Utsending)
class UtsendingAdmin(admin.ModelAdmin):
    list_display = ["nokkel", "mottaker", "sendt"]
    search_fields = ["nokkel", "mottaker"]
    readonly_fields = ["nokkel", "mottaker", "sendt"]
