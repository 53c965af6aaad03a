from django.core.management.base import BaseCommand

from security_service.models import Service
from security_service.worklist import translation_status


class Command(BaseCommand):
    help = "Per service and language: how many texts are translated, missing, and stale (French changed since)."

    def add_arguments(self, parser):
        parser.add_argument("--details", action="store_true", help="list the missing and stale texts")

    def handle(self, *args, details, **options):
        for service in Service.objects.with_parts():
            self.stdout.write(f"{service} ({service.slug_fr})")
            for lang, status in translation_status(service).items():
                self.stdout.write(
                    f"  {lang:8} translated {len(status.translated):3}  missing {len(status.missing):3}  stale {len(status.stale):3}"
                )
                if details:
                    for what in status.missing:
                        self.stdout.write(f"      missing: {what}")
                    for what in status.stale:
                        self.stdout.write(f"      stale:   {what}")
