"""Indicators, measurements and progress reports: recorded by the project's countries once approved,
shown against target on the project page."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchanges import project_services as services
from exchanges.models import Measurement, ProgressReport, Project, ReportDocument

from .project_factories import IndicatorFactory, ProjectFactory, walk_to

pytestmark = pytest.mark.django_db
State = Project.State


@pytest.fixture
def running(focal_point_gt, ceam_user):
    return walk_to(
        ProjectFactory(), State.IN_EXECUTION, focal_point_user=focal_point_gt.user, ceam_user=ceam_user
    )


@pytest.mark.parametrize(
    ("baseline", "target", "value", "percent"),
    [(0, 40, 10, 25), (0, 40, 50, 100), (0, 40, -3, 0), (60, 20, 30, 75), (0, 40, None, 0)],
)
def test_progress_is_the_share_of_the_way_from_baseline_to_target(baseline, target, value, percent):
    indicator = IndicatorFactory.build(baseline=Decimal(baseline), target=Decimal(target))

    assert indicator.progress(value) == percent


def test_a_focal_point_records_a_measurement_with_its_source(running, focal_point_gt):
    indicator = IndicatorFactory(project=running)

    services.add_measurement(
        indicator,
        by=focal_point_gt.user,
        measured_on=date(2026, 6, 1),
        value=Decimal(12),
        source="Registro del INM",
    )

    assert list(indicator.measurements.values_list("value", "source")) == [
        (Decimal("12.00"), "Registro del INM")
    ]


def test_a_second_value_on_the_same_day_is_refused_with_a_message(running, focal_point_gt):
    indicator = IndicatorFactory(project=running)
    services.add_measurement(
        indicator, by=focal_point_gt.user, measured_on=date(2026, 6, 1), value=1, source="A"
    )

    with pytest.raises(ValidationError):
        services.add_measurement(
            indicator, by=focal_point_gt.user, measured_on=date(2026, 6, 1), value=2, source="B"
        )

    assert Measurement.objects.count() == 1


def test_no_measurement_before_approval_nor_by_another_country(focal_point_gt):
    from tests.factories import FocalPointFactory, InstitutionFactory, country

    draft_indicator = IndicatorFactory()
    outsider = FocalPointFactory(institution=InstitutionFactory(country=country("CO")))

    with pytest.raises(PermissionDenied):
        services.add_measurement(
            draft_indicator, by=focal_point_gt.user, measured_on=date(2026, 1, 1), value=1, source="A"
        )
    with pytest.raises(PermissionDenied):
        services.add_measurement(
            draft_indicator, by=outsider.user, measured_on=date(2026, 1, 1), value=1, source="A"
        )


def test_the_project_page_shows_indicators_against_target_as_a_table_and_a_bar(
    client, running, focal_point_gt
):
    indicator = IndicatorFactory(project=running, name="Funcionarios capacitados", baseline=0, target=40)
    services.add_measurement(
        indicator, by=focal_point_gt.user, measured_on=date(2026, 5, 1), value=8, source="Listas"
    )
    services.add_measurement(
        indicator, by=focal_point_gt.user, measured_on=date(2026, 6, 1), value=30, source="Listas"
    )

    response = client.get(running.get_absolute_url())

    [shown] = response.context["indicators"]
    assert (shown.latest.value, shown.percent) == (Decimal("30.00"), 75)
    text = response.content.decode()
    assert f'<meter min="0" max="100" value="75" aria-labelledby="indicator-{indicator.pk}">' in text
    assert "Funcionarios capacitados" in text


def test_the_measurement_form_refuses_bad_input_on_the_field(client, running, focal_point_gt):
    indicator = IndicatorFactory(project=running)
    client.force_login(focal_point_gt.user)

    response = client.post(
        reverse("exchanges:measurement_add", args=[running.pk]),
        {"indicator": indicator.pk, "measured_on": "ayer", "value": "mucho", "source": ""},
    )

    form = response.context["measurement_form"]
    assert response.status_code == 400
    assert set(form.errors) == {"measured_on", "value", "source"}
    assert Measurement.objects.count() == 0


def test_the_measurement_form_accepts_only_this_projects_indicators(client, running, focal_point_gt):
    elsewhere = IndicatorFactory()
    client.force_login(focal_point_gt.user)

    response = client.post(
        reverse("exchanges:measurement_add", args=[running.pk]),
        {"indicator": elsewhere.pk, "measured_on": "2026-06-01", "value": "3", "source": "A"},
    )

    assert response.status_code == 400
    assert "indicator" in response.context["measurement_form"].errors


def test_a_progress_report_with_a_checked_document(client, running, focal_point_gt, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_gt.user)
    pdf = SimpleUploadedFile("informe.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    response = client.post(
        reverse("exchanges:report_add", args=[running.pk]),
        {"period_end": "2026-06-30", "text": "Se hicieron dos talleres.", "title": "Informe", "file": pdf},
    )

    assert response.status_code == 302
    document = ReportDocument.objects.get()
    assert (document.report.text, document.content_type) == ("Se hicieron dos talleres.", "application/pdf")
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200


def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_saved(
    client, running, focal_point_gt, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(focal_point_gt.user)
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(
        reverse("exchanges:report_add", args=[running.pk]),
        {"period_end": "2026-06-30", "text": "Texto", "title": "Informe", "file": fake},
    )

    assert response.status_code == 400
    assert "file" in response.context["document_form"].errors
    assert ProgressReport.objects.count() == 0
    assert list(tmp_path.iterdir()) == []
