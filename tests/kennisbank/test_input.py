"""Bad input on the kennisbank's forms: too long, HTML and script, someone else's item."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kennisbank.models import Solution
from kennisbank.text import render_markdown
from praktijktafel.models import Role
from tests.factories import NetworkFactory, member
from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db


def test_long_title_and_huge_body_get_dutch_errors_and_keep_the_text(
    client, network, sector, facilitator
):
    client.force_login(facilitator)
    data = {
        "title": "T" * 10_000,
        "summary": "Samenvatting",
        "body": "x" * 1_000_000,
        "sectors": [sector.pk],
    }
    response = client.post(reverse("kennisbank:write"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "De titel is hoogstens 200 tekens" in html
    assert "De tekst is hoogstens 20000 tekens" in html
    assert 'value="Samenvatting"' in html
    assert not Solution.objects.exists()


def test_html_and_script_are_neutralised(client, network, sector, ondernemer):
    solution = item(
        network,
        sector,
        title="<script>alert(1)</script>",
        summary='<img src=x onerror="alert(1)">',
        body="Hallo <script>alert(2)</script> [klik](javascript:alert(3)) **vet**",
    )
    client.force_login(ondernemer)
    html = client.get(reverse("kennisbank:detail_short", args=[solution.pk]), follow=True)
    text = html.content.decode()
    assert "<script>alert" not in text and "<img src=x" not in text  # text, not markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "javascript:" not in text and "<strong>vet</strong>" in text
    assert "<script" not in render_markdown("<script>x</script>")


def test_other_network_writer_cannot_edit(client, network, sector):
    solution = item(network, sector, publish=False)
    stranger = member(NetworkFactory(), Role.FACILITATOR)
    client.force_login(stranger)
    assert client.get(reverse("kennisbank:edit", args=[solution.pk])).status_code == 404


def test_too_many_or_too_long_tags_get_a_dutch_error_not_a_silent_cut(
    client, network, sector, coordinator
):
    client.force_login(coordinator)
    data = {"title": "Tags", "summary": "Kort.", "sectors": [sector.pk], "themes": ["behouden"]}
    many = ", ".join(f"tag{i}" for i in range(13))
    response = client.post(reverse("kennisbank:write"), {**data, "tags": many})
    assert response.status_code == 422
    assert "Hoogstens 12 tags" in response.content.decode() and "tag12" in response.content.decode()
    long_tag = "heel-lang-" * 5
    response = client.post(reverse("kennisbank:write"), {**data, "tags": f"buddy, {long_tag}"})
    assert response.status_code == 422
    assert "Een tag is hoogstens 40 tekens" in response.content.decode()
    assert not Solution.objects.exists()


def test_service_refuses_links_too_long_before_any_work(network, facilitator):
    from django.core.exceptions import ValidationError

    from kennisbank import services

    with pytest.raises(ValidationError, match="hoogstens 3000"):
        services.solution_create(
            network=network, user=facilitator, title="T", summary="S", links="x" * 3_001
        )
    assert not Solution.objects.exists()
