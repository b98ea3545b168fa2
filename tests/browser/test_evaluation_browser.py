"""Participants answer the evaluation through their own links on a phone; the facilitator
finds the results from the session page. With two answers the summary shows nothing of
them; with six it shows the spread and the remarks, in alphabetical order."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from praktijktafel.models import Role
from sessions.models import Invitation, Session
from sessions.tokens import evaluation_token
from tests.browser.conftest import assert_accessible
from tests.browser.test_sessions_browser import login_as
from tests.factories import member, session_for

# (useful, come again, remark), in the order they are sent.
ANSWERS = [
    (5, "Ja", "Zeker weer"),
    (4, "Misschien", "Broodjes waren top"),
    (4, "Ja", "Meer tijd voor de casus"),
    (3, "Ja", "Actiepunt hielp"),
    (5, "Nee", "Koffie was koud"),
    (2, "Ja", ""),
]


def answer(phone_page, token, useful, again, remark) -> None:
    phone_page.goto(f"/evaluatie/{token}/")
    phone_page.get_by_label(str(useful), exact=True).check()
    phone_page.get_by_label(again, exact=True).check()
    if remark:
        phone_page.get_by_label("Eén opmerking").fill(remark)
    phone_page.get_by_role("button", name="Versturen").click()
    expect(phone_page.get_by_role("heading", name="Bedankt!")).to_be_visible()


def test_six_answers_are_read_from_the_session_page_two_are_not(
    page, phone_page, live_server, network, facilitator
):
    session = session_for(network, facilitator, title="Vakmensen vasthouden")
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=2), status=Session.Status.DONE
    )
    people = [member(network, Role.ONDERNEMER) for _ in ANSWERS]
    tokens = [
        evaluation_token(
            Invitation.objects.create(
                session=session, person=person, status=Invitation.Status.CONFIRMED
            )
        )
        for person in people
    ]
    for token, (useful, again, remark) in list(zip(tokens, ANSWERS, strict=True))[:2]:
        answer(phone_page, token, useful, again, remark)
    assert_accessible(phone_page)

    login_as(page, live_server, facilitator)
    page.goto(f"/sessie/{session.pk}/")
    page.get_by_role("link", name="Samenvatting en werkelijke tijden").click()
    evaluation = page.locator("#evaluation")
    expect(evaluation).to_contain_text("Nog te weinig antwoorden om te tonen")
    for _useful, _again, remark in ANSWERS[:2]:
        expect(evaluation).not_to_contain_text(remark)
    expect(evaluation.locator("table")).to_have_count(0)

    for token, (useful, again, remark) in list(zip(tokens, ANSWERS, strict=True))[2:]:
        answer(phone_page, token, useful, again, remark)
    page.reload()
    expect(evaluation).to_contain_text("6 antwoorden")
    remarks = evaluation.locator("ul.list li").all_inner_texts()
    assert remarks == sorted((r for _u, _a, r in ANSWERS if r), key=str.casefold)
    expect(evaluation.get_by_role("table").first).to_be_visible()
    assert_accessible(page)


def test_a_follow_up_is_answered_with_one_press_on_a_phone(
    phone_page, live_server, network, facilitator
):
    from sessions.models import ActionCheck, Capture
    from sessions.tokens import action_check_token

    session = session_for(network, facilitator, title="Vakmensen vasthouden")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE)
    henk = member(network, Role.ONDERNEMER, full_name="Henk Hendriks")
    invitation = Invitation.objects.create(
        session=session, person=henk, status=Invitation.Status.CONFIRMED
    )
    action = Capture.objects.create(
        session=session, kind=Capture.Kind.GROUP_ACTION, text="Vacature op Instagram", owner="Henk"
    )
    check = ActionCheck.objects.create(action=action, invitation=invitation)
    token = action_check_token(check.pk)
    phone_page.goto(f"/opvolging/{token}/hulp-nodig/")  # the link in the mail: shows only
    expect(phone_page.get_by_text("Vacature op Instagram")).to_be_visible()
    assert_accessible(phone_page)
    check.refresh_from_db()
    assert check.answer == ""
    phone_page.get_by_role("button", name="Hulp nodig").click()
    expect(phone_page.get_by_role("status").first).to_contain_text("Bedankt!")
    expect(phone_page.get_by_role("button", name="Hulp nodig")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(phone_page)
    check.refresh_from_db()
    assert check.answer == ActionCheck.Answer.HELP
