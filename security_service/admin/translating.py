"""A translator's own view of a page in one language: each text still to translate or to review, its source beside it
(for a text to review, what changed in the source since), saved in place.

The view is the PO export and import of the page (po_files.py) as a form: the same texts, the same rights, the same
checks (the admin's validation, a source changed meanwhile, a translation changed by someone else meanwhile).
"""

import polib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, to_locale

from ..admin_site import may_translate
from ..history import Difference
from ..languages import language_tag, target_languages
from ..models import Service
from ..po_files import FORM_COMMENT, export_po, import_po

# A text to review whose translation is posted unchanged is confirmed only with its box ticked.
REVIEWED = "reviewed"


def texts_to_do(service, language):
    """The entries of the page's PO export in `language` that are empty or fuzzy because their source changed since
    (not a Cyrillic text suggested from the Latin one, which the page shows: the Latin text's translator does it)."""
    return [entry for entry in export_po(language, [service]) if not entry.msgstr or (entry.fuzzy and entry.previous_msgid is not None)]


def translate_view(model_admin, request, object_id, language):
    service = model_admin.viewable_object(request, object_id)
    if language not in target_languages(service.source_language):
        raise Http404
    if not may_translate(request.user, service, language):
        raise PermissionDenied
    service = Service.objects.with_parts().get(pk=service.pk)
    url = reverse("admin:security_service_service_translate", args=[service.pk, language])
    if request.method == "POST":
        report = import_po(posted_po(request.POST, language), request.user, comment=FORM_COMMENT.format(language=language))
        tell(request, report)
        return HttpResponseRedirect(url)
    entries = texts_to_do(service, language)
    rows = [
        {
            "index": index,
            "entry": entry,
            "label": entry.comment.splitlines()[0],
            "checksum": entry.comment.splitlines()[-1],
            "changes": Difference("", "", entry.previous_msgid, entry.msgid).inline if entry.fuzzy else None,
        }
        for index, entry in enumerate(entries)
    ]
    names = {code: str(name) for code, name in settings.LANGUAGES}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": service,
        "title": gettext("Translate “%(page)s” into %(language)s") % {"page": service, "language": names[language]},
        "rows": rows,
        "language": language,
        "language_tag": language_tag(language),
        "source_tag": language_tag(service.source_language),
        "source_name": names[service.source_language],
        "others": [
            (code, names[code], reverse("admin:security_service_service_translate", args=[service.pk, code]))
            for code in target_languages(service.source_language)
            if code != language and may_translate(request.user, service, code)
        ],
        "change_url": reverse("admin:security_service_service_change", args=[service.pk]),
        "preview_url": reverse("admin:security_service_service_preview", args=[service.pk, language]),
    }
    return TemplateResponse(request, "admin/security_service/service/translate.html", context)


def posted_po(data, language):
    """The form's texts as the PO file an export would have been, translated: what import_po reads."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": to_locale(language), "Content-Type": "text/plain; charset=UTF-8"}
    index = 0
    while f"context-{index}" in data:
        text = data.get(f"text-{index}", "").replace("\r\n", "\n")
        entry = polib.POEntry(
            msgctxt=data[f"context-{index}"],
            msgid=data.get(f"source-{index}", "").replace("\r\n", "\n"),
            msgstr=text,
            comment=f"\n{data.get(f'checksum-{index}', '')}",
        )
        if (
            data.get(f"stale-{index}")
            and text == data.get(f"was-{index}", "").replace("\r\n", "\n")
            and not data.get(f"{REVIEWED}-{index}")
        ):
            entry.flags.append("fuzzy")  # to review, and neither changed nor ticked: left for later
        po.append(entry)
        index += 1
    return po


def tell(request, report):
    """What the save did, in as many messages as it has kinds of outcome."""
    if report.changed or report.confirmed:
        messages.success(
            request,
            gettext("Saved as a draft: %(changed)s translated, %(confirmed)s reviewed. Publish the page for visitors to see them.")
            % {"changed": len(report.changed), "confirmed": len(report.confirmed)},
        )
    for problems, words in (
        (report.invalid, gettext("Not saved, to correct:")),
        (report.stale, gettext("Not saved: the source text changed meanwhile; translate it again:")),
        (report.conflicts, gettext("Not saved: someone else changed the translation meanwhile:")),
        (report.forbidden, gettext("Not saved: texts you may not change:")),
    ):
        if problems:
            messages.error(request, f"{words} {'; '.join(problems)}")
    if not any((report.changed, report.confirmed, report.invalid, report.stale, report.conflicts, report.forbidden)):
        messages.info(request, gettext("Nothing to save: no text was changed."))
