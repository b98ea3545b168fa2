"""The quarterly update: what goes into a quarter, the PDF, generating once, sending once."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kennisbank import services as kb
from kennisbank.models import Solution
from praktijktafel.dates import first_working_day, quarter_bounds
from praktijktafel.models import Role
from quarterly import pdf, services, tokens
from quarterly.models import Delivery, OptOut, QuarterlyUpdate
from quarterly.selectors import quarter_content, recipients, solutions_in_quarter
from quarterly.tasks import MAX_ATTEMPTS
from quarterly.tokens import unsubscribe_token
from sectordata import demo as sector_demo
from sessions.models import Knelpunt, Session
from tests.factories import member, session_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_at_once(monkeypatch):
    """Each test runs in one transaction that never commits; run on-commit work (queueing
    tasks) at once, as a real commit would."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def published(network, sector, title, when, **fields):
    item = kb.solution_create(
        network=network,
        user=None,
        title=title,
        summary=f"Samenvatting van {title}.",
        themes=fields.pop("themes", ["behouden"]),
        sector_ids=[sector.pk],
        **fields,
    )
    kb.solution_publish(solution=item, user=None, privacy_confirmed=True)
    Solution.objects.filter(pk=item.pk).update(published_at=when, updated_at=when)
    return item


def test_boundaries_are_midnight_in_amsterdam(network, sector):
    start, end = quarter_bounds(2026, 2)
    assert timezone.localtime(start).isoformat() == "2026-04-01T00:00:00+02:00"
    assert timezone.localtime(end).isoformat() == "2026-07-01T00:00:00+02:00"
    assert quarter_bounds(2026, 4)[1].astimezone(UTC).isoformat() == "2026-12-31T23:00:00+00:00"
    published(network, sector, "Laatste seconde K1", local(2026, 3, 31, 23, 59, 59))
    published(network, sector, "Eerste seconde K2", local(2026, 4, 1, 0, 0, 0))
    titles = [s.title for s in solutions_in_quarter(network, None, start, end)]
    assert titles == ["Eerste seconde K2"]


def test_first_working_day():
    assert first_working_day(2027, 1).isoformat() == "2027-01-04"  # 1 Jan is a Friday
    assert first_working_day(2026, 4).isoformat() == "2026-10-01"


def test_sessions_bottlenecks_and_solutions_of_the_quarter(network, sector, facilitator):
    when = local(2026, 5, 12, 16, 0)
    held = session_for(network, facilitator, title="Gehouden")
    Session.objects.filter(pk=held.pk).update(starts_at=when, status=Session.Status.DONE)
    cancelled = session_for(network, facilitator, title="Afgelast")
    Session.objects.filter(pk=cancelled.pk).update(starts_at=when, status=Session.Status.CANCELLED)
    Knelpunt.objects.create(session=held, text="Geen monteurs", theme="aantrekken", recognition=5)
    Knelpunt.objects.create(
        session=held, text="Te veel verzuim", theme="vitaliseren", recognition=3
    )
    published(network, sector, "Nieuw in mei", local(2026, 5, 2, 9, 0), themes=["aantrekken"])
    old = published(network, sector, "Oud maar bijgewerkt", local(2025, 1, 2, 9, 0))
    Solution.objects.filter(pk=old.pk).update(updated_at=local(2026, 6, 1, 9, 0))
    content = quarter_content(
        network=network, sector=None, year=2026, quarter=2, now=local(2026, 7, 2, 9, 0)
    )
    assert [s.title for s in content.sessions_held] == ["Gehouden"]
    assert content.new_solutions == 1 and content.updated_solutions == 1
    assert [g.theme for g in content.solutions] == ["aantrekken", "behouden"]
    assert content.bottlenecks[0].items == [("Geen monteurs", 5)]
    assert content.solutions[0].items[0].url.endswith("/nieuw-in-mei/")


