from django.core.management.base import BaseCommand

from security_service.catalogues import cyrillic_catalogue, latin_catalogue
from security_service.management.files import read_catalogue, write_files


class Command(BaseCommand):
    help = "Write and compile locale/sr/LC_MESSAGES/django.po (Serbian, Cyrillic) from the Serbian Latin catalogue by transliteration."

    def handle(self, *args, **options):
        latin = latin_catalogue()
        po, path = cyrillic_catalogue(read_catalogue(latin))
        # Both files or neither: a .mo is never left out of step with its .po.
        write_files({path: str(po).encode(po.encoding), path.with_suffix(".mo"): po.to_binary()}, make_folders=True)
        self.stdout.write(f"wrote {path} from {latin}")
