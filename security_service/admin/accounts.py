"""A staff member's account in one form: who they are, their password, and their role (editor, or translator into
chosen languages), instead of Django's two forms and a list of groups to pick from."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..languages import site_languages
from ..roles import EDITORS, translator_group_name

EDITOR, TRANSLATOR = "editor", "translator"


def language_choices():
    return [(lang, translation.get_language_info(lang)["name_translated"]) for lang in site_languages()]


class StaffCreationForm(AdminUserCreationForm):
    role = forms.ChoiceField(
        # Translators: a field label: the role of a staff account (editor, translator…).
        label=_("role"),
        choices=[
            (EDITOR, _("Editor: changes, publishes and restores every page")),
            (TRANSLATOR, _("Translator: changes the texts of the languages ticked below, and publishes their own translations")),
        ],
        widget=forms.RadioSelect,
    )
    languages = forms.MultipleChoiceField(
        label=pgettext_lazy("languages a translator account translates into", "translates into"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == TRANSLATOR and not cleaned.get("languages"):
            self.add_error("languages", ValidationError(_("Tick the languages this translator translates into."), code="no_language"))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = True  # a staff member logs in to the administration
        user.save()
        if hasattr(self, "save_m2m"):
            self.save_m2m()
        if self.cleaned_data["role"] == EDITOR:
            names = [EDITORS]
        else:
            names = [translator_group_name(lang) for lang in self.cleaned_data["languages"]]
        user.groups.set(Group.objects.filter(name__in=names))
        return user


admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    add_form = StaffCreationForm
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (_("Password"), {"fields": ("usable_password", "password1", "password2")}),
        # Translators: a heading of the staff account form, above the role and the languages translated.
        (_("Role"), {"fields": ("role", "languages")}),
    )
    list_display = ("username", "first_name", "last_name", "email", "roles", "is_active")
    add_form_template = "admin/auth/user/staff_add_form.html"

    def add_view(self, request, form_url="", extra_context=None):
        # Django's title, "Add user", says nothing of the role the form gives.
        return super().add_view(request, form_url, {"title": _("New staff account"), **(extra_context or {})})

    @admin.display(description=_("role"))
    def roles(self, obj):
        if obj.is_superuser:
            # Translators: a role: a superuser account, which may do everything.
            return _("Administrator")
        return ", ".join(group.name for group in obj.groups.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # A new account is saved by StaffCreationForm.save, with its groups.
