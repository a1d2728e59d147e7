from datetime import timedelta

from django.utils import timezone

from core.models import OutboundEmail
from core.tasks import send_outbox_task
from initiatives.models import Initiative
from initiatives.tasks import send_stale_reminders_task
from tests.factories import InitiativeFactory


def test_focal_points_get_one_reminder_listing_their_stale_records(
    smtp_outbox, focal_point_mx, focal_point_gt
):
    old = timezone.localdate() - timedelta(days=400)
    first = InitiativeFactory(
        title_es="Registro viejo A", lead_country=focal_point_mx.country, last_verified_on=old
    )
    InitiativeFactory(title_es="Registro viejo B", lead_country=focal_point_mx.country, last_verified_on=old)
    InitiativeFactory(title_es="Registro al día", lead_country=focal_point_mx.country)

    countries_reminded = send_stale_reminders_task.apply().get()
    again = send_stale_reminders_task.apply().get()
    send_outbox_task.apply()

    [message] = smtp_outbox
    body = message.get_content()
    assert (countries_reminded, again) == (1, 0)
    assert message["To"] == focal_point_mx.user.email
    assert "Registro viejo A" in body
    assert "Registro viejo B" in body
    assert "Registro al día" not in body
    assert Initiative.objects.get(pk=first.pk).stale_reminder_sent_on == timezone.localdate()


def test_a_record_is_reminded_again_only_after_another_period(smtp_outbox, focal_point_mx):
    initiative = InitiativeFactory(
        lead_country=focal_point_mx.country, last_verified_on=timezone.localdate() - timedelta(days=800)
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        stale_reminder_sent_on=timezone.localdate() - timedelta(days=100)
    )

    assert send_stale_reminders_task.apply().get() == 0
    Initiative.objects.filter(pk=initiative.pk).update(
        stale_reminder_sent_on=timezone.localdate() - timedelta(days=366)
    )
    assert send_stale_reminders_task.apply().get() == 1
    send_outbox_task.apply()
    assert len(smtp_outbox) == 1


def test_a_reminder_is_queued_in_the_outbox_in_the_focal_points_language(focal_point_mx):
    focal_point_mx.language = "fr"
    focal_point_mx.save()
    InitiativeFactory(
        title_fr="Guichet d'accueil",
        lead_country=focal_point_mx.country,
        last_verified_on=timezone.localdate() - timedelta(days=400),
    )

    send_stale_reminders_task.apply()

    row = OutboundEmail.objects.get()
    assert (row.to, row.language, row.status) == (
        focal_point_mx.user.email,
        "fr",
        OutboundEmail.Status.QUEUED,
    )
    assert row.about == f"network.country:{focal_point_mx.country_id}"
    assert "Guichet d'accueil" in row.body


def test_verifying_clears_the_flag(client, focal_point_mx):
    initiative = InitiativeFactory(
        lead_country=focal_point_mx.country, last_verified_on=timezone.localdate() - timedelta(days=400)
    )
    client.force_login(focal_point_mx.user)

    client.post(f"/es/initiatives/{initiative.pk}/actions/verify/")

    initiative.refresh_from_db()
    assert initiative.is_stale is False
    assert [v.by for v in initiative.verifications.all()] == [focal_point_mx.user]
