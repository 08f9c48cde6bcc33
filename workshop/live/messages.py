"""What the live screens send, as schemas: checked by the adapters before the domain sees it.

An operation comes over Socket.IO from the phone's queue, or from the phone's
plain form when scripts cannot run; both check it against `Operation`. A
connection's `auth` object is checked against `ConnectionAuth`. Only the
fields named are read, as the types named: anything else in a message is
ignored, so how deeply it nests does not matter. An event that cannot be
read at all is given to the handlers as the event UNREADABLE
(`ReadablePacket`), so that it is answered too. The protocol is
docs/realtime.md.
"""

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field
from socketio import packet

from ..errors import DomainError
from ..validation import INT_MAX, Id, Schema, Text, validated
from .operations import KINDS, OPERATION_ID_MAX, OPERATION_ID_MIN

# Longer than any tag value or note column.
WORD_MAX = 20
# Longer than any join code, role or projector key.
AUTH_TEXT_MAX = 100

INVALID_OPERATION = "invalid_operation"


class Operation(Schema):
    """One thing a participant does (docs/realtime.md, "operation"); each kind reads the fields it needs."""

    id: Annotated[str, Field(min_length=OPERATION_ID_MIN, max_length=OPERATION_ID_MAX)]
    kind: Literal[KINDS]
    board_id: Id | None = None
    statement_id: Id | None = None
    card_id: Id | None = None
    comment_id: Id | None = None
    note_id: Id | None = None
    outcome_id: Id | None = None
    value: Annotated[str, Field(max_length=WORD_MAX)] | None = None
    column: Annotated[str, Field(max_length=WORD_MAX)] | None = None
    text: Text | None = None
    supported: bool = True


def checked_operation(data: Any) -> dict:
    """The operation's fields for live.operations.apply_operation, or a DomainError("invalid_operation")."""
    if not isinstance(data, dict):
        raise DomainError(INVALID_OPERATION, "Send each action as an object with an id and a kind.")
    operation = validated(Operation, data, INVALID_OPERATION, "That action could not be read: ", "the action")
    return operation.model_dump()


def _text_or_nothing(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= AUTH_TEXT_MAX else None


def _id_or_refused(value: Any) -> int | None:
    """A review's id as given; anything else given as 0, which names no review and so is refused."""
    if value is None:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= INT_MAX else 0


# Anything that is not text of a sensible length is taken as not given, and so
# refused as docs/realtime.md says: no workshop by that code, or not allowed.
AuthText = Annotated[str | None, BeforeValidator(_text_or_nothing)]


class ConnectionAuth(Schema):
    """The `auth` object a screen connects with (docs/realtime.md, "Connecting")."""

    workshop: AuthText = None
    role: AuthText = None
    key: AuthText = None
    # A review's results screen (the facilitator's or the projector's): that review's updates only.
    review: Annotated[int | None, BeforeValidator(_id_or_refused)] = None


def checked_auth(auth: Any) -> ConnectionAuth:
    return ConnectionAuth.model_validate(auth if isinstance(auth, dict) else {})


# The name given to an event that could not be read (live/events.py answers it).
UNREADABLE = "unreadable"


class ReadablePacket(packet.Packet):
    """Socket.IO's packet, except that an event that is not JSON, or not [name, ...], is still an event.

    Socket.IO reads the packet's header (its type and acknowledgement id)
    before its JSON; JSON nested thousands deep raises RecursionError. Left
    alone, such an event would raise inside python-socketio and never be
    answered, and a phone would send it again for ever.
    """

    def decode(self, encoded_packet):
        try:
            attachments = super().decode(encoded_packet)
        except (ValueError, RecursionError):
            if self.packet_type == packet.EVENT:
                self.data = [UNREADABLE]
            elif self.packet_type == packet.CONNECT:
                # A number given as `auth` reads as an acknowledgement id and a JSON remainder ("01.0"):
                # no auth that can be read, so the screen is refused like one that gave none.
                self.id = None
                self.data = None
            else:
                raise
            return 0
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT) and not (
            isinstance(self.data, list) and self.data and isinstance(self.data[0], str)
        ):
            self.data = [UNREADABLE]
        return attachments
