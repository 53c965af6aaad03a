import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations, models

# A publication is dated by the day visitors read (modified_on), and by the time of that change only when it is known
# (last_modified, now optional). Until now a page loaded from a file that gives a date only was given the time 12:00 of
# that day, which the admin showed ("5 juin 2020 12:00"): such a publication keeps its day and loses the invented time.
# Going back, a publication without a time gets 12:00 of its day again.

INVENTED = datetime.time(12)


def site_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def dates_without_invented_times(apps, schema_editor):
    Publication = apps.get_model("security_service", "Publication")
    zone = site_zone()
    for publication in Publication.objects.all():
        local = publication.last_modified.astimezone(zone)
        invented = local.time() == INVENTED  # exactly noon, to the microsecond: load_content's made-up time
        Publication.objects.filter(pk=publication.pk).update(
            modified_on=local.date(), last_modified=None if invented else publication.last_modified
        )


def dates_with_a_time(apps, schema_editor):
    Publication = apps.get_model("security_service", "Publication")
    zone = site_zone()
    for publication in Publication.objects.filter(last_modified__isnull=True):
        noon = datetime.datetime.combine(publication.modified_on, INVENTED, tzinfo=zone)
        Publication.objects.filter(pk=publication.pk).update(last_modified=noon)


class Migration(migrations.Migration):

    dependencies = [
        ("security_service", "0010_contact_address_in_every_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="modified_on",
            field=models.DateField(null=True, help_text="The day of the last published change to the page.", verbose_name="last modified"),
        ),
        migrations.AlterField(
            model_name="publication",
            name="last_modified",
            field=models.DateTimeField(
                blank=True, help_text="The time of the last published change, when it is known.", null=True, verbose_name="last modified at"
            ),
        ),
        migrations.RunPython(dates_without_invented_times, dates_with_a_time),
        migrations.AlterField(
            model_name="publication",
            name="modified_on",
            field=models.DateField(help_text="The day of the last published change to the page.", verbose_name="last modified"),
        ),
    ]
