from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length


class LanguageForm(FlaskForm):
    language = StringField(validators=[DataRequired(), Length(max=5)])
    next = HiddenField()
