"""Why a session did not go ahead is stored when it is cancelled, and the programme report
(page, CSV, PDF) says it: too few sign-ups, or another reason with a short text."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from quarterly import exports
from quarterly.programme import programme_report, quarter_period
from sessions.models import Session
from sessions.services.sessions import session_cancel
from tests.factories import session_for

pytestmark = pytest.mark.django_db

Q1 = quarter_period(2025, 1)


def _in_q1(session: Session, day: int) -> Session:
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.make_aware(datetime(2025, 2, day, 17))
    )
    session.refresh_from_db()
    return session


def test_the_service_stores_the_reason_and_its_text(session):
    session_cancel(session=session, reason=Session.CancelReason.OTHER, note="Zaal onder water")
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.cancel_reason == "other" and session.cancel_note == "Zaal onder water"
    assert session.get_cancel_reason_display() == "Anders"


def test_the_service_refuses_a_missing_or_unknown_reason(session):
    for reason in ("", "unknown", "boos"):
        with pytest.raises(ValidationError, match="Kies waarom"):
            session_cancel(session=session, reason=reason)
    session.refresh_from_db()
    assert session.status != Session.Status.CANCELLED and session.cancel_reason == ""


def test_the_text_goes_only_with_another_reason_and_stays_short(session):
    with pytest.raises(ValidationError, match="200 tekens"):
        session_cancel(session=session, reason="other", note="x" * 201)
    session_cancel(session=session, reason="too_few", note="  wordt genegeerd  ")
    session.refresh_from_db()
    assert session.cancel_reason == "too_few" and session.cancel_note == ""


def test_a_note_with_a_name_or_health_detail_is_refused_and_nothing_cancelled(session):
    """The note goes into the programme report for funders, so the privacy check that holds
    live text applies to it too."""
    for note in ("Facilitator ziek: Sander heeft griep", "Bel Jan de Wit op 06-12345678"):
        with pytest.raises(ValidationError, match="Laat namen en gezondheidsgegevens weg"):
            session_cancel(session=session, reason="other", note=note)
    session.refresh_from_db()
    assert session.status != Session.Status.CANCELLED and session.cancel_note == ""
    session_cancel(session=session, reason="other", note="De zaal is niet beschikbaar")
    session.refresh_from_db()
    assert session.cancel_note == "De zaal is niet beschikbaar"


def test_the_cancel_form_asks_the_reason_and_stores_it(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:cancel", args=[session.pk])
    first = client.post(url).content.decode()
    assert "Te weinig aanmeldingen" in first and "Anders" in first
    missing = client.post(url, {"confirm": "1"}).content.decode()
    assert "Kies waarom de sessie niet doorgaat" in missing
    session.refresh_from_db()
    assert session.status != Session.Status.CANCELLED
    response = client.post(url, {"confirm": "1", "reason": "too_few"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == (Session.Status.CANCELLED, "too_few")


def test_the_report_csv_and_pdf_give_the_stored_reason(
    client, network, facilitator, coordinator, kennisexpert
):
    few = _in_q1(session_for(network, facilitator, title="Te weinig"), 3)
    session_cancel(session=few, reason="too_few")
    other = _in_q1(session_for(network, facilitator, title="Ander"), 10)
    session_cancel(session=other, reason="other", note="Facilitator kon niet")
    report = programme_report(network=network, period=Q1)
    t = report.totals
    assert (t["cancelled"], t["cancelled_too_few"], t["cancelled_other"]) == (2, 1, 1)
    client.force_login(coordinator)
    page = client.get(
        reverse("quarterly:programme", args=[network.slug]) + "?periode=2025-K1"
    ).content.decode()
    assert "te weinig aanmeldingen" in page and "anders: Facilitator kon niet" in page
    rows = list(
        csv.reader(
            io.StringIO(exports.export_csv(report, "sessies")[2].decode("utf-8-sig")),
            delimiter=";",
        )
    )
    header, body = rows[0], {row[1]: row for row in rows[1:]}
    reason, note = header.index("Reden van annuleren"), header.index("Toelichting annuleren")
    assert body["Te weinig"][reason] == "Te weinig aanmeldingen"
    assert (body["Ander"][reason], body["Ander"][note]) == ("Anders", "Facilitator kon niet")
    pdf = client.get(
        reverse("quarterly:programme_pdf", args=[network.slug]) + "?periode=2025-K1"
    ).content
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    assert "te weinig aanmeldingen" in text and "Facilitator kon niet" in text


def test_a_session_cancelled_before_reasons_were_kept_reads_as_not_recorded(network, facilitator):
    """Cancelled rows from before the reason was stored (the data migration marks them
    "unknown") are not guessed at from their sign-ups."""
    old = _in_q1(session_for(network, facilitator, title="Oud"), 3)
    Session.objects.filter(pk=old.pk).update(
        status=Session.Status.CANCELLED, cancel_reason="unknown"
    )
    [row] = programme_report(network=network, period=Q1).sessions
    assert row.cancel_reason_label == "reden niet vastgelegd"
    t = programme_report(network=network, period=Q1).totals
    assert (t["cancelled_too_few"], t["cancelled_other"], t["cancelled_unknown"]) == (0, 0, 1)


def test_the_data_migration_marks_earlier_cancellations_unknown_and_back(session, network):
    from importlib import import_module

    from django.apps import apps

    mark = import_module("sessions.migrations.0024_cancelled_sessions_reason_unknown")
    held = session_for(network, session.facilitator, title="Gaat door")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    mark.forwards(apps, None)
    assert Session.objects.get(pk=session.pk).cancel_reason == "unknown"
    assert Session.objects.get(pk=held.pk).cancel_reason == ""
    mark.backwards(apps, None)
    assert Session.objects.get(pk=session.pk).cancel_reason == ""


def test_the_session_page_says_why_it_was_cancelled(client, session, facilitator):
    session_cancel(session=session, reason="other", note="De zaal is niet beschikbaar")
    client.force_login(facilitator)
    html = client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert "Geannuleerd, reden: anders — De zaal is niet beschikbaar" in html
