"""A page becomes an ordered list of sections.

The texts the service held at fixed places (its notice, introduction, jurisdiction, the missions' heading) and the
directorate's heading move into sections, in the order the page showed them: notice, introduction, jurisdiction,
roles, missions, directorate, links, contact. Each role, mission, group of links and contact point joins the section
of its kind. The publications' snapshots are moved the same way, so that the published pages read as before; going
back puts every text where it was.
"""

import django.db.models.deletion
from django.db import migrations, models

# The kinds of section the page showed, in its order, and the parts each lists.
ITEMS = {"roles": "staffrole", "missions": "mission", "links": "linkgroup", "contact": "contactpoint"}
SNAPSHOT_FORMAT = 4


def suffixes(model):
    """The language suffixes of the translated columns at this point of the history: fr, sr_latn, sr, en."""
    return [field.name.removeprefix("name_") for field in model._meta.concrete_fields if field.name.startswith("name_")]


def columns(obj, name, langs):
    return {lang: getattr(obj, f"{name}_{lang}") or "" for lang in langs}


def sources(obj, name):
    """The translation sources (French text each translation was made from) of field `name`, by language suffix."""
    prefix = f"{name}_"
    return {key.removeprefix(prefix): value for key, value in (obj.translation_sources or {}).items() if key.startswith(prefix)}


def section_plan(service, directorate, has_items, texts, langs):
    """[(kind, {field: {lang: text}}, extra fields, {field: sources})] of a service, in page order.

    `texts(obj, name)` gives a field's columns; `has_items(kind)` whether the page lists parts of that kind.
    """
    plan = []
    for name in ("notice", "intro", "jurisdiction"):
        values = texts(service, name)
        if any(values.values()) or name == "intro":
            kind = "notice" if name == "notice" else "text"
            dates = {"starts_on": service["notice_starts_on"], "ends_on": service["notice_ends_on"]} if name == "notice" else {}
            plan.append((kind, {"body": values}, dates, {"body": (service, name)}))
    if has_items("roles"):
        plan.append(("roles", {}, {}, {}))
    if has_items("missions"):
        heading = texts(service, "missions_heading")
        plan.append(
            ("missions", {"heading": heading}, {"default_heading": not any(heading.values())}, {"heading": (service, "missions_heading")})
        )
    if directorate is not None:
        plan.append(
            (
                "directorate",
                {"heading": texts(directorate, "section_heading")},
                {"directorate": directorate},
                {"heading": (directorate, "section_heading")},
            )
        )
    if has_items("links"):
        plan.append(("links", {}, {"default_heading": True}, {}))
    if has_items("contact"):
        plan.append(("contact", {}, {"default_heading": True}, {}))
    return plan


class Row(dict):
    """A model row read through a dict interface, so that rows and snapshot items share section_plan()."""


def to_sections(apps, schema_editor):
    Service = apps.get_model("security_service", "Service")
    Section = apps.get_model("security_service", "Section")
    Publication = apps.get_model("security_service", "Publication")
    langs = suffixes(Service)
    first = langs[0]
    for service in Service.objects.select_related("directorate").order_by("pk"):
        items = {kind: apps.get_model("security_service", model).objects.filter(service=service) for kind, model in ITEMS.items()}
        row = Row(notice_starts_on=service.notice_starts_on, notice_ends_on=service.notice_ends_on)
        objects = {id(row): service}

        def texts(obj, name):
            return columns(objects.get(id(obj), obj), name, langs)

        plan = section_plan(row, service.directorate, lambda kind: items[kind].exists(), texts, langs)
        for position, (kind, translated, extra, moved) in enumerate(plan, start=1):
            fields = {"kind": kind, "position": position, **extra}
            kept = {}
            for field, values in translated.items():
                fields[field] = values[first]
                fields.update({f"{field}_{lang}": value or None for lang, value in values.items()})
                owner, name = moved[field]
                kept.update({f"{field}_{lang}": source for lang, source in sources(objects.get(id(owner), owner), name).items()})
            section = Section.objects.create(service=service, translation_sources=kept, **fields)
            if kind in items:
                items[kind].update(section=section)
        for name in ("notice", "intro", "jurisdiction", "missions_heading"):
            service.translation_sources = {
                key: value for key, value in (service.translation_sources or {}).items() if not key.startswith(f"{name}_")
            }
        Service.objects.filter(pk=service.pk).update(translation_sources=service.translation_sources)
    for publication in Publication.objects.all():
        sections = {}
        for section in Section.objects.filter(service_id=publication.service_id).order_by("position", "pk"):
            sections.setdefault(section.kind, []).append(section.pk)
        publication.snapshot = snapshot_to_sections(publication.snapshot, sections, langs)
        publication.save(update_fields=["snapshot"])


