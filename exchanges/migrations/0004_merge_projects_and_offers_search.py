# Joins the two branches of the exchanges migrations written side by side: the projects and the fund
# (0002_projects) and the offers' search indexes (0003_offers_search_indexes). Both start at 0001.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0002_projects"),
        ("exchanges", "0003_offers_search_indexes"),
    ]

    operations = []
