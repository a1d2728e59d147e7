"""Safe Markdown: the subset records may use, rendered to HTML that nh3 has cleaned of every
script, handler and unknown tag. Records store the result when saved (see initiatives.rendering)."""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "code", "pre"}


def render_markdown(text: str | None) -> str:
    """The sanitised HTML of `text` (a plain string: mark it safe where it is shown)."""
    html = markdown_lib.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
