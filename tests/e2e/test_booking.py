"""Booking a discovery call in a real browser, as a visitor on a phone does: the first free day is
chosen, a time and the details are a handful of taps, the confirmation has its own address; the
calendar by keyboard; the time-zone picker by search; a taken slot keeps what was typed; the private
link moves (after a confirmation) and cancels the call; the emails follow."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest

from tests.e2e.conftest import mail_to

pytestmark = pytest.mark.e2e
ZONE = "Australia/Sydney"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A visitor in Sydney: the page must detect it and show Sydney times.
    return {**browser_context_args, "timezone_id": ZONE, "locale": "en-GB"}


@pytest.fixture
def phone(browser, local_stack):
    """A 390 px wide touch screen, in Sydney, that may only reach the local stack."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        timezone_id=ZONE,
        locale="en-GB",
    )
    page = context.new_page()
    outside = []
    page.on(
        "request", lambda r: None if r.url.startswith((local_stack.url, "data:")) else outside.append(r.url)
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not outside, outside


def book_by_api(local_stack, email, index=-1, headers=None):
    today = date.today()
    slots = local_stack.get(
        f"/api/availability?from={today}&to={today + timedelta(days=30)}&tz={ZONE}"
    ).json()["slots"]
    answer = local_stack.post(
        "/api/bookings",
        {"name": "Grace Hopper", "email": email, "start": slots[index]["start"], "timezone": ZONE},
        headers=headers,
    )
    assert answer.status == 201, answer.json()
    url = answer.json()["manage_url"]
    return url[url.index("/", len("http://")) :], answer.json()


def api_path(manage: str) -> str:
    """The API's address of the booking a manage page's path and query show."""
    found = re.search(r"id=(\w+)&token=([^&]+)", manage)
    return f"/api/bookings/{found.group(1)}?token={found.group(2)}"


def test_a_visitor_on_a_phone_books_in_four_taps_and_the_confirmation_survives_a_reload(local_stack, phone):
    email = f"e2e-taps-{uuid.uuid4().hex[:8]}@example.com"
    phone.goto(local_stack.url + "/book/")
    phone.locator(".booking-slot").first.wait_for()
    # The first free day is chosen already, its times shown; the zone is the visitor's.
    assert phone.locator("#booking-app-tz").input_value() == ZONE
    chosen_day = phone.locator('td[aria-selected="true"]')
    assert chosen_day.count() == 1 and chosen_day.get_attribute("aria-disabled") == "false"
    assert phone.locator(".booking-slot").first.get_attribute("data-start").endswith(("+10:00", "+11:00"))

    taps = 0

    def tap(locator):
        nonlocal taps
        locator.tap()
        taps += 1

    slot = phone.locator(".booking-slot").first
    start = slot.get_attribute("data-start")
    tap(slot)
    tap(phone.get_by_label("Your name"))
    phone.keyboard.type("Grace Hopper")
    tap(phone.get_by_label("Your email"))
    phone.keyboard.type(email)
    tap(phone.get_by_role("button", name="Book this time"))
    phone.get_by_role("heading", name="You're booked").wait_for()
    assert taps <= 4, taps

    # The confirmation is an address of its own: the manage page, saying it is booked, reload or not.
    assert re.search(r"/manage-booking/\?id=\w+&token=[^&]+&booked=1$", phone.url), phone.url
    phone.reload()
    phone.get_by_role("heading", name="You're booked").wait_for()
    assert phone.locator(".booking-status").inner_text() == "Booked"
    assert "Join at https://" in phone.locator("#manage-app").inner_text()

    mail = mail_to(local_stack, email, "Your discovery call")
    booking_id = re.search(r"id=(\w+)", phone.url).group(1)
    assert f"/manage-booking/?id={booking_id}&token=" in mail["text"]
    assert "Join at https://" in mail["text"] and "Australia/Sydney" in mail["text"]
    invite = mail["attachments"][0]["content"]
    assert "LOCATION" in invite and "URL:https://" in invite and "follows by email" not in invite
    assert local_stack.get(api_path(phone.url[len(local_stack.url) :])).json()["start"] == start


def test_the_calendar_is_a_grid_the_arrow_keys_move_through(local_stack, site):
    site.goto(local_stack.url + "/book/")
    site.locator(".booking-slot").first.wait_for()
    grid = site.get_by_role("grid")
    stops = grid.locator('td[tabindex="0"]')
    assert stops.count() == 1  # one tab stop: the chosen day
    chosen = stops.get_attribute("data-date")
    site.locator("#booking-app-tz").focus()
    for _ in range(6):
        site.keyboard.press("Tab")
        if site.evaluate("document.activeElement.dataset.date") == chosen:
            break
    assert site.evaluate("document.activeElement.dataset.date") == chosen

    def focused():
        return site.evaluate("document.activeElement.dataset.date")

    def shifted(day, days):
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat()

    site.keyboard.press("ArrowRight")
    assert focused() == shifted(chosen, 1)
    site.keyboard.press("ArrowDown")
    assert focused() == shifted(chosen, 8)
    site.keyboard.press("ArrowUp")
    site.keyboard.press("ArrowLeft")
    assert focused() == chosen
    site.keyboard.press("Home")
    assert date.fromisoformat(focused()).weekday() == 0
    site.keyboard.press("End")
    assert date.fromisoformat(focused()).weekday() == 6
    # A month on and back (the window may end this month: then a month back and on).
    title = site.locator(".booking-cal-title")
    month = title.inner_text()
    later = site.get_by_role("button", name="Next month").is_enabled()
    away, back = ("PageDown", "PageUp") if later else ("PageUp", "PageDown")
    site.keyboard.press(away)
    site.wait_for_function("m => document.querySelector('.booking-cal-title').textContent !== m", arg=month)
    assert focused()[:7] != chosen[:7] and grid.locator('td[tabindex="0"]').count() == 1
    assert grid.get_attribute("aria-busy") in ("true", "false")
    site.keyboard.press(back)
    assert title.inner_text() == month
    site.locator(f'td[data-date="{chosen}"]').focus()
    # Another free day, chosen with Enter: it is selected and its times are shown.
    free = [
        d for d in grid.locator('td[aria-disabled="false"]').evaluate_all("c => c.map(x => x.dataset.date)")
    ]
    other = next((d for d in free if d != chosen), None)
    if other is None:
        pytest.skip("only one free day this month")
    grid.locator(f'td[data-date="{other}"]').focus()
    site.keyboard.press("Enter")
    assert grid.locator(f'td[data-date="{other}"]').get_attribute("aria-selected") == "true"
    assert grid.locator('td[aria-selected="true"]').count() == 1
    assert site.locator(".booking-slot").first.get_attribute("data-start").startswith(other)
    # A day without free times cannot be chosen.
    busy = grid.locator('td[aria-disabled="true"]').first
    busy.focus()
    site.keyboard.press("Enter")
    assert busy.get_attribute("aria-selected") == "false"


def test_the_time_zone_picker_finds_a_zone_and_shows_its_offset_and_time(local_stack, site):
    site.goto(local_stack.url + "/book/")
    site.locator(".booking-slot").first.wait_for()
    zone = site.get_by_role("combobox", name="Time zone")
    zone.click()
    zone.fill("tokyo")
    option = site.get_by_role("option").filter(has_text="Asia/Tokyo")
    assert "UTC+09:00" in option.inner_text() and re.search(r"\d\d:\d\d", option.inner_text())
    assert zone.get_attribute("aria-expanded") == "true"
    zone.press("ArrowDown")
    zone.press("ArrowUp")
    zone.press("Enter")
    assert zone.input_value() == "Asia/Tokyo" and zone.get_attribute("aria-expanded") == "false"
    site.wait_for_function(
        "() => (document.querySelector('.booking-slot') || {dataset: {}}).dataset.start?.endsWith('+09:00')"
    )
    assert "UTC+09:00" in site.locator(".booking-tz-now").inner_text()
    # An accented city and an offset find their zones too.
    zone.fill("bogotá")
    assert site.get_by_role("option").filter(has_text="America/Bogota").count() == 1
    zone.fill("+5:30")
    assert site.get_by_role("option").filter(has_text="Kolkata").count() == 1
    zone.press("Escape")
    assert zone.input_value() == "Asia/Tokyo"


def test_a_taken_slot_keeps_what_was_typed(local_stack, site):
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    site.goto(local_stack.url + "/book/")
    slots = site.locator(".booking-slot")
    slots.first.wait_for()
    first_start = slots.first.get_attribute("data-start")
    slots.first.focus()
    site.keyboard.press("Enter")
    assert slots.first.get_attribute("aria-pressed") == "true"
    site.get_by_label("Your name").fill("Grace Hopper")
    site.get_by_label("Your email").fill(email)
    site.get_by_label("Anything I should know? (optional)").fill("Inbox chaos")
    taken = local_stack.post(
        "/api/bookings", {"name": "Other", "email": f"other-{email}", "start": first_start, "timezone": ZONE}
    )
    assert taken.status == 201
    site.get_by_role("button", name="Book this time").click()
    site.locator(".booking-message").filter(has_text="taken").wait_for()
    assert "[object" not in site.locator(".booking-message").inner_text()
    assert site.get_by_label("Your name").input_value() == "Grace Hopper"
    assert site.get_by_label("Your email").input_value() == email
    site.locator(f'.booking-slot[data-start="{first_start}"]').wait_for(state="detached")
    site.locator(".booking-slot").first.click()
    site.get_by_role("button", name="Book this time").click()
    site.get_by_role("heading", name="You're booked").wait_for()


def test_reschedule_shows_the_new_time_and_asks_before_moving_then_cancel(local_stack, site):
    email = f"e2e-move-{uuid.uuid4().hex[:8]}@example.com"
    manage, booked = book_by_api(local_stack, email)
    site.goto(local_stack.url + manage)
    site.locator(".booking-status").filter(has_text="Booked").wait_for()
    site.get_by_role("button", name="Reschedule").click()
    slot = site.locator(".booking-slot").first
    slot.wait_for()
    new_start = slot.get_attribute("data-start")
    assert new_start != booked["start"]
    slot.click()
    question = site.locator(".booking-confirm-move")
    question.filter(has_text="Move your call to").wait_for()
    assert "It is now" in question.inner_text()
    assert local_stack.get(api_path(manage)).json()["start"] == booked["start"]  # nothing moved yet
    site.get_by_role("button", name="Yes, move it").click()
    site.locator(".booking-message").filter(has_text="moved").wait_for()
    assert local_stack.get(api_path(manage)).json()["start"] == new_start
    moved = mail_to(local_stack, email, "Moved")
    assert manage in moved["text"] and "SEQUENCE:1" in moved["attachments"][0]["content"]

    site.get_by_role("button", name="Cancel booking").click()
    site.get_by_role("button", name="Yes, cancel the call").click()
    site.locator(".booking-status").filter(has_text="Cancelled").wait_for()
    cancelled = mail_to(local_stack, email, "Cancelled")
    assert "METHOD:CANCEL" in cancelled["attachments"][0]["content"]


def test_manage_page_without_a_valid_link_reveals_nothing(local_stack, site):
    site.goto(local_stack.url + "/manage-booking/?id=nope&token=wrong")
    site.locator(".booking-message").filter(has_text="No booking matches").wait_for()


def open_the_zone_picker(page):
    page.get_by_role("combobox").fill("new")
    page.get_by_role("option").first.wait_for()


def move_the_calendar_by_keyboard(page):
    page.locator('td[tabindex="0"]').focus()
    page.keyboard.press("ArrowRight")


def pick_a_time_to_move_to(page):
    page.get_by_role("button", name="Reschedule").click()
    page.locator(".booking-slot").first.click()
    page.locator(".booking-confirm-move button").wait_for()


@pytest.mark.parametrize("width", (390, 1280))
def test_axe_finds_no_violation_on_the_booking_pages(browser, local_stack, axe_source, width):
    from tests.e2e.test_portal_accessibility import Visitor

    manage, _ = book_by_api(local_stack, f"e2e-axe-{uuid.uuid4().hex[:8]}@example.com")
    visitor = Visitor(browser, local_stack, axe_source, viewport={"width": width, "height": 844})
    try:
        visitor.check("/book/", ".booking-slot", name=f"/book/ at {width}px")
        visitor.check("/book/", ".booking-slot", open_the_zone_picker, name=f"zone picker at {width}px")
        visitor.check("/book/", ".booking-slot", move_the_calendar_by_keyboard, name=f"calendar at {width}px")
        visitor.check(manage + "&booked=1", ".booking-status", name=f"confirmation at {width}px")
        visitor.check(manage, ".booking-status", pick_a_time_to_move_to, name=f"reschedule at {width}px")
    finally:
        visitor.close()


def test_a_visitor_books_in_spanish_and_gets_a_spanish_email_and_invite(local_stack, phone):
    email = f"e2e-es-{uuid.uuid4().hex[:8]}@example.com"
    phone.goto(local_stack.url + "/es/book/")
    phone.locator(".booking-slot").first.wait_for()
    assert phone.get_by_role("heading", name="Elige un día y una hora").is_visible()
    assert re.match(r"^Horarios libres el \w+", phone.locator(".booking-times-title").inner_text())
    assert phone.get_by_role("button", name="Mes siguiente").count() == 1
    # Someone takes the first time meanwhile: the refusal is in Spanish too.
    first = phone.locator(".booking-slot").first
    first.tap()
    taken = local_stack.post(
        "/api/bookings",
        {
            "name": "Otra",
            "email": f"otra-{email}",
            "start": first.get_attribute("data-start"),
            "timezone": ZONE,
        },
    )
    assert taken.status == 201
    phone.get_by_label("Tu nombre").fill("Gabriela Mistral")
    phone.get_by_label("Tu correo electrónico").fill(email)
    phone.get_by_role("button", name="Agendar esta hora").tap()
    # (Taken, or the day now full when earlier tests booked it: either way said in Spanish.)
    refusal = phone.locator(".booking-message").filter(has_text="Tus datos siguen aquí: elige otra hora.")
    refusal.wait_for()
    assert re.search(r"Alguien acaba de tomar ese horario|Ese día ya no tiene lugar", refusal.inner_text())

    phone.locator(".booking-slot").first.tap()
    phone.get_by_role("button", name="Agendar esta hora").tap()
    phone.get_by_role("heading", name="Tu llamada está agendada").wait_for()
    assert "/es/manage-booking/?id=" in phone.url and phone.url.endswith("&booked=1")
    phone.reload()
    phone.get_by_role("heading", name="Tu llamada está agendada").wait_for()
    assert phone.locator(".booking-status").inner_text() == "Agendada"

    mail = mail_to(local_stack, email, "Tu llamada inicial")
    assert mail["text"].startswith("Hola:\n\nTu llamada inicial con Maya Lindqvist está agendada:")
    assert re.search(
        r"    (lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d+ de \w+ de 20\d\d", mail["text"]
    )
    assert "Únete en https://" in mail["text"] and "/es/manage-booking/?id=" in mail["text"]
    invite = mail["attachments"][0]["content"].replace("\r\n ", "")
    assert "SUMMARY;LANGUAGE=es:Llamada inicial con Maya Lindqvist" in invite
    assert "DESCRIPTION;LANGUAGE=es:Una videollamada breve" in invite
    assert "LOCATION;LANGUAGE=es:https://" in invite
    # The assistant's notice stays in the practice's language.
    notice = mail_to(local_stack, "hello@northstar-va.example", "New discovery call: Gabriela Mistral")
    assert "Their language: es" in notice["text"]


def test_axe_finds_no_violation_on_the_spanish_booking_page(browser, local_stack, axe_source):
    from tests.e2e.test_portal_accessibility import Visitor

    visitor = Visitor(browser, local_stack, axe_source, viewport={"width": 390, "height": 844})
    try:
        visitor.check("/es/book/", ".booking-slot", name="/es/book/")
        visitor.check("/es/book/", ".booking-slot", open_the_zone_picker, name="/es/book/, zone picker")
    finally:
        visitor.close()
