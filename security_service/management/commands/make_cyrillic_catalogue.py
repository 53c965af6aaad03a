from django.core.management.base import BaseCommand

from security_service.catalogues import LATIN_CATALOGUE, compile_po, cyrillic_catalogue


class Command(BaseCommand):
    help = "Write and compile locale/sr/LC_MESSAGES/django.po (Serbian, Cyrillic) from the Serbian Latin catalogue by transliteration."

    def handle(self, *args, **options):
        po, path = cyrillic_catalogue()
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))
        compile_po(path)
        self.stdout.write(f"wrote {path} from {LATIN_CATALOGUE}")
