"""Published means moderated: a change to a published item by someone who may not publish
sends it back to review, the privacy check runs on every save of a published item, and only a
coordinator of the item's network makes an item public."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kennisbank import services
from kennisbank.models import Revision, Solution
from tests.kennisbank.helpers import item, titles

pytestmark = pytest.mark.django_db

LEAK = "Bel Piet op 06-12345678 of mail piet@voorbeeld.nl."


def _form_data(solution: Solution, **changes) -> dict:
    data = {
        "title": solution.title,
        "summary": solution.summary,
        "body": solution.body,
        "themes": solution.themes,
        "sectors": solution.sector_ids,
        "tags": ", ".join(solution.tags),
        "links": solution.links,
    }
    if solution.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return data


def test_writer_edit_of_a_published_item_goes_back_to_review(client, network, sector, facilitator):
    """The reviewer's finding: a facilitator added a phone number and an email to a public
    item, and anonymous readers were served them."""
    solution = item(network, sector, title="Buddy voor nieuwe monteurs", is_public=True)
    assert titles(AnonymousUser(), q="buddy") == ["Buddy voor nieuwe monteurs"]
    client.force_login(facilitator)
    edit = reverse("kennisbank:edit", args=[solution.pk])
    form = client.get(edit).content.decode()
    assert "terug naar de coördinator" in form  # said before saving, not only after
    response = client.post(edit, _form_data(solution, body=LEAK))
    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.status == Solution.Status.REVIEW and solution.body == LEAK
    assert solution.is_public  # still the coordinator's choice, for when it is published again
    actions = list(Revision.objects.filter(solution=solution).values_list("action", flat=True))
    assert actions[:2] == ["submitted", "edited"]
    # Nobody reads the unreviewed text: not anonymously, not in the search.
    anonymous = Client()
    detail = reverse("kennisbank:detail", args=[solution.pk, solution.slug])
    assert anonymous.get(detail).status_code == 404
    assert (
        "06-12345678"
        not in anonymous.get(reverse("kennisbank:search"), {"q": "piet"}).content.decode()
    )
    assert titles(AnonymousUser(), q="buddy") == []
    # The coordinator sees the privacy check before publishing it again.
    with pytest.raises(ValidationError, match="06-12345678"):
        services.solution_publish(solution=solution, user=None)


def test_writer_cannot_make_an_item_public_by_a_forged_post(client, network, sector, facilitator):
    client.force_login(facilitator)
    write = client.get(reverse("kennisbank:write")).content.decode()
    assert 'name="is_public"' not in write  # not offered
    data = {"title": "Stage", "summary": "Kort.", "sectors": [sector.pk], "is_public": "on"}
    assert client.post(reverse("kennisbank:write"), data).status_code == 302
    created = Solution.objects.get(title="Stage")
    assert not created.is_public

    solution = item(network, sector, title="Intern", publish=False)
    edit = reverse("kennisbank:edit", args=[solution.pk])
    assert 'name="is_public"' not in client.get(edit).content.decode()
    assert client.post(edit, _form_data(solution, is_public="on")).status_code == 302
    solution.refresh_from_db()
    assert not solution.is_public

    # The service refuses it too, whoever calls it for this person.
    with pytest.raises(ValidationError, match="coördinator"):
        services.solution_update(solution=solution, user=facilitator, is_public=True)
    with pytest.raises(ValidationError, match="coördinator"):
        services.solution_create(
            network=network, user=facilitator, title="T", summary="S", is_public=True
        )
    solution.refresh_from_db()
    assert not solution.is_public


def test_writer_cannot_make_a_public_item_closed_either(client, network, sector, facilitator):
    solution = item(network, sector, title="Openbaar", is_public=True, publish=False)
    client.force_login(facilitator)
    data = _form_data(solution)
    data.pop("is_public")  # an unticked box sends nothing: the item keeps what it was
    client.post(reverse("kennisbank:edit", args=[solution.pk]), data)
    solution.refresh_from_db()
    assert solution.is_public


def test_coordinator_makes_an_item_public(client, network, sector, coordinator):
    solution = item(network, sector, title="Buddy")
    client.force_login(coordinator)
    edit = reverse("kennisbank:edit", args=[solution.pk])
    assert 'name="is_public"' in client.get(edit).content.decode()
    assert client.post(edit, _form_data(solution, is_public="on")).status_code == 302
    solution.refresh_from_db()
    assert solution.is_public and solution.status == Solution.Status.PUBLISHED
    assert titles(AnonymousUser(), q="buddy") == ["Buddy"]


def test_coordinator_edit_of_a_published_item_runs_the_privacy_check(
    client, network, sector, coordinator
):
    solution = item(network, sector, title="Buddy", is_public=True)
    client.force_login(coordinator)
    edit = reverse("kennisbank:edit", args=[solution.pk])
    response = client.post(edit, _form_data(solution, body=LEAK))
    assert response.status_code == 422
    html = response.content.decode()
    assert "De privacycheck vond" in html and "06-12345678" in html
    assert "piet@voorbeeld.nl" in html  # what was typed stays in the form
    solution.refresh_from_db()
    assert solution.body == ""  # nothing half-written

    response = client.post(edit, _form_data(solution, body=LEAK, privacy_confirmed="on"))
    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.body == LEAK and solution.status == Solution.Status.PUBLISHED


def test_coordinator_of_another_network_is_no_moderator_here(
    network, sector, facilitator, other_coordinator
):
    solution = item(network, sector, title="Buddy")
    with pytest.raises(ValidationError, match="coördinator"):
        services.solution_update(solution=solution, user=other_coordinator, is_public=True)