def snapshot_to_sections(snapshot, section_pks, langs):
    """A publication's snapshot with sections: their pks are the draft's sections of the same kinds, or new negative ones.

    `section_pks` is {kind: [pk, …]} of the draft's sections, in page order.
    """
    objects = snapshot["objects"]
    service = next(item for item in objects if item["model"] == "security_service.service")
    directorate = next((item for item in objects if item["model"] == "security_service.directorate"), None)
    fields = service["fields"]
    row = Row(notice_starts_on=fields.get("notice_starts_on"), notice_ends_on=fields.get("notice_ends_on"))
    items = {item["model"]: item for item in objects}
    kinds_present = {kind for kind, model in ITEMS.items() if f"security_service.{model}" in items}
    owners = {id(row): service}

    def texts(obj, name):
        item = owners.get(id(obj), obj)
        return {lang: item["fields"].get(f"{name}_{lang}") or "" for lang in langs}

    plan = section_plan(row, directorate, lambda kind: kind in kinds_present, texts, langs)
    new_pk, sections, by_kind = 0, [], {}
    for position, (kind, translated, extra, moved) in enumerate(plan, start=1):
        draft = section_pks.get(kind) or []
        if draft:
            pk = draft.pop(0)
        else:
            new_pk -= 1
            pk = new_pk
        by_kind.setdefault(kind, pk)
        section = {
            "model": "security_service.section",
            "pk": pk,
            "fields": {
                "service": service["pk"],
                "kind": kind,
                "position": position,
                "default_heading": extra.get("default_heading", False),
                "directorate": directorate["pk"] if kind == "directorate" else None,
                "starts_on": extra.get("starts_on"),
                "ends_on": extra.get("ends_on"),
                "hidden_in": [],
                "translation_sources": {},
                **{f"{field}_{lang}": "" for field in ("heading", "body") for lang in langs},
            },
            "html": {"body": {}},
            "formatted": {},
        }
        for field, values in translated.items():
            owner, name = moved[field]
            owner = owners.get(id(owner), owner)
            section["fields"].update({f"{field}_{lang}": value for lang, value in values.items()})
            html = owner.get("html", {}).get(name)
            if html is not None:
                section["html"][field] = html
            texts_moved = {
                f"{field}_{key.removeprefix(name + '_')}": value
                for key, value in owner.get("texts", {}).items()
                if key.startswith(name + "_") and key.removeprefix(name + "_") in langs
            }
            if texts_moved:
                section.setdefault("texts", {}).update(texts_moved)
            for lang, names in owner.get("french", {}).items():
                if name in names:
                    section.setdefault("french", {}).setdefault(lang, []).append(field)
        if not section["html"]["body"]:
            section["html"]["body"] = dict.fromkeys(snapshot.get("languages") or [], "")
        sections.append(section)
    for item in objects:
        kind = next((kind for kind, model in ITEMS.items() if item["model"] == f"security_service.{model}"), None)
        if kind is not None:
            item["fields"]["section"] = by_kind[kind]
    for owner, names in ((service, ("notice", "intro", "jurisdiction", "missions_heading")), (directorate, ("section_heading",))):
        if owner is None:
            continue
        strip_fields(owner, names, langs)
    owner_fields = service["fields"]
    for name in ("notice_starts_on", "notice_ends_on", "directorate"):
        owner_fields.pop(name, None)
    return {**snapshot, "format": SNAPSHOT_FORMAT, "objects": [service, *sections, *(item for item in objects if item is not service)]}


def strip_fields(item, names, langs):
    for name in names:
        for lang in langs:
            item["fields"].pop(f"{name}_{lang}", None)
            item.get("texts", {}).pop(f"{name}_{lang}", None)
        item.get("html", {}).pop(name, None)
        for lang, fields in list(item.get("french", {}).items()):
            item["french"][lang] = [field for field in fields if field != name]
            if not item["french"][lang]:
                del item["french"][lang]