def test_pdf_has_the_items_charts_and_sources_and_is_tagged(network, sector):
    sector_demo.load()
    network.sectors.add(sector)
    published(network, sector, "Buddy voor nieuwe monteurs", timezone.now() - timedelta(days=1))
    year, quarter = timezone.localtime().year, (timezone.localtime().month - 1) // 3 + 1
    content = quarter_content(network=network, sector=None, year=year, quarter=quarter)
    data, pages = pdf.render_pdf(content)
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == pages and 5 <= pages <= 20
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Buddy voor nieuwe monteurs" in text
    assert "Bron: Demodata (fictieve cijfers), tabel DEMO-VAC" in text
    assert "Inhoud" in text and "Colofon" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_an_empty_quarter_gives_a_short_document_that_says_so(network):
    content = quarter_content(network=network, sector=None, year=2025, quarter=1)
    assert content.empty
    data, pages = pdf.render_pdf(content)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "geen Praktijktafels gehouden" in text and pages <= 8


def test_once_while_busy_and_refused_for_the_future(network, coordinator, run_tasks):
    update, started = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    again, started_again = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    assert started and not started_again and again.pk == update.pk
    assert DBTaskResult.objects.filter(task_path__endswith="generate_update").count() == 1
    run_tasks()
    update.refresh_from_db()
    assert update.status == QuarterlyUpdate.Status.READY and update.progress == 100
    assert bytes(update.pdf).startswith(b"%PDF") and update.pages >= 4
    future = timezone.localtime().year + 1
    with pytest.raises(ValidationError, match="nog niet begonnen"):
        services.update_request(
            network=network, sector=None, year=future, quarter=1, user=coordinator
        )


def test_pages_are_for_the_networks_coordinators_only(
    client, network, coordinator, other_coordinator, facilitator, run_tasks
):
    update, _started = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    run_tasks()
    urls = [
        reverse("quarterly:index", args=[network.slug]),
        reverse("quarterly:preview", args=[network.slug]),
        reverse("quarterly:download", args=[update.pk]),
    ]
    for person in (other_coordinator, facilitator):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
        assert client.post(reverse("quarterly:send", args=[update.pk])).status_code == 404
    client.force_login(coordinator)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get(urls[2])["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("value", ["2026-7", "2026-0", "99999-1", "-5-2", "2026", "x-y", "1" * 40])
def test_odd_quarters_are_refused_in_dutch_never_a_server_error(
    client, network, coordinator, value
):
    client.force_login(coordinator)
    preview = client.get(reverse("quarterly:preview", args=[network.slug]), {"kwartaal": value})
    made = client.post(reverse("quarterly:generate", args=[network.slug]), {"kwartaal": value})
    assert preview.status_code in (200, 302) and made.status_code == 302
    assert not QuarterlyUpdate.objects.exists()


def ready_update(network, coordinator, run_tasks):
    update, _ = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    run_tasks()
    update.refresh_from_db()
    return update


def test_everyone_connected_once_not_opted_out(
    network, coordinator, ondernemer, facilitator, run_tasks
):
    other = member(network, Role.ONDERNEMER, full_name="Tweede Ondernemer")
    gone = member(network, Role.ONDERNEMER, full_name="Afgemeld")
    OptOut.objects.create(person=gone, network=network)
    update = ready_update(network, coordinator, run_tasks)
    assert set(recipients(update)) == {ondernemer, other}
    assert services.update_send(update=update) == 2
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ondernemer.email, other.email])
    message = mail.outbox[0]
    assert message.subject == f"Kwartaalupdate 2026 K1: {network.name}"  # Dutch, via gettext
    assert message.attachments[0][0].endswith("2026-K1.pdf")
    assert "/kwartaal/afmelden/" in message.body and message.extra_headers["List-Unsubscribe"]
    assert services.update_send(update=update) == 0  # again: nobody twice
    run_tasks()
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2


def test_a_failed_delivery_is_retried_then_reported(network, coordinator, ondernemer, run_tasks):
    update = ready_update(network, coordinator, run_tasks)
    with mock.patch("quarterly.emails.EmailMessage.send", side_effect=OSError("mailserver weg")):
        services.update_send(update=update)
        for _attempt in range(MAX_ATTEMPTS):
            run_tasks(due_only=False)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert "mailserver weg" in delivery.error
    assert mail.outbox == []


