"""The merge page's forms: starting the draft, and each change to it."""

from ..forms import AnchorField, IdField, NumberField, PageForm, text_field


class StartDraftForm(PageForm):
    # Which theme sets there are, and whether the themes given are enough, is drafting.start_draft's to say.
    theme_set = text_field()
    own_themes = text_field()
    title = text_field()
    area = text_field()


class DraftChangeForm(PageForm):
    """What any change on the merge page may send; each change reads the fields it needs."""

    theme_id = IdField()
    statement_id = IdField()
    card_id = IdField()
    rewording_id = IdField()
    position = NumberField()
    direction = text_field()
    text = text_field()
    question = text_field()
    title = text_field()
    area = text_field()
    commitment = text_field()
    definitions = text_field()
    signatories = text_field()
    return_to = AnchorField(default="")
