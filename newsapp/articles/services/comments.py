"""A discussion per sentence: translator and editor comment, and @mention each other.

A mention is ``@username`` of a desk user (a translator or an editor), not preceded by a word
character (so an e-mail address is not a mention). Each mentioned user other than the author
is announced with the ``segment.mentioned`` event after the comment commits; the
notifications app may subscribe to it (this module tells nobody itself). A mention of
someone who is not on the desk is refused with a message, so a typo never goes unnoticed.
Comments change no text, so they are allowed on approved articles too.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from newsapp.articles.models import Segment, SegmentComment
from newsapp.articles.selectors.comments import desk_users_named
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.core.users import actor

COMMENT_MAX_CHARS = 2000

#: ``@`` then a Django username (letters, digits, ``.@+-_``), not ending in punctuation.
MENTION_RE = re.compile(r"(?<![\w@.+-])@(\w(?:[\w.+-]*\w)?)")


def mentioned_names(text: str) -> list[str]:
    """The usernames ``text`` @mentions, each once, in order of first mention."""
    return list(dict.fromkeys(MENTION_RE.findall(text)))


def segment_comment_add(*, segment_id: int, user: object, text: str) -> SegmentComment:
    """Add a comment to a sentence's thread and announce its mentions."""
    text = "\n".join(line.rstrip() for line in (text or "").strip().splitlines())
    if not text:
        raise ServiceError(_("The comment is empty."))
    if len(text) > COMMENT_MAX_CHARS:
        raise ServiceError(
            _("A comment may have at most %(limit)s characters.")
            % {"limit": f"{COMMENT_MAX_CHARS:,}"}
        )
    author = actor(user)
    segment = Segment.objects.select_related("translation").get(pk=segment_id)
    names = mentioned_names(text)
    users = desk_users_named(names=names)
    unknown = [name for name in names if name.casefold() not in users]
    if unknown:
        listed = ", ".join(f"@{name}" for name in unknown)
        raise ServiceError(
            _(
                "Nobody on the desk is called %(names)s: mention a translator or an editor by "
                "their username."
            )
            % {"names": listed}
        )
    mentioned = [users[name.casefold()] for name in names]
    with transaction.atomic():
        comment = SegmentComment.objects.create(
            segment=segment, author=author, text=text,
            mentions=[account.get_username() for account in mentioned],
        )  # fmt: skip
        for account in mentioned:
            if author is not None and account.pk == author.pk:
                continue  # nobody is told about their own mention
            events.emit(
                "segment.mentioned",
                comment_id=comment.pk,
                segment_id=segment.pk,
                translation_id=segment.translation_id,
                article_id=segment.translation.article_id,
                user_id=account.pk,
                by=author.get_username() if author else "",
            )
    return comment