def test_unsubscribe_without_login_and_without_csrf_cookie(network, ondernemer):
    client = Client(enforce_csrf_checks=True)
    url = reverse("quarterly:unsubscribe", args=[unsubscribe_token(ondernemer.pk, network.pk)])
    assert "Afmelden" in client.get(url).content.decode()
    assert not OptOut.objects.exists()  # a link scanner's GET unsubscribes nobody
    assert client.post(url).status_code == 200
    assert OptOut.objects.filter(person=ondernemer, network=network).exists()
    assert client.get("/kwartaal/afmelden/vals-token/").status_code == 404


def test_automatic_drafts_on_the_first_working_day(network, coordinator, run_tasks):
    call_command("quarterly_drafts", "--date", "2026-10-01")
    update = QuarterlyUpdate.objects.get()
    assert (update.year, update.quarter, update.automatic) == (2026, 3, True)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    call_command("quarterly_drafts", "--date", "2026-10-01")  # again: nothing new
    call_command("quarterly_drafts", "--date", "2026-10-02")  # not the first working day
    assert QuarterlyUpdate.objects.count() == 1 and len(mail.outbox) == 1


def test_a_worker_that_died_mid_pdf_leaves_it_retryable(network, coordinator, run_tasks):
    update, _started = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    # A worker took it and was killed: status stays "being made", no PDF written.
    QuarterlyUpdate.objects.filter(pk=update.pk).update(
        status=QuarterlyUpdate.Status.RENDERING, progress=40, started_at=timezone.now()
    )
    DBTaskResult.objects.all().delete()
    again, started = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    assert not started  # still within the time a PDF may take: nothing doubled
    QuarterlyUpdate.objects.filter(pk=update.pk).update(
        started_at=timezone.now() - QuarterlyUpdate.STALE_AFTER - timedelta(minutes=1)
    )
    again, started = services.update_request(
        network=network, sector=None, year=2026, quarter=1, user=coordinator
    )
    assert started and again.pk == update.pk
    run_tasks()
    again.refresh_from_db()
    assert again.status == QuarterlyUpdate.Status.READY and bytes(again.pdf).startswith(b"%PDF")


def test_an_erased_persons_unsubscribe_link_is_a_clear_page_not_an_error(
    client, network, ondernemer
):
    token = unsubscribe_token(ondernemer.pk, network.pk)
    ondernemer.delete()
    response = client.post(reverse("quarterly:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert "Deze link is niet geldig" in response.text
    assert not OptOut.objects.exists()


def test_unsubscribe_links_expire(client, network, ondernemer):
    token = unsubscribe_token(ondernemer.pk, network.pk)
    later = time.time() + tokens.MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(reverse("quarterly:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert not OptOut.objects.exists()


def test_the_pdf_download_is_not_cached(client, network, coordinator, run_tasks):
    update = ready_update(network, coordinator, run_tasks)
    client.force_login(coordinator)
    response = client.get(reverse("quarterly:download", args=[update.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_send_button_offers_only_those_who_have_not_had_it(
    client, network, coordinator, ondernemer, run_tasks
):
    member(network, Role.ONDERNEMER, full_name="Tweede Ondernemer")
    update = ready_update(network, coordinator, run_tasks)
    client.force_login(coordinator)
    url = reverse("quarterly:index", args=[network.slug])
    assert "Verstuur naar 2 ondernemers" in client.get(url).text
    services.update_send(update=update)
    run_tasks()
    html = client.get(url).text
    assert "Verstuur naar" not in html
    assert "Iedereen heeft deze update" in html
    member(network, Role.ONDERNEMER, full_name="Nieuw Lid")
    assert "Verstuur naar 1 ondernemer<" in client.get(url).text


def test_the_preview_is_posted_so_no_csrf_token_lands_in_an_address(client, network, coordinator):
    """The scope form serves both the preview and the PDF; as a GET form it put the CSRF token
    into the preview's address (history, logs, Referer)."""
    client.force_login(coordinator)
    page = client.get(reverse("quarterly:index", args=[network.slug])).content.decode()
    form = page[page.index('id="scope-form"') - 200 : page.index('id="scope-form"')]
    assert 'method="post"' in form
    preview = client.post(reverse("quarterly:preview", args=[network.slug]), {"kwartaal": "2026-1"})
    assert preview.status_code == 200
    assert b"csrfmiddlewaretoken" not in preview.content
