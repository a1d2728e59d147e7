# Register your models here.

from . import fund_admin, project_admin  # noqa: F401  (projects and fund: their own modules)
