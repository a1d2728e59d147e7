"""Django template comments `{# #}` end at the line's end: one spread over several lines is
printed on the page. `{% comment %}` is the form for longer ones."""

from pathlib import Path

from django.conf import settings


def test_no_template_opens_a_one_line_comment_it_does_not_close_on_that_line():
    open_comments = []
    for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.count("{#") > line.count("#}"):
                open_comments.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    for path in Path(settings.BASE_DIR, "templates").glob("**/*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.count("{#") > line.count("#}"):
                open_comments.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")

    assert open_comments == []
