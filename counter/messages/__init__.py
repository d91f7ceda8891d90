"""Messages to citizens: what each event says, in the citizen's language, measured as Korean carriers
count a text message. Pure: no database, no sending (the outbox and the gateway live elsewhere)."""

from counter.messages.templates import MESSAGE_EVENTS, REPORTS, RenderedMessage, render_message

__all__ = ["MESSAGE_EVENTS", "REPORTS", "RenderedMessage", "render_message"]
