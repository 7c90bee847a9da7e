from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.organizations.service import time_zones


class SettingsForm(FlaskForm):
    name = StringField(
        _l("Name (Japanese)"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The company's name as it writes it, e.g. 山田精工株式会社."),
    )
    name_en = StringField(
        _l("Name (English)"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "Shown to English readers, e.g. Yamada Seiko Co., Ltd. Leave empty to use the Japanese name."
        ),
    )
    sites = TextAreaField(
        _l("Sites"),
        validators=[Optional(), Length(max=4000)],
        description=_l(
            "One plant or site per line, e.g. 本社工場. They are offered wherever a site is typed."
        ),
        render_kw={"rows": 4},
    )
    timezone = SelectField(
        _l("Time zone"),
        description=_l("Times on every page are shown in this zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = [(zone, zone) for zone in time_zones()]
