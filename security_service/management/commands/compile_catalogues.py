from django.core.management.base import BaseCommand

from security_service.catalogues import compile_po, po_files


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po into its .mo (pure Python: GNU gettext is not needed)."

    def handle(self, *args, **options):
        for path in po_files():
            compile_po(path)
            self.stdout.write(f"compiled {path}")
