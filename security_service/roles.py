"""The staff groups, kept in step with the code after every `migrate` (and by `manage.py sync_groups`).

- Editors change all content, publish, and restore versions.
- Translators of a language change only the texts of that language; they may publish a draft whose changes
  are all theirs (see publishing.may_publish).
"""

from django.conf import settings
from django.utils import translation

from .languages import site_languages
from .models import PART_MODELS, translate_permission

APP = "security_service"
PART_NAMES = tuple(model._meta.model_name for model in PART_MODELS)
EDITORS = "Editors"


def translator_group_name(lang):
    with translation.override("en"):
        return f"Translators: {translation.get_language_info(lang)['name']}"


def group_permissions():
    """{group name: [(app_label, codename)]}."""
    content = [
        (APP, f"{action}_{model}") for model in ("service", "directorate", *PART_NAMES) for action in ("add", "change", "delete", "view")
    ]
    editors = [
        *content,
        (APP, "publish_service"),
        (APP, "restore_service"),
        (APP, "edit_structure"),
        *((APP, translate_permission(lang)) for lang in settings.MODELTRANSLATION_LANGUAGES),
        (APP, "view_auditevent"),
        (APP, "view_publication"),
        ("admin", "view_logentry"),
        *((APP, f"{action}_accessibilitystatement") for action in ("add", "change", "view")),
        *(("redirects", f"{action}_redirect") for action in ("add", "change", "delete", "view")),
    ]
    groups = {EDITORS: editors}
    translator_base = [(APP, f"{action}_{model}") for model in ("service", "directorate", *PART_NAMES) for action in ("change", "view")]
    # Every language of the site, the default one too (into which a page written in another language is translated):
    # switching one on adds its group at the next migrate.
    for lang in site_languages():
        groups[translator_group_name(lang)] = [
            *translator_base,
            (APP, "change_accessibilitystatement"),
            (APP, "view_accessibilitystatement"),
            (APP, translate_permission(lang)),
        ]
    return groups


def sync_groups(*args, using="default", **kwargs):
    """Create the groups and give each exactly its permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for name, wanted in group_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = [Permission.objects.using(using).get(content_type__app_label=app, codename=codename) for app, codename in wanted]
        group.permissions.set(permissions)