def from_sections(apps, schema_editor):
    """Back to fixed places: the first text section is the introduction, later ones the jurisdiction, and so on."""
    Service = apps.get_model("security_service", "Service")
    Section = apps.get_model("security_service", "Section")
    Publication = apps.get_model("security_service", "Publication")
    langs = suffixes(Service)
    for service in Service.objects.order_by("pk"):
        sections = list(Section.objects.filter(service=service).select_related("directorate").order_by("position", "pk"))
        values, restored_sources = backward_values(
            [(section.kind, {f: columns(section, f, langs) for f in ("heading", "body")}, section) for section in sections], langs
        )
        for (name, lang), text in values.items():
            setattr(service, f"{name}_{lang}", text or None)
            if lang == langs[0]:
                setattr(service, name, text)
        notice = next((section for section in sections if section.kind == "notice"), None)
        service.notice_starts_on = notice.starts_on if notice else None
        service.notice_ends_on = notice.ends_on if notice else None
        directorate = next((section for section in sections if section.kind == "directorate" and section.directorate_id), None)
        service.directorate_id = directorate.directorate_id if directorate else None
        service.translation_sources = {**(service.translation_sources or {}), **restored_sources}
        service.save()
        if directorate is not None:
            heading = columns(directorate, "heading", langs)
            target = directorate.directorate
            for lang, text in heading.items():
                setattr(target, f"section_heading_{lang}", text or None)
            target.section_heading = heading[langs[0]] or target.name
            target.save()
    for publication in Publication.objects.all():
        publication.snapshot = snapshot_from_sections(publication.snapshot, langs)
        publication.save(update_fields=["snapshot"])


def backward_values(sections, langs):
    """{(service field, lang): text} and translation sources from [(kind, {field: {lang: text}}, section)]."""
    values, sources_back = {}, {}
    texts = [columns for kind, columns, _section in sections if kind == "text"]
    notices = [columns for kind, columns, _section in sections if kind == "notice"]
    missions = [columns for kind, columns, _section in sections if kind == "missions"]
    for lang in langs:
        values[("intro", lang)] = texts[0]["body"][lang] if texts else ""
        values[("jurisdiction", lang)] = "\n\n".join(filter(None, (c["body"][lang] for c in texts[1:])))
        values[("notice", lang)] = "\n\n".join(filter(None, (c["body"][lang] for c in notices)))
        values[("missions_heading", lang)] = missions[0]["heading"][lang] if missions else ""
    for kind, _columns, section in sections:
        name = {"text": "intro", "notice": "notice", "missions": "missions_heading"}.get(kind)
        field = "heading" if kind == "missions" else "body"
        if name is None or section is None:
            continue
        for key, value in (getattr(section, "translation_sources", None) or {}).items():
            if key.startswith(f"{field}_"):
                sources_back.setdefault(f"{name}_{key.removeprefix(field + '_')}", value)
    return values, sources_back


def snapshot_from_sections(snapshot, langs):
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        return snapshot
    objects = snapshot["objects"]
    sections = sorted(
        (item for item in objects if item["model"] == "security_service.section"), key=lambda item: (item["fields"]["position"], item["pk"])
    )
    service = next(item for item in objects if item["model"] == "security_service.service")
    directorate = next((item for item in objects if item["model"] == "security_service.directorate"), None)
    by_field = [
        (item["fields"]["kind"], {f: {lang: item["fields"].get(f"{f}_{lang}") or "" for lang in langs} for f in ("heading", "body")}, None)
        for item in sections
    ]
    values, _sources = backward_values(by_field, langs)
    for (name, lang), text in values.items():
        service["fields"][f"{name}_{lang}"] = text
    first_text = next((item for item in sections if item["fields"]["kind"] == "text"), None)
    notice = next((item for item in sections if item["fields"]["kind"] == "notice"), None)
    missions = next((item for item in sections if item["fields"]["kind"] == "missions"), None)
    shown = next((item for item in sections if item["fields"]["kind"] == "directorate"), None)
    html = service.setdefault("html", {})
    for name, item in (("intro", first_text), ("notice", notice)):
        html[name] = (item or {}).get("html", {}).get("body", {})
    later_texts = [item for item in sections if item["fields"]["kind"] == "text"][1:]
    html["jurisdiction"] = {
        lang: "".join(item.get("html", {}).get("body", {}).get(lang, "") for item in later_texts) for lang in snapshot.get("languages", [])
    }
    if missions is not None:
        for key, value in missions.get("texts", {}).items():
            service.setdefault("texts", {})[key.replace("heading_", "missions_heading_", 1)] = value
    for item, name, owner in ((first_text, "intro", service), (missions, "missions_heading", service)):
        field = "heading" if name == "missions_heading" else "body"
        for lang, names in (item or {}).get("french", {}).items():
            if field in names:
                owner.setdefault("french", {}).setdefault(lang, []).append(name)
    service["fields"]["notice_starts_on"] = notice["fields"]["starts_on"] if notice else None
    service["fields"]["notice_ends_on"] = notice["fields"]["ends_on"] if notice else None
    service["fields"]["directorate"] = shown["fields"]["directorate"] if shown else None
    if directorate is not None and shown is not None:
        for lang in langs:
            directorate["fields"][f"section_heading_{lang}"] = shown["fields"].get(f"heading_{lang}") or ""
        for key, value in shown.get("texts", {}).items():
            directorate.setdefault("texts", {})[key.replace("heading_", "section_heading_", 1)] = value
    rest = []
    for item in objects:
        if item["model"] == "security_service.section":
            continue
        item["fields"].pop("section", None)
        rest.append(item)
    return {**snapshot, "format": 3, "objects": rest}


