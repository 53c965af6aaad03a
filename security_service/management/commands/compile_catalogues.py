from django.core.management.base import BaseCommand

from security_service.catalogues import po_files
from security_service.management.files import read_catalogue, write_files


class Command(BaseCommand):
    help = (
        "Compile every locale/*/LC_MESSAGES/*.po into its .mo (pure Python: GNU gettext is not needed). Every catalogue "
        "is read first: one that cannot be is named, and no .mo is written."
    )

    def handle(self, *args, **options):
        paths = po_files()
        compiled = {path.with_suffix(".mo"): read_catalogue(path).to_binary() for path in paths}
        write_files(compiled)
        for path in paths:
            self.stdout.write(f"compiled {path}")
