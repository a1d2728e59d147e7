from datetime import timedelta

from django.utils import timezone

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
    assert len(smtp_outbox) == 1


def test_verifying_clears_the_flag(client, focal_point_mx):
    initiative = InitiativeFactory(
        lead_country=focal_point_mx.country, last_verified_on=timezone.localdate() - timedelta(days=400)
    )
    client.force_login(focal_point_mx.user)

    client.post(f"/es/initiatives/{initiative.pk}/actions/verify/")

    initiative.refresh_from_db()
    assert initiative.is_stale is False
    assert [v.by for v in initiative.verifications.all()] == [focal_point_mx.user]
