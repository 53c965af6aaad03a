from django.core.management.base import BaseCommand

from security_service.roles import group_permissions, sync_groups


class Command(BaseCommand):
    help = "Create the Editors and Translators groups with their permissions (also done after every migrate)."

    def handle(self, *args, **options):
        sync_groups()
        for name, permissions in group_permissions().items():
            self.stdout.write(f"{name}: {len(permissions)} permissions")
