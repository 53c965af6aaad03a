"""An editor's eleven everyday tasks and a translator's first text, played in headless Chromium as a person would,
counting the clicks and the scrolling each one takes.

A click is a press on a link, a button, a tab, a box, or into a field to type in it; choosing a file takes two (the
button, then the file in the browser's dialog). Typing, and Tab to the next field, are not clicks. Before each
click, the distance from the screen to what is clicked is measured: it is how far the person must scroll to reach it.
Each step's screen lands in tests/artifacts/tasks-*.png; the counts are printed (`pytest -s`) and written to
tests/artifacts/tasks.txt.
"""

import io
import re

import pytest
from django.contrib.auth.models import User
from PIL import Image
from playwright.sync_api import expect

from security_service.models import Mission, PhoneNumber, Service
from security_service.roles import translator_group_name

from ..conftest import PASSWORD, STAFF_PASSWORD
from ..test_public_page import PAGES

pytestmark = pytest.mark.browser

SCREEN = {"width": 1280, "height": 800}
CLICKS_FOR_ELEVEN_TASKS = 25  # the target, for the eleven tasks together
CLICKS_TO_FIRST_TEXT = 3  # a translator's, from the login page
# The farthest any click may be from the screen: one screen's height at most, never a long scroll.
LONGEST_SCROLL = SCREEN["height"]

NEW_MISSION_FR = "La coopération technique, les formations et les échanges d’experts."
NEW_LINK_FR, NEW_LINK_URL = "Police nationale", "https://www.police-nationale.interieur.gouv.fr/"
NEW_PHONE, NEW_PHONE_SHOWN = "+381 11 302 35 70", "011/302 35 70"


class Person:
    """Drives the page with the clicks a person makes, task by task, and keeps the count of each."""

    def __init__(self, page, artifacts, name):
        self.page, self.artifacts, self.name = page, artifacts, name
        self.tasks = {}  # {task: [clicks, farthest scroll in px]}
        self.task = None
        self.step = 0

    def does(self, task):
        self.task = task
        self.tasks[task] = [0, 0]

    def _reach(self, locator):
        locator.wait_for(state="visible")
        distance = locator.evaluate(
            """element => {
                const box = element.getBoundingClientRect(), height = window.innerHeight;
                return Math.round(box.top < 0 ? -box.top : Math.max(0, box.bottom - height));
            }"""
        )
        counts = self.tasks[self.task]
        counts[1] = max(counts[1], distance)
        locator.scroll_into_view_if_needed()

    def click(self, locator, clicks=1):
        self._reach(locator)
        self.tasks[self.task][0] += clicks
        locator.click()

    def type_into(self, field, text):
        """Click into a field, then type."""
        self.click(field)
        field.fill(text)

    def type(self, field, text):
        """Type into the field that has the focus (the page gave it, or Tab reached it)."""
        expect(field).to_be_focused()
        field.fill(text)

    def tab_to(self, field, text):
        self.page.keyboard.press("Tab")
        self.type(field, text)

    def choose_file(self, file_input, path):
        self.click_count_only(file_input, clicks=2)
        file_input.set_input_files(str(path))

    def click_count_only(self, locator, clicks):
        self._reach(locator)
        self.tasks[self.task][0] += clicks

    def look(self):
        """A picture of what the person sees now."""
        self.step += 1
        self.page.wait_for_load_state("load")
        slug = re.sub(r"\W+", "-", self.task.lower()).strip("-")
        self.page.screenshot(path=self.artifacts / f"tasks-{self.name}-{self.step:02d}-{slug}.png")

    def report(self):
        lines = [f"{self.name}: {task}: {clicks} clicks, farthest scroll {scroll} px" for task, (clicks, scroll) in self.tasks.items()]
        lines.append(f"{self.name}: {sum(clicks for clicks, _scroll in self.tasks.values())} clicks in all")
        return lines


def picture(tmp_path):
    path = tmp_path / "cooperation.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (0, 85, 164)).save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def section(page, kind):
    return page.locator(f"#sections-group .djn-inline-form[data-section-kind='{kind}']").first


def open_section(person, name):
    """A click on the section's name in the outline that stays at the top of the form."""
    person.click(person.page.locator(".section-outline").get_by_role("button", name=name))


def log_in(person, live_server, username, password):
    page = person.page
    page.goto(live_server.url + "/admin/")
    person.type(page.get_by_label("Nom d’utilisateur"), username)  # the field has the focus
    person.tab_to(page.get_by_label("Mot de passe"), password)
    person.click(page.get_by_role("button", name="Connexion"))
    expect(page.get_by_role("button", name="Déconnexion")).to_be_visible()
    person.look()


