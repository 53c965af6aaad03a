"""The admin's forms: the service form (stale saves, addresses) and the nested form sets of its parts, which read their
objects once."""

import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from nested_admin.formsets import NestedInlineFormSetMixin
from reversion.models import Version

from .. import languages, publishing
from ..cyrillic import to_cyrillic
from ..models import (
    Service,
    label_clashes,
)


class KnownChoiceField(forms.ModelChoiceField):
    """A choice among objects read once per form set, instead of one query per form and field."""

    def __init__(self, *args, known, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known  # a callable: {pk: object}, computed once, shared by the copies each form gets

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.known()[self.queryset.model._meta.pk.to_python(value)]
        except (KeyError, ValueError, ValidationError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class PartFormSet(NestedInlineFormSetMixin, BaseInlineFormSet):
    """The parts of a page in one form set, nested under their section, group or contact point (django-nested-admin).

    Its objects come from `known_parts`, read once per request for every form set of the model: Django's form sets
    (and nested-admin's) look up each form's object with a query of its own, and a nested form set reads its own
    objects, so a page with a hundred links would take hundreds of queries to show and to save.
    """

    known_parts = None  # set by the inline: a callable, {pk: object} of this model on the page being edited

    def __init__(self, data=None, files=None, instance=None, save_as_new=False, prefix=None, queryset=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data and (instance is None or instance.pk is None):
            # The items of a part added in this same submission: a client that adds none need not post their form set.
            data = data.copy()
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        super().__init__(data, files, instance, save_as_new, prefix, queryset, **kwargs)

    def get_queryset(self):
        if self.known_parts is None:
            return super().get_queryset()
        if not hasattr(self, "_parts"):
            parts = self.known_parts().values()
            if self.is_bound:
                # Any part of the page, not only this parent's: an item may have been dragged here from another section.
                self._parts = list(parts)
            else:
                parent = self.instance.pk
                self._parts = [part for part in parts if parent is not None and getattr(part, self.fk.attname) == parent]
        return self._parts

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_name = self._pk_field.name
        if isinstance(form.fields.get(pk_name), forms.ModelChoiceField):
            old = form.fields[pk_name]
            form.fields[pk_name] = KnownChoiceField(
                old.queryset, initial=old.initial, required=False, widget=old.widget, known=self.objects
            )
        if "position" in form.fields:
            # A new part posted without a position goes after the others (process_forms_pre_save), not first.
            form.fields["position"].required = False
            if form.instance.pk is None:
                form.initial.pop("position", None)

    def _construct_form(self, i, **kwargs):
        # Each part knows its page from the start (its validation reads the page's source language), without a query.
        form = super()._construct_form(i, **kwargs)
        form.instance.service = self.page_service()
        return form

    def objects(self):
        if not hasattr(self, "_object_dict"):
            self._object_dict = {obj.pk: obj for obj in self.get_queryset()}
        return self._object_dict

    def page_service(self):
        """The service whose page this form set's parts are on (its `service` key is not a field of the form)."""
        parent = self.instance
        return parent if isinstance(parent, Service) else parent.service

    def parent_removed(self):
        """Whether the section, group or contact point holding these parts is deleted in this submission (so are they)."""
        parent_form = getattr(self, "parent_form", None)
        if parent_form is None:
            return False
        parent_formset = parent_form.parent_formset
        return parent_formset._should_delete_form(parent_form) or parent_formset.parent_removed()

    def is_valid(self):
        return self.parent_removed() or super().is_valid()

    def has_changed(self):
        return not self.parent_removed() and super().has_changed()

    def save(self, commit=True):
        if self.parent_removed():
            self.changed_objects, self.deleted_objects, self.new_objects = [], [], []
            return []
        return super().save(commit)

    def process_forms_pre_save(self, forms):
        # Positions stay as posted (the drag and drop numbers them); a new part posted without one goes last.
        kept = [form for form in forms if hasattr(form, "cleaned_data") and not self._should_delete_form(form)]
        last = max((form.cleaned_data.get("position") or 0 for form in kept), default=0)
        for form in kept:
            if form.cleaned_data.get("position") is None and form.has_changed():
                last += 1
                form.cleaned_data["position"] = form.instance.position = last
        return sorted(forms, key=lambda form: getattr(form, "cleaned_data", {}).get("position") or 0)

    def save_new(self, form, commit=True):
        form.instance.service = self.page_service()
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        obj.service = self.page_service()
        return super().save_existing(form, obj, commit)

    def save_existing_objects(self, initial_forms=None, commit=True):
        # nested-admin's own reads each object twice more: the forms already hold them (from known_parts).
        saved = []
        for form in initial_forms or ():
            obj = form.instance
            if obj.pk is None:
                continue
            if form in self.deleted_forms:
                self.deleted_objects.append(obj)
                self.delete_existing(obj, commit=commit)
                continue
            moved = getattr(obj, "_loaded_values", {}).get(self.fk.attname, getattr(obj, self.fk.attname)) != self.instance.pk
            if form.has_changed() or moved:
                self.changed_objects.append((obj, form.changed_data))
                saved.append(self.save_existing(form, obj, commit=commit))
                if not commit:
                    self.saved_forms.append(form)
        return saved


class LinkGroupFormSet(PartFormSet):
    """The groups of links of one section, which refuse one label for links to different places (label_clashes) in
    the languages this user may edit: read without its group's heading, "Ministère de l'intérieur" says nothing."""

    def clean(self):
        super().clean()
        forms = []
        for group_form in self.forms:
            if self._should_delete_form(group_form):
                continue
            for links in getattr(group_form, "nested_formsets", ()):
                for form in links.forms:
                    form.is_valid()  # cleans the form: its instance then holds the posted texts
                    if not links._should_delete_form(form) and (form.instance.pk or form.has_changed()):
                        forms.append(form)
        if not forms:
            return
        editable = [lang for lang in languages.site_languages() if build_localized_fieldname("label", lang) in forms[0].fields]
        form_of = {id(form.instance): form for form in forms}
        for clash in label_clashes([form.instance for form in forms], editable, self.page_service().source_language):
            for link in clash.links:
                form_of[id(link)].add_error(build_localized_fieldname("label", clash.language), clash.message())


def known_choice_formfield(db_field, queryset, known=None, **kwargs):
    """The form field of a foreign key whose choices (`queryset`) are read once for the whole form set (or by `known`)."""
    known = functools.cache(known or (lambda: {obj.pk: obj for obj in queryset}))
    return db_field.formfield(form_class=KnownChoiceField, queryset=queryset, known=known, **kwargs)


class CyrillicPlaceholders:
    """An empty Cyrillic Serbian field shows, greyed, the text visitors get there: the Latin one, transliterated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column, lang in languages.field_languages(type(self.instance)).items():
            field = self.fields.get(column)
            latin = getattr(self.instance, column.removesuffix("_sr") + "_sr_latn", "") if lang == "sr" else ""
            if field is not None and latin and isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs["placeholder"] = to_cyrillic(latin)
                field.widget.attrs["title"] = _("Left empty, visitors get the Latin text, transliterated (shown greyed).")


class KnownChoicesForm(CyrillicPlaceholders, forms.ModelForm):
    def _get_validation_exclusions(self):
        # Choices the form found among the page's own objects: the model would look each up again, with a query per form.
        known = {name for name, field in self.fields.items() if isinstance(field, KnownChoiceField)}
        return {*super()._get_validation_exclusions(), *known}


class SectionForm(KnownChoicesForm):
    """A section: the languages that leave it out are ticked, not typed."""

    hidden_in = forms.MultipleChoiceField(
        label=pgettext_lazy("languages whose page leaves the section out", "not shown in"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a language whose page leaves this section out (its translation has no such section)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "hidden_in" in self.fields:
            self.fields["hidden_in"].choices = [(code, name) for code, name in settings.LANGUAGES]

    def _get_validation_exclusions(self):
        # The section's dates are checked by its clean(), not by a query per form and constraint.
        return {*super()._get_validation_exclusions(), "starts_on", "ends_on"}


class ImportPoForm(forms.Form):
    file = forms.FileField(
        # Translators: a field label: the translated PO file to upload.
        label=_("PO file"),
        help_text=_("The file downloaded from a service page, translated in Poedit, Weblate or a text editor."),
    )


class ServiceForm(KnownChoicesForm):
    # The edit count when the form was opened: a save on an older count would overwrite someone's work.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    publishing = False  # "Save and publish" was clicked (set by ServiceAdmin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.edit_version
        written_in = self.fields.get("source_language")
        if written_in is not None and hasattr(written_in, "choices"):
            # The site's languages only (SITE_LANGUAGES), in their order; the page's own even if switched off since.
            keep = [*languages.site_languages(), self.instance.source_language]
            written_in.choices = [(code, name) for code, name in written_in.choices if code in keep]

    def _get_validation_exclusions(self):
        # The model would check each address's uniqueness with a query (and a savepoint) each: clean() checks every
        # address in one query.
        return {*super()._get_validation_exclusions(), *publishing.SLUG_FIELDS}

    def clean(self):
        cleaned = super().clean()
        slugs = {name: cleaned.get(name, getattr(self.instance, name)) for name in publishing.SLUG_FIELDS}
        if not self.instance.pk or set(publishing.SLUG_FIELDS) & set(self.changed_data):
            for other in Service.objects.exclude(pk=self.instance.pk).having_slugs(slugs):
                for name, slug in slugs.items():
                    if slug and getattr(other, name) == slug and name in self.fields:
                        self.add_error(name, _("Another service already uses this web address."))
        # The admin read the service with its row locked (ServiceAdmin.get_queryset): its edit count is the current one.
        if self.instance.pk and self.instance.edit_version != cleaned.get("loaded_version"):
            latest = Version.objects.get_for_object(self.instance).select_related("revision__user").first()
            # Translators: who saved the page meanwhile, when the name is not known: "someone else saved it".
            who = latest.revision.user.get_username() if latest and latest.revision.user else gettext("someone else")
            raise ValidationError(
                _(
                    "This page was changed by %(user)s since you opened it. Your changes were not saved, so as not to "
                    "overwrite theirs: open the page again to see their version, then make your changes again."
                ),
                code="stale",
                params={"user": who},
            )
        live = getattr(self.instance, "publication", None) if self.instance.pk else None
        # A live page keeps its addresses: only new ones can be another live page's.
        if self.publishing and not (live and live.is_live and publishing.draft_slugs(live) == slugs):
            for name, message in publishing.address_conflicts(self.instance.pk, slugs).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class UnchangedSinceForm(CyrillicPlaceholders, forms.ModelForm):
    """A form that refuses to save over a change made since it was opened (for what has no edit count: directorates,
    the accessibility statement). The row stays locked until the save's transaction ends."""

    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_at"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            rows = type(self.instance).objects.select_for_update().filter(pk=self.instance.pk)
            current = rows.values_list("updated_at", flat=True).first()
            if current is not None and current.isoformat() != cleaned.get("loaded_at"):
                raise ValidationError(
                    _(
                        "This text was changed by someone else since you opened it. Your changes were not saved, so as not "
                        "to overwrite theirs: open it again to see their version, then make your changes again."
                    ),
                    code="stale",
                )
        return cleaned
