from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from campaign.core.forms import max_length, required


class LanguageForm(FlaskForm):
    language = StringField(validators=[required(), max_length(5)])
    next = HiddenField()