@pytest.fixture
def screen(browser):
    context = browser.new_context(viewport=SCREEN, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def report(artifacts):
    lines = []
    yield lines
    with open(artifacts / "tasks.txt", "a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))


def test_an_editor_does_the_eleven_everyday_tasks_in_at_most_25_clicks(live_server, ssi, editor, screen, artifacts, tmp_path, report):
    page = screen
    person = Person(page, artifacts, "editor")
    missions_before = list(ssi.missions.values_list("pk", flat=True))
    old_mission = Mission.objects.get(pk=missions_before[0]).body_fr

    person.does("Log in")
    log_in(person, live_server, "editor", PASSWORD)

    person.does("Find the service")
    person.click(page.locator(".home-pages").get_by_role("link", name="Service de sécurité intérieure"))
    expect(page).to_have_title(re.compile("^Service de sécurité intérieure"))
    person.look()

    person.does("Change a mission")
    missions = section(page, "missions")
    open_section(person, re.compile("^Les missions"))
    person.type_into(missions.locator("textarea[name$='-missions-0-body_fr']"), old_mission + " Elle suit aussi la cybercriminalité.")
    person.look()

    person.does("Add a mission")
    person.click(missions.get_by_text(re.compile("Ajouter\\s*:\\s*Mission")))
    person.type(missions.locator(f"textarea[name$='-missions-{len(missions_before)}-body_fr']"), NEW_MISSION_FR)
    person.look()

    person.does("Upload an image")
    new_mission = missions.locator(f"[id$='-missions-{len(missions_before)}']")
    person.choose_file(new_mission.locator("input[type=file][name$='-image']"), picture(tmp_path))
    person.type_into(new_mission.locator("input[name$='-image_alt_fr']"), "Deux policiers, l’un français, l’autre serbe, devant une carte.")
    person.look()

    person.does("Add a link")
    links = section(page, "links")
    open_section(person, "Liens")
    first_group = links.locator("[id$='-link_groups-0']")
    person.click(first_group.get_by_text(re.compile("Ajouter\\s*:\\s*Lien")))
    new_link = first_group.locator(".djn-item:not(.djn-empty-form)").last
    person.type(new_link.locator("input[name$='-label_fr']"), NEW_LINK_FR)
    person.tab_to(new_link.locator("input[name$='-url']"), NEW_LINK_URL)
    person.look()

    person.does("Change the phone")
    contact = section(page, "contact")
    open_section(person, "Coordonnées")
    person.type_into(contact.locator("input[name$='-phone_numbers-0-number']"), NEW_PHONE)
    person.type_into(contact.locator("input[name$='-phone_numbers-0-display']"), NEW_PHONE_SHOWN)
    person.look()

    person.does("Preview")
    person.click(page.get_by_role("button", name="Enregistrer et prévisualiser", exact=True))
    banner = page.locator(".preview-banner")
    expect(banner).to_contain_text("Aperçu du brouillon")
    expect(page.get_by_text(NEW_MISSION_FR)).to_be_visible()
    expect(page.get_by_text(NEW_PHONE_SHOWN).first).to_be_visible()
    person.look()
    # Visitors still read the published page.
    assert NEW_MISSION_FR not in page.context.request.get(live_server.url + PAGES["fr"]).text()

    person.does("Publish")
    person.click(banner.get_by_role("button", name="Publier ce brouillon"))
    expect(page.locator(".messagelist")).to_contain_text("Publié : les visiteurs voient désormais cette version de la page.")
    person.look()
    public = page.context.request.get(live_server.url + PAGES["fr"]).text()
    for new in (NEW_MISSION_FR, NEW_LINK_URL, NEW_PHONE_SHOWN):
        assert new in public, new
    # What was added comes after what was there: the new mission last, the new link last of its group.
    assert public.index(old_mission[:60]) < public.index(NEW_MISSION_FR)

    person.does("Compare and restore")
    person.click(page.get_by_role("link", name="Historique", exact=True))
    person.click(page.get_by_role("button", name="Comparer les deux versions choisies"))
    expect(page.locator(".version-diff")).to_contain_text(NEW_MISSION_FR[:40])
    person.look()
    person.click(page.get_by_role("button", name=re.compile("^Restaurer la version du ")))
    expect(page.locator(".messagelist")).to_contain_text("a été restaurée comme brouillon")
    person.look()
    draft = Service.objects.get(pk=ssi.pk)
    assert list(draft.missions.values_list("pk", flat=True)) == missions_before
    assert PhoneNumber.objects.filter(service=draft, number=NEW_PHONE).count() == 0

    person.does("Create a translator's account")
    person.click(page.locator(".breadcrumbs").get_by_role("link", name="Accueil"))
    person.click(page.get_by_role("link", name=re.compile("^Ajouter un compte")))
    person.type(page.get_by_label("Nom d’utilisateur"), "prevoditeljka")
    person.type_into(page.locator("#id_password1"), STAFF_PASSWORD)
    person.tab_to(page.locator("#id_password2"), STAFF_PASSWORD)
    person.click(page.get_by_role("radio", name=re.compile("Traducteur")))
    person.click(page.get_by_role("checkbox", name="Serbe latin", exact=True))
    person.look()
    person.click(page.get_by_role("button", name="Enregistrer", exact=True))
    expect(page.locator(".messagelist")).to_contain_text("prevoditeljka")
    person.look()
    account = User.objects.get(username="prevoditeljka")
    assert account.is_staff and [group.name for group in account.groups.all()] == [translator_group_name("sr-latn")]

    report.extend(person.report())
    clicks = sum(count for count, _scroll in person.tasks.values())
    assert len(person.tasks) == 11
    assert clicks <= CLICKS_FOR_ELEVEN_TASKS, "\n".join(person.report())
    farthest = {task: scroll for task, (_count, scroll) in person.tasks.items() if scroll > LONGEST_SCROLL}
    assert not farthest, f"a long scroll to reach an action: {farthest}"


def test_a_translator_reaches_the_first_text_to_translate_in_at_most_3_clicks(live_server, ssi, translator, screen, artifacts, report):
    page = screen
    mission = ssi.missions.first()
    mission.body_sr_latn = ""  # a text to translate
    mission.save()
    person = Person(page, artifacts, "translator")
    person.does("First text to translate")
    log_in(person, live_server, "prevodilac", STAFF_PASSWORD)
    person.click(page.locator(".home-pages").get_by_role("link", name=re.compile("^Serbe \\(latin\\)")))
    first = page.locator(".translate-target textarea, .translate-target input[type=text]").first
    expect(first).to_be_visible()
    assert first.evaluate("element => element.getBoundingClientRect().bottom <= window.innerHeight"), "the first text is off screen"
    person.look()
    report.extend(person.report())
    clicks = person.tasks["First text to translate"][0]
    assert clicks <= CLICKS_TO_FIRST_TEXT, "\n".join(person.report())
