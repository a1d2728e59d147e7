"""The platform's roles as Django groups, and the permissions each one holds."""

from django.contrib.auth.management import create_permissions

FOCAL_POINTS = "Focal points"
TECHNICAL_SECRETARIAT = "Technical secretariat"
CEAM_SECRETARIAT = "CEAM secretariat"

VOCABULARY_MODELS = ["theme", "targetpopulation", "gcmobjective", "regionalforum"]

INITIATIVE_EDITING = [
    f"initiatives.{action}_{model}"
    for model in ["initiative", "initiativelink", "initiativedocument", "systemreference"]
    for action in ("view", "add", "change")
] + [
    "initiatives.delete_initiativelink",
    "initiatives.delete_initiativedocument",
    "initiatives.delete_systemreference",
]

# app_label.codename; a codename whose model does not exist yet is skipped until it does.
ROLE_PERMISSIONS = {
    FOCAL_POINTS: [
        "network.view_country",
        "network.view_institution",
        "network.add_institution",
        "network.change_institution",
        "network.view_focalpoint",
        *[f"network.view_{model}" for model in VOCABULARY_MODELS],
        *INITIATIVE_EDITING,
        # meetings (issue 9): register and withdraw the country's own delegates
        "meetings.view_registration",
        "meetings.add_registration",
        "meetings.change_registration",
    ],
    TECHNICAL_SECRETARIAT: [
        "network.act_for_all_countries",
        *[
            f"network.{action}_{model}"
            for model in ["country", "institution", "focalpoint", *VOCABULARY_MODELS]
            for action in ("view", "add", "change", "delete")
        ],
        *INITIATIVE_EDITING,
        "initiatives.publish_initiative",
        "initiatives.delete_initiative",
        "initiatives.view_statechange",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "core.view_outboundemail",
        "core.change_outboundemail",  # to retry failed emails; every field stays read-only
        # meetings (issue 9): the secretariat runs them
        "meetings.run_meeting",
        *[
            f"meetings.{action}_{model}"
            for model in [
                "meeting",
                "session",
                "registration",
                "perdiemrate",
                "serviceline",
                "budgetline",
                "meetingdocument",
            ]
            for action in ("view", "add", "change", "delete")
        ],
    ],
    CEAM_SECRETARIAT: [
        "network.act_for_all_countries",
        *[f"network.view_{model}" for model in ["country", "institution", "focalpoint", *VOCABULARY_MODELS]],
    ],
}

# Which role groups a member of a role may put accounts in (superusers: any group). The
# technical secretariat opens focal points' accounts; nobody but a superuser grants a secretariat role.
GRANTABLE_GROUPS = {
    TECHNICAL_SECRETARIAT: [FOCAL_POINTS],
}


def groups_grantable_by(user):
    """The groups `user` may give to or take from an account, as a Group queryset."""
    from django.contrib.auth.models import Group

    if user.is_active and user.is_superuser:
        return Group.objects.all()
    roles = user.groups.values_list("name", flat=True) if user.is_active else []
    return Group.objects.filter(name__in={name for role in roles for name in GRANTABLE_GROUPS.get(role, [])})


def sync_role_groups(apps) -> None:
    """Create the role groups and grant them their permissions; adds, never removes (idempotent)."""
    from django.apps import apps as global_apps

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = [tuple(perm.split(".")) for perm in perms]
        existing = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        ).select_related("content_type")
        group.permissions.add(*[p for p in existing if (p.content_type.app_label, p.codename) in wanted])
