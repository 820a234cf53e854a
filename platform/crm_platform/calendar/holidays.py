"""Official public holidays and make-up working days (China's, from the chinese-calendar package)."""
from datetime import date

HOLIDAY = "holiday"
MAKE_UP_DAY = "workday"


class HolidayDataMissing(LookupError):
    """The official calendar has no data for a year, so business time there cannot be known.

    Raised rather than guessing a year of plain weekends: China announces each
    year's holidays and make-up days in the previous November, and the package
    learns them with a new release.
    """

    def __init__(self, year, covered):
        first, last = covered
        super().__init__(f"no official holiday data for {year}; the calendar covers {first}-{last}")
        self.year = year
        self.covered = covered


def china_covered_years():
    """The (first, last) years chinese-calendar knows."""
    from chinese_calendar import constants
    return min(constants.holidays).year, max(constants.holidays).year


def china_day_kind(day: date):
    """HOLIDAY, MAKE_UP_DAY or None (an ordinary day) in China's official calendar; HolidayDataMissing outside it."""
    import chinese_calendar
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        raise HolidayDataMissing(day.year, china_covered_years()) from None
    if name is None:
        return None  # an ordinary weekday or weekend
    return HOLIDAY if is_holiday else MAKE_UP_DAY


def no_official_days(day: date):
    """No public holidays at all (the "none" source): every day is an ordinary day."""
    return None


SOURCES = {"CN": china_day_kind, "none": no_official_days}