class Migration(migrations.Migration):
    dependencies = [
        ("security_service", "0004_one_published_copy"),
    ]

    operations = [
        migrations.CreateModel(
            name="Section",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("translation_sources", models.JSONField(blank=True, default=dict, editable=False)),
                ("position", models.PositiveIntegerField(default=0, help_text="Lower numbers come first.", verbose_name="order")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("text", "text"),
                            ("roles", "staff roles"),
                            ("missions", "missions"),
                            ("directorate", "directorate"),
                            ("links", "links"),
                            ("contact", "contact"),
                            ("notice", "notice"),
                        ],
                        default="text",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "heading",
                    models.CharField(
                        blank=True, help_text="Leave empty for a section without a heading.", max_length=300, verbose_name="heading"
                    ),
                ),
                (
                    "heading_fr",
                    models.CharField(
                        blank=True,
                        help_text="Leave empty for a section without a heading.",
                        max_length=300,
                        null=True,
                        verbose_name="heading",
                    ),
                ),
                (
                    "heading_sr_latn",
                    models.CharField(
                        blank=True,
                        help_text="Leave empty for a section without a heading.",
                        max_length=300,
                        null=True,
                        verbose_name="heading",
                    ),
                ),
                (
                    "heading_sr",
                    models.CharField(
                        blank=True,
                        help_text="Leave empty for a section without a heading.",
                        max_length=300,
                        null=True,
                        verbose_name="heading",
                    ),
                ),
                (
                    "heading_en",
                    models.CharField(
                        blank=True,
                        help_text="Leave empty for a section without a heading.",
                        max_length=300,
                        null=True,
                        verbose_name="heading",
                    ),
                ),
                (
                    "default_heading",
                    models.BooleanField(
                        default=False,
                        help_text="With no heading written: show the site's heading for this kind of section (“Useful links”, “Contact details”…).",
                        verbose_name="site's heading",
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        blank=True,
                        help_text="The text of a text section or a notice; the lead-in of missions, links or contacts. Paragraphs are separated by a blank line. Lists: start lines with “- ”. *Italics*, **bold**, [link text](https://…).",
                        max_length=20000,
                        verbose_name="text",
                    ),
                ),
                (
                    "body_fr",
                    models.TextField(
                        blank=True,
                        help_text="The text of a text section or a notice; the lead-in of missions, links or contacts. Paragraphs are separated by a blank line. Lists: start lines with “- ”. *Italics*, **bold**, [link text](https://…).",
                        max_length=20000,
                        null=True,
                        verbose_name="text",
                    ),
                ),
                (
                    "body_sr_latn",
                    models.TextField(
                        blank=True,
                        help_text="The text of a text section or a notice; the lead-in of missions, links or contacts. Paragraphs are separated by a blank line. Lists: start lines with “- ”. *Italics*, **bold**, [link text](https://…).",
                        max_length=20000,
                        null=True,
                        verbose_name="text",
                    ),
                ),
                (
                    "body_sr",
                    models.TextField(
                        blank=True,
                        help_text="The text of a text section or a notice; the lead-in of missions, links or contacts. Paragraphs are separated by a blank line. Lists: start lines with “- ”. *Italics*, **bold**, [link text](https://…).",
                        max_length=20000,
                        null=True,
                        verbose_name="text",
                    ),
                ),
                (
                    "body_en",
                    models.TextField(
                        blank=True,
                        help_text="The text of a text section or a notice; the lead-in of missions, links or contacts. Paragraphs are separated by a blank line. Lists: start lines with “- ”. *Italics*, **bold**, [link text](https://…).",
                        max_length=20000,
                        null=True,
                        verbose_name="text",
                    ),
                ),
                (
                    "starts_on",
                    models.DateField(
                        blank=True, help_text="For a notice: the first day it is shown.", null=True, verbose_name="shown from"
                    ),
                ),
                (
                    "ends_on",
                    models.DateField(
                        blank=True, help_text="For a notice: the last day it is shown.", null=True, verbose_name="shown until"
                    ),
                ),
                (
                    "hidden_in",
                    models.JSONField(
                        blank=True, default=list, help_text="Languages whose page leaves this section out.", verbose_name="not shown in"
                    ),
                ),
            ],
            options={
                "verbose_name": "section",
                "verbose_name_plural": "sections",
                "ordering": ("position", "pk"),
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="section",
            name="directorate",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="sections",
                to="security_service.directorate",
                verbose_name="directorate",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="sections", to="security_service.service", verbose_name="service"
            ),
        ),
        migrations.AddField(
            model_name="contactpoint",
            name="section",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contact_points",
                to="security_service.section",
                verbose_name="section",
            ),
        ),
        migrations.AddField(
            model_name="linkgroup",
            name="section",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="link_groups",
                to="security_service.section",
                verbose_name="section",
            ),
        ),
        migrations.AddField(
            model_name="mission",
            name="section",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="missions",
                to="security_service.section",
                verbose_name="section",
            ),
        ),
        migrations.AddField(
            model_name="staffrole",
            name="section",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="roles",
                to="security_service.section",
                verbose_name="section",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("starts_on__isnull", True), ("ends_on__isnull", True), ("ends_on__gte", models.F("starts_on")), _connector="OR"
                ),
                name="section_ends_after_start",
                violation_error_message="The section cannot end before it starts.",
            ),
        ),
        migrations.RunPython(to_sections, from_sections),
        migrations.AlterField(
            model_name="service",
            name="intro",
            field=models.TextField(default="", max_length=5000, verbose_name="introduction"),
        ),
        migrations.AlterField(
            model_name="directorate",
            name="section_heading",
            field=models.CharField(default="", max_length=300, verbose_name="section heading"),
        ),
        migrations.RemoveConstraint(
            model_name="service",
            name="service_notice_ends_after_start",
        ),
        migrations.RemoveField(
            model_name="directorate",
            name="section_heading",
        ),
        migrations.RemoveField(
            model_name="directorate",
            name="section_heading_en",
        ),
        migrations.RemoveField(
            model_name="directorate",
            name="section_heading_fr",
        ),
        migrations.RemoveField(
            model_name="directorate",
            name="section_heading_sr",
        ),
        migrations.RemoveField(
            model_name="directorate",
            name="section_heading_sr_latn",
        ),
        migrations.RemoveField(
            model_name="service",
            name="directorate",
        ),
        migrations.RemoveField(
            model_name="service",
            name="intro",
        ),
        migrations.RemoveField(
            model_name="service",
            name="intro_en",
        ),
        migrations.RemoveField(
            model_name="service",
            name="intro_fr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="intro_sr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="intro_sr_latn",
        ),
        migrations.RemoveField(
            model_name="service",
            name="jurisdiction",
        ),
        migrations.RemoveField(
            model_name="service",
            name="jurisdiction_en",
        ),
        migrations.RemoveField(
            model_name="service",
            name="jurisdiction_fr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="jurisdiction_sr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="jurisdiction_sr_latn",
        ),
        migrations.RemoveField(
            model_name="service",
            name="missions_heading",
        ),
        migrations.RemoveField(
            model_name="service",
            name="missions_heading_en",
        ),
        migrations.RemoveField(
            model_name="service",
            name="missions_heading_fr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="missions_heading_sr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="missions_heading_sr_latn",
        ),
        migrations.RemoveField(
            model_name="service",
            name="notice",
        ),
        migrations.RemoveField(
            model_name="service",
            name="notice_en",
        ),
        migrations.RemoveField(
            model_name="service",
            name="notice_ends_on",
        ),
        migrations.RemoveField(
            model_name="service",
            name="notice_fr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="notice_sr",
        ),
        migrations.RemoveField(
            model_name="service",
            name="notice_sr_latn",
        ),
        migrations.RemoveField(
            model_name="service",
            name="notice_starts_on",
        ),
        migrations.AlterField(
            model_name="contactpoint",
            name="section",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contact_points",
                to="security_service.section",
                verbose_name="section",
            ),
        ),
        migrations.AlterField(
            model_name="linkgroup",
            name="section",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="link_groups",
                to="security_service.section",
                verbose_name="section",
            ),
        ),
        migrations.AlterField(
            model_name="mission",
            name="section",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="missions", to="security_service.section", verbose_name="section"
            ),
        ),
        migrations.AlterField(
            model_name="staffrole",
            name="section",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="roles", to="security_service.section", verbose_name="section"
            ),
        ),
    ]
