"""The merge page's forms: starting the draft, and each change to it."""

import re

from wtforms import StringField

from ..forms import NOT_ON_THE_PAGE, AnchorField, IdField, IdListField, NumberField, PageForm, text_field
from ..validation import INT_MAX


class WordingField(StringField):
    """Which wording a merged suggestion is placed with: ("statement", id) as a charter wrote it, or
    ("rewording", id), one of the room's; None when the form leaves it out."""

    CHOICE = re.compile(r"^(statement|rewording):([1-9][0-9]{0,9})$")

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0]:
            match = self.CHOICE.match(valuelist[0])
            if match is None or int(match[2]) > INT_MAX:
                raise ValueError(NOT_ON_THE_PAGE)
            self.data = (match[1], int(match[2]))


class StartDraftForm(PageForm):
    # Which theme sets there are, and whether the themes given are enough, is drafting.start_draft's to say.
    theme_set = text_field()
    own_themes = text_field()
    title = text_field()
    area = text_field()
    # "yes" to draft from the room's results at once.
    auto = text_field()


class DraftChangeForm(PageForm):
    """What any change on the merge page may send; each change reads the fields it needs."""

    theme_id = IdField()
    statement_id = IdField()
    # Near-duplicates from other charters to merge into the statement placed.
    also_statement_ids = IdListField()
    wording = WordingField()
    card_id = IdField()
    rewording_id = IdField()
    position = NumberField()
    majority = NumberField()
    direction = text_field()
    text = text_field()
    question = text_field()
    title = text_field()
    area = text_field()
    commitment = text_field()
    definitions = text_field()
    signatories = text_field()
    return_to = AnchorField(default="")
